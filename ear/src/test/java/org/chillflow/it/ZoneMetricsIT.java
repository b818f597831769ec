package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.chillflow.it.ChillflowServer.assertProblem;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

import jakarta.json.JsonObject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.core.stream.window.StreamPulseFile;
import org.chillflow.core.stream.window.ZoneWindowEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;


/**
 * StreamPulse files through Kafka (zone-events), the window aggregator on the Liberty test server, Redis and the
 * API: every window equals a computation written here from the CSV text; bad rows reach the dead-letter topic
 * with their reason; late, out-of-order and duplicate events; an older replay after a newer one; a restart
 * mid-stream. The test server makes a source final after 5 s of silence and lets a partition be idle after 5 s
 * (CHILLFLOW_WINDOWS_SOURCE_IDLE, CHILLFLOW_WINDOWS_PARTITION_IDLE).
 */
@MicroShedTest
class ZoneMetricsIT {

    static final Path FILES = Path.of(System.getProperty("chillflow.it.project.dir"), "data", "streampulse");
    private static final String[] SIZES = { "1m", "5m", "15m", "1h" };

    /** The expected metrics of one (region, size, start), from the CSV. */
    record Expected(long count, double fareSum, double distanceSum, long durationSum, List<Long> durations) {
    }

    @BeforeAll
    static void ready() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void everyWindowOfTheSampleAndThe10kFileEqualsAnIndependentComputation() throws Exception {
        for (String file : List.of("streampulse_sample_trips.csv", "streampulse_load_test_10k.csv")) {
            clearWindows(); // the two files share trip ids, and windows deduplicate by trip id
            Instant before = Instant.now();
            List<String> lines = Files.readAllLines(FILES.resolve(file), StandardCharsets.UTF_8);
            send(StreamPulseFile.read(FILES.resolve(file), false).events(), "it-" + file + "-" + UUID.randomUUID());
            assertWindowsMatch(expected(lines.subList(1, lines.size())), file);
            assertThat(deadLetters(before, 0)).as("nothing of " + file + " is late or invalid").isEmpty();
        }
    }

    @Test
    void theMalformedFileSentRawPutsEachBadRowInTheDeadLetterTopicWithItsReason() throws Exception {
        clearWindows();
        Instant before = Instant.now();
        StreamPulseFile.Prepared raw = StreamPulseFile.read(FILES.resolve("malformed_test_data.csv"), true);
        assertThat(raw.events()).hasSize(18);
        send(raw.events(), "it-malformed-" + UUID.randomUUID());
        Map<String, String> reasons = deadLetters(before, 15);
        assertThat(reasons).isEqualTo(Map.ofEntries(Map.entry("trip_002", "bad_region_id"),
                Map.entry("trip_003", "bad_event_time"), Map.entry("trip_004", "bad_fare"),
                Map.entry("trip_005", "bad_duration"), Map.entry("trip_006", "bad_distance"),
                Map.entry("trip_008", "missing_field"), Map.entry("trip_009", "missing_field"),
                Map.entry("trip_010", "missing_field"), Map.entry("trip_011", "missing_field"),
                Map.entry("trip_012", "missing_field"), Map.entry("trip_013", "bad_region_id"),
                Map.entry("trip_014", "bad_region_id"), Map.entry("trip_015", "bad_fare"),
                Map.entry("trip_016", "bad_duration"), Map.entry("trip_017", "bad_distance")));
        String metrics = get("/metrics", null).body();
        assertThat(metrics).containsPattern("chillflow_windows_invalid_events_total\\{[^}]*reason=\"bad_fare\"[^}]*\\} [1-9]")
                .containsPattern("chillflow_windows_events_total\\{[^}]*outcome=\"invalid\"[^}]*topic=\"zone-events\"[^}]*\\} [1-9]")
                .contains("chillflow_windows_watermark_lag_seconds");
        // the three good rows are counted, each in its zone's minute
        for (String[] good : new String[][] { { "1", "2025-01-15T10:30:00Z" }, { "6", "2025-01-15T10:36:00Z" },
                { "14", "2025-01-15T10:47:00Z" } }) {
            JsonObject top = object(get("/api/metrics/regions/top?window=1m&at=" + good[1], "viewer"));
            assertThat(top.getJsonArray("regions")).hasSize(1);
            JsonObject region = top.getJsonArray("regions").getJsonObject(0);
            assertThat(region.getInt("regionId")).isEqualTo(Integer.parseInt(good[0]));
            assertThat(region.getInt("tripCount")).isEqualTo(1);
        }
    }

