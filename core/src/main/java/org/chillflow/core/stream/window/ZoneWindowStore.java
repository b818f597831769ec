package org.chillflow.core.stream.window;

import org.chillflow.core.stream.ZoneEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The zone windows in Redis. Every key starts with {@code chillflow:win} or {@code chillflow:wm}; all have a TTL
 * ({@code chillflow.windows.ttl}), set when a window is created (the indexes: refreshed with every new window):
 * <ul>
 * <li>{@code chillflow:win:{zone}:{size}:{startEpochSeconds}}: hash count, fare_sum, distance_sum, duration_sum,
 * updated_at, final, final_at (epoch millis);</li>
 * <li>{@code ...:trips}: hash trip id to duration, the window's members: it deduplicates the accumulation (HSETNX)
 * and holds the durations for the nearest-rank percentiles;</li>
 * <li>{@code chillflow:win:idx:{zone}:{size}}: sorted set of the zone's window starts (the latest window and the
 * timeline without SCAN);</li>
 * <li>{@code chillflow:win:zones:{size}:{start}}: set of the zones that have that window (top regions);</li>
 * <li>{@code chillflow:win:starts:{size}}: sorted set of the window starts that exist, all zones;</li>
 * <li>{@code chillflow:win:open:{source}:{partition}}: sorted set of the windows a source's records on one Kafka
 * partition opened and that are not yet final, by close time — each partition's watermark closes its own windows, so
 * a server closes only the windows of the partitions it consumes;</li>
 * <li>{@code chillflow:wm:{source}}: hash, per partition, {@code p<partition>} the highest event time (zone events) or
 * {@code c<partition>.<lane>} the highest progress mark of each assembler lane (completed trips:
 * {@link SourceWatermark#forMarks}), {@code wm<partition>} the watermark and {@code by<partition>} the consumer that
 * saved it last.</li>
 * </ul>
 */
public final class ZoneWindowStore {

    private static final String ADD = script("add-zone-trips.lua");
    private static final String CLOSE = script("close-windows.lua");

    private final UnifiedJedis redis;
    private final List<WindowSize> sizes;
    private final int ttlSeconds;
    private String addSha;
    private String closeSha;

    public ZoneWindowStore(UnifiedJedis redis, List<WindowSize> sizes, int ttlSeconds) {
        this.redis = redis;
        this.sizes = sizes;
        this.ttlSeconds = ttlSeconds;
    }

    public List<WindowSize> sizes() {
        return sizes;
    }

    public Optional<WindowSize> size(String label) {
        return sizes.stream().filter(s -> s.label().equals(label)).findFirst();
    }

    /**
     * An event to add.
     *
     * @param openSet the open-window set its windows join until final: {@code <source>:<partition>}
     */
    public record Add(ZoneEvent event, String openSet) {
    }

    /** A batch's trips of one window of one open set: the positions of their adds. */
    private record Group(int zone, WindowSize size, long startMillis, String openSet, List<Integer> adds) {
    }

    /**
     * Adds the events, each to its window of every size: one script call per window (a batch's trips of a window
     * together), all in one pipelined round trip. True for each trip that was new in its smallest window.
     */
    public boolean[] addAll(List<Add> adds, long latenessMillis, long nowMillis) {
        boolean[] added = new boolean[adds.size()];
        if (adds.isEmpty()) {
            return added;
        }
        if (addSha == null) {
            addSha = redis.scriptLoad(ADD);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < adds.size(); i++) {
            Add add = adds.get(i);
            long at = add.event().eventTime().toEpochMilli();
            for (WindowSize size : sizes) {
                long start = size.startOf(at);
                groups.computeIfAbsent(add.openSet() + "|" + add.event().regionId() + "|" + size.label() + "|" + start,
                        k -> new Group(add.event().regionId(), size, start, add.openSet(), new ArrayList<>())).adds().add(i);
            }
        }
        List<Group> calls = new ArrayList<>(groups.values());
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (Group group : calls) {
                    responses.add(pipeline.evalsha(addSha, List.of(), arguments(group, adds, latenessMillis, nowMillis)));
                }
                pipeline.sync();
            }
            // a pipelined reply's error is thrown when the reply is read, not by sync(): read them inside the catch
            WindowSize smallest = sizes.get(0);
            for (int g = 0; g < calls.size(); g++) {
                Group group = calls.get(g);
                if (group.size() != smallest) {
                    continue;
                }
                List<?> flags = (List<?>) responses.get(g).get();
                for (int j = 0; j < flags.size(); j++) {
                    added[group.adds().get(j)] = Long.valueOf(1).equals(flags.get(j));
                }
            }
        } catch (JedisNoScriptException flushed) {
            addSha = null; // Redis lost its scripts (restart, SCRIPT FLUSH): the caller's retry loads it again
            throw flushed;
        }
        return added;
    }

    private List<String> arguments(Group group, List<Add> adds, long latenessMillis, long nowMillis) {
        List<String> args = new ArrayList<>(7 + 4 * group.adds().size());
        args.add(Integer.toString(group.zone()));
        args.add(group.size().label());
        args.add(Long.toString(group.startMillis() / 1000));
        args.add(Long.toString(group.startMillis() + group.size().millis() + latenessMillis));
        args.add(Integer.toString(ttlSeconds));
        args.add(Long.toString(nowMillis));
        args.add(group.openSet());
        for (int i : group.adds()) {
            ZoneEvent e = adds.get(i).event();
            args.add(e.tripId());
            args.add(BigDecimal.valueOf(e.fare()).toPlainString());
            args.add(Long.toString(e.durationSeconds()));
            args.add(BigDecimal.valueOf(e.distanceKm()).toPlainString());
        }
        return args;
    }

    /** What a close gave: how many windows became final, and the latest close time among them. */
    public record Closed(long windows, long highestCloseMillis) {
    }

    /** Makes final the open set's windows whose close time is at or before {@code upToMillis}. */
    public Closed closeUpTo(String openSet, long upToMillis, long nowMillis) {
        return close(openSet, Long.toString(upToMillis), nowMillis);
    }

    /** Makes final all of the open set's windows (its source went quiet on that partition). */
    public Closed closeAll(String openSet, long nowMillis) {
        return close(openSet, "+inf", nowMillis);
    }

    private Closed close(String openSet, String upTo, long nowMillis) {
        long windows = 0;
        long highest = Long.MIN_VALUE;
        while (true) {
            if (closeSha == null) {
                closeSha = redis.scriptLoad(CLOSE);
            }
            List<?> reply;
            try {
                reply = (List<?>) redis.evalsha(closeSha, List.of(), List.of(openSet, upTo, Long.toString(nowMillis), "5000"));
            } catch (JedisNoScriptException flushed) {
                closeSha = null;
                continue;
            }
            long n = (Long) reply.get(0);
            windows += n;
            if (reply.get(1) instanceof String score) {
                highest = Math.max(highest, (long) Double.parseDouble(score));
            }
            if (n < 5000) {
                return new Closed(windows, highest);
            }
        }
    }

    /**
     * The saved watermark state of a source on one partition: channel to highest time, and the watermark (key -1).
     * Fields {@code p<partition>} hold the partition's highest event time (zone events, channel 0),
     * {@code c<partition>.<lane>} a lane's highest progress mark (completed trips), {@code wm<partition>} the
     * watermark; only the kind asked for is read.
     */
    public Map<Integer, Long> loadWatermark(String source, int partition, boolean marks) {
        Map<Integer, Long> state = new HashMap<>();
        String lanePrefix = "c" + partition + ".";
        redis.hgetAll("chillflow:wm:" + source).forEach((field, value) -> {
            if (field.equals("wm" + partition)) {
                state.put(-1, Long.parseLong(value));
            } else if (marks && field.startsWith(lanePrefix)) {
                state.put(Integer.parseInt(field.substring(lanePrefix.length())), Long.parseLong(value));
            } else if (!marks && field.equals("p" + partition)) {
                state.put(0, Long.parseLong(value));
            }
        });
        return state;
    }

    /** Saves a source's watermark state on one partition, and who saved it ({@code by<partition>}). */
    public void saveWatermark(String source, int partition, SourceWatermark watermark, String savedBy) {
        Map<String, String> fields = new HashMap<>();
        watermark.maxima().forEach((channel, max) -> fields.put(watermark.marks() ? "c" + partition + "." + channel
                : "p" + partition, Long.toString(max)));
        fields.put("wm" + partition, Long.toString(watermark.watermark()));
        fields.put("by" + partition, savedBy);
        String key = "chillflow:wm:" + source;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pipeline.hset(key, fields);
            pipeline.expire(key, ttlSeconds);
            pipeline.sync();
        }
    }

    /** Who last saved a source's state on a partition (null: nobody, or expired). */
    public String savedBy(String source, int partition) {
        return redis.hget("chillflow:wm:" + source, "by" + partition);
    }

    // ---- reads (the API) ----

    /** One window, or empty when it does not exist (never had a trip, or expired). */
    public Optional<ZoneWindow> window(int zone, WindowSize size, long startSeconds) {
        return read(size, List.of(new long[] { zone, startSeconds })).stream().findFirst();
    }

    /** The start (epoch seconds) of the zone's latest window of this size. */
    public Optional<Long> latestStart(int zone, WindowSize size) {
        List<String> latest = redis.zrevrange(index(zone, size), 0, 0);
        return latest.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(latest.get(0)));
    }

    /** The zone's windows of this size whose starts lie in [fromSeconds, toSeconds], oldest first. */
    public List<ZoneWindow> timeline(int zone, WindowSize size, long fromSeconds, long toSeconds) {
        return read(size, redis.zrangeByScore(index(zone, size), fromSeconds, toSeconds).stream()
                .map(start -> new long[] { zone, Long.parseLong(start) }).toList());
    }

    /** The latest window start of this size over all zones (the one "top regions" ranks by default). */
    public Optional<Long> latestStart(WindowSize size) {
        List<String> latest = redis.zrevrange("chillflow:win:starts:" + size.label(), 0, 0);
        return latest.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(latest.get(0)));
    }

    /** The zones' windows starting at {@code startSeconds}, ranked by the metric, highest first. */
    public List<ZoneWindow> top(WindowSize size, long startSeconds, String metric, int limit) {
        List<ZoneWindow> windows = new ArrayList<>(read(size, redis.smembers("chillflow:win:zones:" + size.label() + ":"
                + startSeconds).stream().map(zone -> new long[] { Integer.parseInt(zone), startSeconds }).toList()));
        windows.sort(Comparator.comparingDouble((ZoneWindow w) -> w.metric(metric)).reversed()
                .thenComparingInt(ZoneWindow::regionId));
        return windows.subList(0, Math.min(limit, windows.size()));
    }

    /** The windows (zone, start seconds) of one size, in one pipelined round trip; those that do not exist are left out. */
    private List<ZoneWindow> read(WindowSize size, List<long[]> zoneAndStart) {
        List<Response<Map<String, String>>> hashes = new ArrayList<>(zoneAndStart.size());
        List<Response<List<String>>> durations = new ArrayList<>(zoneAndStart.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long[] w : zoneAndStart) {
                String key = key((int) w[0], size, w[1]);
                hashes.add(pipeline.hgetAll(key));
                durations.add(pipeline.hvals(key + ":trips"));
            }
            pipeline.sync();
        }
        List<ZoneWindow> windows = new ArrayList<>(zoneAndStart.size());
        for (int i = 0; i < zoneAndStart.size(); i++) {
            ZoneWindow w = view((int) zoneAndStart.get(i)[0], size, zoneAndStart.get(i)[1], hashes.get(i).get(),
                    durations.get(i).get());
            if (w != null) {
                windows.add(w);
            }
        }
        return windows;
    }

    private static String key(int zone, WindowSize size, long startSeconds) {
        return "chillflow:win:" + zone + ":" + size.label() + ":" + startSeconds;
    }

    private static String index(int zone, WindowSize size) {
        return "chillflow:win:idx:" + zone + ":" + size.label();
    }

    private static ZoneWindow view(int zone, WindowSize size, long startSeconds, Map<String, String> hash,
            List<String> durationValues) {
        if (hash == null || !hash.containsKey("count")) {
            return null;
        }
        long count = Long.parseLong(hash.get("count"));
        long[] durations = durationValues.stream().mapToLong(Long::parseLong).sorted().toArray();
        Instant start = Instant.ofEpochSecond(startSeconds);
        String finalAt = hash.get("final_at");
        return new ZoneWindow(zone, start, start.plusMillis(size.millis()), count,
                Double.parseDouble(hash.get("fare_sum")) / count, Double.parseDouble(hash.get("distance_sum")),
                Long.parseLong(hash.get("duration_sum")) / (double) count, NearestRank.of(durations, 50),
                NearestRank.of(durations, 95), size.label(), "1".equals(hash.get("final")),
                Instant.ofEpochMilli(Long.parseLong(hash.get("updated_at"))),
                finalAt == null ? null : Instant.ofEpochMilli(Long.parseLong(finalAt)));
    }

    private static String script(String name) {
        try (InputStream in = ZoneWindowStore.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
