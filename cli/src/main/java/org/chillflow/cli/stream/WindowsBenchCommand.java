package org.chillflow.cli.stream;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.chillflow.core.stream.window.StreamPulseFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chillflow stream bench-windows}: one replay of a StreamPulse file through a running server, then its
 * 1-minute windows read back from the API, for {@code make bench-windows}. Two latencies per window:
 * <ul>
 * <li><b>close</b>: from the moment the watermark of the window's partition passed the window's close (end + allowed
 * lateness), computed from the records sent as the server computes it (that partition's highest event time minus the
 * bound: the server closes a partition's windows by its own watermark; the time the record that moved it there was
 * handed to the producer), to the window's {@code finalAt}. Windows made final because the source went quiet (the last
 * ones of a replay) are counted apart;</li>
 * <li><b>update</b>: from the window's last event being handed to the producer to the window's {@code updatedAt}
 * (the write that reflected it).</li>
 * </ul>
 * And the aggregator's rate: the events over the time from the first one handed to the producer to the last window
 * update. Both clocks are this machine's (the server runs here). The server shares the machine with this process:
 * while it works through the replay, the probe asks only for each zone's latest window (until it is final) and the
 * figures are computed after the windows were read, so the measuring costs the server as little as it can. With
 * {@code --serve} one process makes many replays (the load generator's code compiled and its producer connected, as the
 * server's are after its warm-up replays); each replay records the CPU its sending took ({@code send_cpu_seconds}) and
 * when its clock started and ended (epoch millis, to set beside other measurements of the machine).
 */
@Command(mixinStandardHelpOptions = true, name = "bench-windows", description = "Benchmark the zone windows: replay a StreamPulse file through a"
        + " running server, then measure window-close and window-update latency from the API (make bench-windows)")
public class WindowsBenchCommand implements Callable<Integer> {

    private static final long MINUTE = 60_000;

    @Option(names = "--file", required = true)
    Path file;

    @Option(names = "--speed", description = "pace by event time (default: as fast as possible)")
    Double speed;

    @Option(names = "--api", defaultValue = "http://localhost:9380")
    String api;

    @Option(names = "--user", defaultValue = "viewer")
    String user;

    @Option(names = "--password", defaultValue = "${env:CHILLFLOW_VIEWER_PASSWORD:-viewer}")
    String password;

    @Option(names = "--bound", defaultValue = "PT5M", description = "the server's chillflow.windows.bound")
    Duration bound;

    @Option(names = "--lateness", defaultValue = "PT1M", description = "the server's chillflow.windows.allowed-lateness")
    Duration lateness;

    @Option(names = "--partitions", defaultValue = "3", description = "zone-events partitions")
    int partitions;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "how long to wait for every window to be final")
    Duration timeout;

    @Option(names = "--out", description = "JSON result file (required unless --serve)")
    Path out;

    @Option(names = "--serve", description = "replay many times from this one process: read one replay per line from"
            + " standard input, 'OUT [SPEED]' (the JSON result file, the pace; none: as fast as possible), and answer"
            + " each with its figures and a line 'done CODE'; the producers stay open between replays. make"
            + " bench-windows runs its replays so, the load generator as warm as the server it measures")
    boolean serve;

    private final HttpClient http = HttpClient.newHttpClient();
    /** {@code --serve}: the file's events, read by the first replay. */
    private StreamPulseFile.Prepared prepared;

    @Override
    public Integer call() throws Exception {
        if (!serve) {
            if (out == null) {
                System.err.println("--out is required (unless --serve)");
                return 2;
            }
            return measure(out, speed, null);
        }
        if (out != null || speed != null) {
            System.err.println("with --serve each line names its result file and pace ('OUT [SPEED]'), not --out or --speed");
            return 2;
        }
        // one producer per pace kind (linger 10 ms as fast as possible, none paced), kept between replays
        Map<Boolean, KafkaProducer<String, String>> producers = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int code;
                try {
                    Request request = Request.parse(line);
                    KafkaProducer<String, String> producer = producers.computeIfAbsent(request.pace() == null,
                            fast -> ReplayCommand.StreamPulse.producer(request.pace()));
                    code = measure(request.out(), request.pace(), producer);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    code = 2;
                } catch (Exception e) {
                    // one failed replay (Kafka, the API) is answered as failed; the process stays for the next line
                    System.err.println("the replay failed: " + e);
                    code = 1;
                }
                System.out.println("done " + code);
                System.out.flush();
            }
        } finally {
            producers.values().forEach(KafkaProducer::close);
        }
        return 0;
    }

    /** One line of {@code --serve}: {@code OUT [SPEED]}, the JSON result file and the pace (null: as fast as possible). */
    record Request(Path out, Double pace) {

        static Request parse(String line) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 2) {
                throw new IllegalArgumentException("expected 'OUT [SPEED]', got " + words.length + " words");
            }
            Double pace = null;
            if (words.length == 2) {
                try {
                    pace = Double.valueOf(words[1]);
                } catch (NumberFormatException e) {
                    pace = Double.NaN;
                }
                if (!(pace > 0) || pace.isInfinite()) {
                    throw new IllegalArgumentException("SPEED must be a positive factor, was '" + words[1] + "'");
                }
            }
            return new Request(Path.of(words[0]), pace);
        }
    }

    /**
     * One replay of {@link #file} at {@code pace} (null: as fast as possible) and its figures written to
     * {@code result}; {@code producer}: the one to send with (null: a new one for this replay).
     */
    private int measure(Path result, Double pace, KafkaProducer<String, String> producer) throws Exception {
        ReplayCommand.StreamPulse replay = new ReplayCommand.StreamPulse();
        replay.file = file;
        replay.speed = pace;
        replay.topic = "zone-events";
        int code;
        if (producer == null) {
            code = replay.call();
        } else {
            replay.source = ReplayCommand.StreamPulse.newSource(file);
            if (prepared == null) {
                prepared = StreamPulseFile.read(file, false); // the same file every replay: read it once
            }
            code = replay.send(producer, prepared, replay.ready(producer)) == 0 ? 0 : 1;
            System.out.printf("replay %s: sent %,d to %s%n", replay.source, replay.sent.size(), replay.topic);
        }
        if (code != 0) {
            return code;
        }
        List<ReplayCommand.Sent> sent = replay.sent;
        long firstSent = sent.get(0).sentAtMillis();
        long lastSent = sent.get(sent.size() - 1).sentAtMillis();

        // read the windows back once every one is final. While the server works through the burst the probe stays
        // light: it asks for each zone's latest window only (one small request every 200 ms), and reads a zone's whole
        // timeline once that window is final; the figures below are computed after that, so this process does not
        // compete for the cores with the server it measures.
        java.util.Set<Integer> regionIds = new java.util.TreeSet<>();
        for (ReplayCommand.Sent s : sent) {
            regionIds.add(s.outgoing().event().regionId());
        }
        List<JsonObject> windows = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        long lastFinal = 0;
        for (int region : regionIds) {
            while (!latestFinal(region)) {
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("region " + region + ": its latest window is not final after " + timeout);
                    return 1;
                }
                Thread.sleep(200);
            }
            while (true) {
                JsonObject timeline = get("/api/metrics/timeline/" + region + "?hours=168&window=1m");
                List<JsonObject> all = timeline.getJsonArray("windows").stream().map(v -> v.asJsonObject()).toList();
                long expected = expectedWindows(sent, region);
                if (all.size() == expected && all.stream().allMatch(w -> w.getBoolean("final"))) {
                    windows.addAll(all);
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("region " + region + ": " + all.size() + " of " + expected + " windows, not all final after " + timeout);
                    return 1;
                }
                Thread.sleep(500);
            }
        }
        // per 1m window: when its last event went, and when the watermark of its partition passed its close
        Map<String, Long> lastEventSent = new HashMap<>();
        for (ReplayCommand.Sent s : sent) {
            lastEventSent.merge(window(s), s.sentAtMillis(), Math::max);
        }
        Map<String, Long> passedAt = watermarkPassed(sent, partitions, bound, lateness);

        List<Long> close = new ArrayList<>();
        List<Long> update = new ArrayList<>();
        int closedByQuiet = 0;
        long lastUpdate = 0;
        for (JsonObject w : windows) {
            long updatedAt = Instant.parse(w.getString("updatedAt")).toEpochMilli();
            lastUpdate = Math.max(lastUpdate, updatedAt);
            long start = Instant.parse(w.getString("windowStart")).toEpochMilli();
            long finalAt = Instant.parse(w.getString("finalAt")).toEpochMilli();
            lastFinal = Math.max(lastFinal, finalAt);
            String window = window(w.getInt("regionId"), start);
            Long passed = passedAt.get(window);
            if (passed == null) {
                closedByQuiet++;
            } else {
                close.add(finalAt - passed);
            }
            Long last = lastEventSent.get(window);
            update.add(updatedAt - last);
        }
        long[] closeSorted = close.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] updateSorted = update.stream().mapToLong(Long::longValue).sorted().toArray();
        double sendSeconds = (lastSent - firstSent) / 1000.0;
        // the aggregator's rate end to end: from the first event handed to the producer to the last window update
        double processSeconds = (lastUpdate - firstSent) / 1000.0;
        String json = String.format(java.util.Locale.ROOT, "{\"file\":\"%s\",\"mode\":\"%s\",\"events\":%d,\"send_seconds\":%.3f,"
                + "\"send_cpu_seconds\":%.3f,\"first_sent_epoch_ms\":%d,\"last_update_epoch_ms\":%d,"
                + "\"sent_events_per_s\":%.0f,\"processed_seconds\":%.3f,\"processed_events_per_s\":%.0f,\"windows_1m\":%d,"
                + "\"close_latency_ms\":{\"windows\":%d,\"p50\":%d,\"p99\":%d,\"max\":%d},\"closed_by_quiet_source\":%d,"
                + "\"update_latency_ms\":{\"windows\":%d,\"p50\":%d,\"p99\":%d,\"max\":%d}}",
                file.getFileName(), pace == null ? "fast" : "paced x" + pace, sent.size(), sendSeconds,
                replay.sendCpuNanos / 1e9, firstSent, lastUpdate,
                sent.size() / Math.max(sendSeconds, 1e-3), processSeconds, sent.size() / Math.max(processSeconds, 1e-3),
                windows.size(), close.size(), LatencyCommand.percentile(closeSorted, 50),
                LatencyCommand.percentile(closeSorted, 99), LatencyCommand.percentile(closeSorted, 100), closedByQuiet,
                update.size(), LatencyCommand.percentile(updateSorted, 50), LatencyCommand.percentile(updateSorted, 99),
                LatencyCommand.percentile(updateSorted, 100));
        Files.createDirectories(result.toAbsolutePath().getParent());
        Files.writeString(result, json + "\n");
        System.out.println(json);
        return 0;
    }

    /**
     * Per 1-minute window ({@code <zone>@<start epoch millis>}), when the record that moved the watermark of the
     * window's partition past its close (end + {@code lateness}) was handed to the producer; windows it never passed
     * (closed by the quiet source) are absent. The server's watermark on {@code zone-events} is per partition: that
     * partition's highest event time minus {@code bound}, and it closes a partition's windows by it alone (a zone's
     * records are on one partition: the replay keys them by zone).
     */
    static Map<String, Long> watermarkPassed(List<ReplayCommand.Sent> sent, int partitions, Duration bound,
            Duration lateness) {
        List<TreeMap<Long, Set<String>>> byClose = new ArrayList<>(); // per partition: close time -> its windows
        for (int p = 0; p < partitions; p++) {
            byClose.add(new TreeMap<>());
        }
        for (ReplayCommand.Sent s : sent) {
            byClose.get(s.partition()).computeIfAbsent(minuteStart(s) + MINUTE + lateness.toMillis(),
                    k -> new HashSet<>()).add(window(s));
        }
        Map<String, Long> passedAt = new HashMap<>();
        long[] maxByPartition = new long[partitions];
        Arrays.fill(maxByPartition, Long.MIN_VALUE);
        for (ReplayCommand.Sent s : sent) {
            int p = s.partition();
            maxByPartition[p] = Math.max(maxByPartition[p], s.outgoing().event().eventTime().toEpochMilli());
            TreeMap<Long, Set<String>> due = byClose.get(p);
            while (!due.isEmpty() && due.firstKey() <= maxByPartition[p] - bound.toMillis()) {
                due.pollFirstEntry().getValue().forEach(window -> passedAt.put(window, s.sentAtMillis()));
            }
        }
        return passedAt;
    }

    /** Whether the zone's latest 1-minute window is final (false while it has none). */
    private boolean latestFinal(int region) throws Exception {
        JsonObject latest = get("/api/metrics/region/" + region + "?window=1m");
        return latest.containsKey("final") && latest.getBoolean("final");
    }

    /** The 1-minute windows the zone's sent events fall in. */
    private static long expectedWindows(List<ReplayCommand.Sent> sent, int region) {
        return sent.stream().filter(s -> s.outgoing().event().regionId() == region)
                .mapToLong(WindowsBenchCommand::minuteStart).distinct().count();
    }

    /** The start (epoch millis) of the 1-minute window a sent event falls in. */
    private static long minuteStart(ReplayCommand.Sent s) {
        return Math.floorDiv(s.outgoing().event().eventTime().toEpochMilli(), MINUTE) * MINUTE;
    }

    /** A 1-minute window as this class keys it: {@code <zone>@<start epoch millis>}. */
    private static String window(int region, long startMillis) {
        return region + "@" + startMillis;
    }

    /** The 1-minute window a sent event falls in. */
    private static String window(ReplayCommand.Sent s) {
        return window(s.outgoing().event().regionId(), minuteStart(s));
    }

    private JsonObject get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Json.createObjectBuilder().add("windows", Json.createArrayBuilder()).build();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