    @Test
    void lateOutOfOrderAndDuplicateEventsAroundTheBound() throws Exception {
        clearWindows();
        Instant before = Instant.now();
        String run = UUID.randomUUID().toString().substring(0, 8);
        // bound 5 min, allowed lateness 1 min (the defaults). Partitions 1 and 2 first reach 12:10 (zone 251) ...
        String source = "it-late-" + run;
        send(List.of(event("x-" + run, 251, "2031-03-01T12:10:00Z", 5, 500), event("y-" + run, 251, "2031-03-01T12:10:00Z", 5, 500)),
                source, 1, 2);
        awaitJson("/api/metrics/region/251?window=1m", w -> w.getInt("tripCount") == 2);
        // ... then partition 0 gets zone 250's events in this order
        List<StreamPulseFile.Outgoing> events = List.of(
                event("a-" + run, "2031-03-01T12:00:30Z", 10, 600),
                event("b-" + run, "2031-03-01T12:10:00Z", 20, 700), // watermark 12:05:00
                event("c-" + run, "2031-03-01T12:04:00Z", 30, 800), // window 12:04 closes at 12:06: on time
                event("d-" + run, "2031-03-01T12:04:59.999Z", 40, 900), // the same window, its last millisecond
                event("e-" + run, "2031-03-01T12:03:59Z", 50, 1000), // window 12:03 closed at 12:05: late
                event("f-" + run, "2031-03-01T12:00:45Z", 60, 1100), // late by far
                event("b-" + run, "2031-03-01T12:10:00Z", 20, 700), // duplicates: counted once
                event("c-" + run, "2031-03-01T12:04:00Z", 30, 800),
                // a copy of a trip behind the watermark is a duplicate, not late, also when the trip itself came in
                // the same batch and is not in Redis yet (a server killed: its partition's backlog, then the records
                // its assembler published again, reach the next owner in one batch)
                event("a-" + run, "2031-03-01T12:00:30Z", 10, 600));
        send(events, source, 0);
        assertThat(deadLetters(before, 2)).isEqualTo(Map.of("e-" + run, "late_event", "f-" + run, "late_event"));
        JsonObject timeline = awaitFinalTimeline(250, "1m", 3);
        assertThat(timeline.getJsonArray("windows").stream().map(v -> v.asJsonObject().getString("windowStart") + "="
                + v.asJsonObject().getInt("tripCount")).toList())
                .containsExactly("2031-03-01T12:00:00Z=1", "2031-03-01T12:04:00Z=2", "2031-03-01T12:10:00Z=1");
        JsonObject hour = object(get("/api/metrics/region/250?window=1h", "viewer"));
        assertThat(hour.getInt("tripCount")).as("the sizes agree: late events are in none").isEqualTo(4);
        assertThat(hour.getJsonNumber("avgFare").doubleValue()).isCloseTo(25.0, within(1e-9));
        assertThat(hour.getJsonNumber("p50Duration").doubleValue()).isEqualTo(700);
        assertThat(hour.getJsonNumber("p95Duration").doubleValue()).isEqualTo(900);

        // an older replay after a newer one has a watermark of its own: its windows fill
        send(List.of(event("g-" + run, "2031-02-01T08:00:00Z", 70, 1200), event("h-" + run, "2031-02-01T08:00:10Z", 80, 1300)),
                "it-older-" + run);
        JsonObject older = awaitJson("/api/metrics/regions/top?window=1m&at=2031-02-01T08:00:00Z",
                top -> top.getJsonArray("regions").getJsonObject(0).getInt("tripCount") == 2);
        assertThat(older.getJsonArray("regions").getJsonObject(0).getInt("regionId")).isEqualTo(250);
    }

    @Test
    void aServerRestartMidStreamChangesNoTotal() throws Exception {
        clearWindows();
        Path file = FILES.resolve("streampulse_load_test_10k.csv");
        List<StreamPulseFile.Outgoing> events = StreamPulseFile.read(file, false).events();
        String source = "it-restart-" + UUID.randomUUID();
        send(events.subList(0, 5_000), source);
        awaitJson("/api/metrics/regions/top?window=1h&limit=5", top -> top.getJsonArray("regions").size() > 0);
        ChillflowServer.restart();
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        // what was sent before is delivered again where it was not acknowledged, and deduplicated
        send(events.subList(4_000, events.size()), source);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertWindowsMatch(expected(lines.subList(1, lines.size())), "10k with a restart");
    }

    @Test
    void badRequestsGetProblems() {
        assertProblem(get("/api/metrics/region/1?window=2m", "viewer"), 400);
        assertProblem(get("/api/metrics/region/abc", "viewer"), 400);
        assertProblem(get("/api/metrics/region/266", "viewer"), 400);
        assertProblem(get("/api/metrics/regions/top?metric=speed", "viewer"), 400);
        assertProblem(get("/api/metrics/regions/top?limit=0", "viewer"), 400);
        assertProblem(get("/api/metrics/regions/top?at=yesterday", "viewer"), 400);
        assertProblem(get("/api/metrics/timeline/1?hours=0", "viewer"), 400);
        assertProblem(get("/api/metrics/regions/top?at=1999-01-01T00:00:00Z", "viewer"), 404);
        assertProblem(get("/api/metrics/region/1", null), 401);
    }

    // ---- the independent computation ----

    /** From the CSV text: per region, size and window start, the sums and the durations. */
    static Map<String, Expected> expected(List<String> rows) {
        Map<String, List<String[]>> byWindow = new TreeMap<>();
        for (String row : rows) {
            String[] cell = row.split(",");
            long epoch = Instant.parse(cell[2]).getEpochSecond();
            for (String size : SIZES) {
                long seconds = switch (size) {
                    case "1m" -> 60;
                    case "5m" -> 300;
                    case "15m" -> 900;
                    default -> 3600;
                };
                String key = cell[1] + "|" + size + "|" + Instant.ofEpochSecond(epoch - Math.floorMod(epoch, seconds));
                byWindow.computeIfAbsent(key, k -> new ArrayList<>()).add(cell);
            }
        }
        Map<String, Expected> expected = new TreeMap<>();
        byWindow.forEach((key, cells) -> {
            List<Long> durations = cells.stream().map(c -> Long.parseLong(c[4])).sorted().toList();
            expected.put(key, new Expected(cells.size(), cells.stream().mapToDouble(c -> Double.parseDouble(c[3])).sum(),
                    cells.stream().mapToDouble(c -> Double.parseDouble(c[5])).sum(),
                    durations.stream().mapToLong(Long::longValue).sum(), durations));
        });
        return expected;
    }

    private static double nearestRank(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    static void assertWindowsMatch(Map<String, Expected> expected, String what) {
        List<String> regions = expected.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).distinct().toList();
        for (String region : regions) {
            for (String size : SIZES) {
                long windows = expected.keySet().stream().filter(k -> k.startsWith(region + "|" + size + "|")).count();
                JsonObject timeline = awaitFinalTimeline(Integer.parseInt(region), size, windows);
                for (var value : timeline.getJsonArray("windows")) {
                    JsonObject w = value.asJsonObject();
                    String key = region + "|" + size + "|" + w.getString("windowStart");
                    Expected e = expected.get(key);
                    assertThat(e).as(what + ": a window the file does not have: " + key).isNotNull();
                    assertThat(w.getJsonNumber("tripCount").longValue()).as(key).isEqualTo(e.count());
                    assertThat(w.getJsonNumber("avgFare").doubleValue()).as(key).isCloseTo(e.fareSum() / e.count(), within(1e-9));
                    assertThat(w.getJsonNumber("totalDistance").doubleValue()).as(key).isCloseTo(e.distanceSum(), within(1e-9));
                    assertThat(w.getJsonNumber("avgDuration").doubleValue()).as(key).isCloseTo((double) e.durationSum() / e.count(), within(1e-9));
                    assertThat(w.getJsonNumber("p50Duration").doubleValue()).as(key).isEqualTo(nearestRank(e.durations(), 50));
                    assertThat(w.getJsonNumber("p95Duration").doubleValue()).as(key).isEqualTo(nearestRank(e.durations(), 95));
                    assertThat(w.getBoolean("final")).as(key).isTrue();
                    assertThat(w.getString("windowEnd")).isEqualTo(Instant.parse(w.getString("windowStart"))
                            .plusSeconds(size.equals("1h") ? 3600 : Long.parseLong(size.replace("m", "")) * 60).toString());
                }
            }
        }
        for (String size : SIZES) {
            assertTopMatches(expected, size, what);
        }
    }

    /**
     * "Top regions" of the size's busiest window (the start with the most zones), by each metric, for all its zones and
     * for half of them (the store reads the durations of the returned windows only, when it returns fewer than all): the
     * zones it returns are the highest of the independent computation, in order, each with its figures and percentiles.
     */
    private static void assertTopMatches(Map<String, Expected> expected, String size, String what) {
        Map<String, Map<Integer, Expected>> byStart = new TreeMap<>();
        expected.forEach((key, e) -> {
            String[] part = key.split("\\|");
            if (part[1].equals(size)) {
                byStart.computeIfAbsent(part[2], k -> new TreeMap<>()).put(Integer.parseInt(part[0]), e);
            }
        });
        String start = byStart.entrySet().stream().max(Comparator.comparingInt((Map.Entry<String, Map<Integer, Expected>> s)
                -> s.getValue().size())).orElseThrow().getKey();
        Map<Integer, Expected> zones = byStart.get(start);
        for (int limit : new int[] { zones.size(), Math.max(1, zones.size() / 2) }) {
            for (String metric : List.of("trip_count", "avg_fare", "total_distance")) {
                assertTopMatches(zones, size, start, metric, limit, what);
            }
        }
    }

    private static void assertTopMatches(Map<Integer, Expected> zones, String size, String start, String metric, int limit,
            String what) {
        ToDoubleFunction<Expected> value = switch (metric) {
            case "trip_count" -> Expected::count;
            case "avg_fare" -> e -> e.fareSum() / e.count();
            default -> Expected::distanceSum;
        };
        JsonObject top = object(get("/api/metrics/regions/top?window=" + size + "&at=" + start + "&metric=" + metric
                + "&limit=" + limit, "viewer"));
        String as = what + ": top " + size + " " + start + " by " + metric;
        var regions = top.getJsonArray("regions");
        assertThat(regions).as(as).hasSize(limit);
        double previous = Double.MAX_VALUE;
        List<Integer> returned = new ArrayList<>();
        for (var item : regions) {
            JsonObject r = item.asJsonObject();
            int zone = r.getInt("regionId");
            Expected e = zones.get(zone);
            assertThat(e).as(as + ": zone " + zone + " has no window there").isNotNull();
            assertThat(r.getJsonNumber("tripCount").longValue()).as(as + " " + zone).isEqualTo(e.count());
            assertThat(r.getJsonNumber("avgFare").doubleValue()).as(as + " " + zone).isCloseTo(e.fareSum() / e.count(), within(1e-9));
            assertThat(r.getJsonNumber("totalDistance").doubleValue()).as(as + " " + zone).isCloseTo(e.distanceSum(), within(1e-9));
            assertThat(r.getJsonNumber("p50Duration").doubleValue()).as(as + " " + zone).isEqualTo(nearestRank(e.durations(), 50));
            assertThat(r.getJsonNumber("p95Duration").doubleValue()).as(as + " " + zone).isEqualTo(nearestRank(e.durations(), 95));
            assertThat(value.applyAsDouble(e)).as(as + ": ranked highest first").isLessThanOrEqualTo(previous + 1e-9);
            previous = value.applyAsDouble(e);
            returned.add(zone);
        }
        double lowestReturned = previous;
        zones.forEach((zone, e) -> assertThat(returned.contains(zone) || value.applyAsDouble(e) <= lowestReturned + 1e-9)
                .as(as + ": zone " + zone + " ranks above the last returned").isTrue());
    }

    /** The zone's timeline over a day once it has {@code windows} windows, all final. */
    private static JsonObject awaitFinalTimeline(int region, String size, long windows) {
        return awaitJson("/api/metrics/timeline/" + region + "?hours=48&window=" + size, t -> {
            var all = t.getJsonArray("windows");
            return all.size() == windows && all.stream().allMatch(w -> w.asJsonObject().getBoolean("final"));
        });
    }

    private static JsonObject awaitJson(String path, java.util.function.Predicate<JsonObject> done) {
        Instant deadline = Instant.now().plusSeconds(90);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            var response = get(path, "viewer");
            last = response.statusCode() + " " + response.body().substring(0, Math.min(800, response.body().length()));
            if (response.statusCode() == 200) {
                JsonObject json = object(response);
                if (done.test(json)) {
                    return json;
                }
            }
            ChillflowServer.sleep(300);
        }
        throw new AssertionError(path + " did not get there in 90 s; last: " + last);
    }

    // ---- Kafka and Redis ----

    private static StreamPulseFile.Outgoing event(String tripId, String time, double fare, long duration) {
        return event(tripId, 250, time, fare, duration);
    }

    private static StreamPulseFile.Outgoing event(String tripId, int zone, String time, double fare, long duration) {
        String json = "{\"trip_id\":\"" + tripId + "\",\"region_id\":" + zone + ",\"event_time\":\"" + time + "\",\"fare\":" + fare
                + ",\"duration\":" + duration + ",\"distance\":1.5}";
        return new StreamPulseFile.Outgoing(0, Integer.toString(zone), json, null);
    }

    /** Sends the events, keyed by zone; with partitions given, round robin over them instead. */
    static void send(List<StreamPulseFile.Outgoing> events, String source, Integer... partitions) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            int i = 0;
            for (StreamPulseFile.Outgoing out : events) {
                Integer partition = partitions.length == 0 ? null : partitions[i++ % partitions.length];
                ProducerRecord<String, String> record = new ProducerRecord<>("zone-events", partition, out.key(), out.json());
                record.headers().add(ZoneWindowEngine.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
    }

    /** Dead letters from zone-events since {@code since}, trip id to reason, once {@code expected} have arrived. */
    static Map<String, String> deadLetters(Instant since, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "zone-it-" + UUID.randomUUID());
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("chillflow-dlq").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            // the end first, then the first record since: a dead letter written between the two queries is found by
            // the second, one written after both lies beyond the end read first (seekToEnd would resolve the end
            // only at the first poll, after dead letters that may have come meanwhile)
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
            partitions.forEach(tp -> consumer.seek(tp, offsets.get(tp) == null ? end.get(tp) : offsets.get(tp).offset()));
            // at least 10 s, to see that nothing more than expected comes
            Instant until = Instant.now().plusSeconds(10);
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline) && (reasons.size() < expected || Instant.now().isBefore(until))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    var topic = record.headers().lastHeader("chillflow-source-topic");
                    if (topic != null && new String(topic.value(), StandardCharsets.UTF_8).equals("zone-events")) {
                        var reason = record.headers().lastHeader("chillflow-reason");
                        reasons.put(record.key(), new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return reasons;
    }

    /** Test isolation (never on the request path): the window keys of earlier tests go. */
    static void clearWindows() {
        TestRedis.deleteMatching("chillflow:win*");
    }
}
