package org.chillflow.core.stream.window;

import org.chillflow.core.stream.RedisScript;
import org.chillflow.core.stream.ZoneEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import redis.clients.jedis.resps.Tuple;

/**
 * The zone windows in Redis. Every key starts with {@code chillflow:win} or {@code chillflow:wm}; all have a TTL
 * ({@code chillflow.windows.ttl}), set when a window is created (the indexes: refreshed with every new window):
 * <ul>
 * <li>{@code chillflow:win:{<zone>:<day>}:<size>:<startEpochSeconds>}}: hash count, fare_sum, distance_sum,
 * duration_sum, updated_at, final, final_at (epoch millis), pending (1 while its index and open-set entries are being
 * written); the braces are a Redis Cluster hash tag, the zone and the epoch day (UTC) of the window's start: one slot
 * for the window's keys and for the zone's other windows that start that day;</li>
 * <li>{@code ...:trips} (same tag): hash trip id to duration, the window's members, with the durations for the
 * nearest-rank percentiles; the smallest size's deduplicates the accumulation (HSETNX), and a trip new there is new in
 * its larger windows too (one script call writes a trip's windows of every size);</li>
 * <li>{@code chillflow:win:idx:<zone>:<size>}: sorted set of the zone's window starts (the latest window and the
 * timeline without SCAN);</li>
 * <li>{@code chillflow:win:zones:<size>:<start>}: set of the zones that have that window (top regions);</li>
 * <li>{@code chillflow:win:starts:<size>}: sorted set of the window starts that exist, all zones;</li>
 * <li>{@code chillflow:win:open:<source>:<partition>}: sorted set of the windows a source's records on one Kafka
 * partition opened and that are not yet final, by close time — each partition's watermark closes its own windows, so
 * a server closes only the windows of the partitions it consumes;</li>
 * <li>{@code chillflow:wm:<source>}: hash, per partition, {@code p<partition>} the highest event time (zone events) or
 * {@code c<partition>.<lane>} the highest progress mark of each assembler lane (completed trips:
 * {@link SourceWatermark#forMarks}), {@code wm<partition>} the watermark and {@code by<partition>} the consumer that
 * saved it last.</li>
 * </ul>
 * Cluster-safe: each script touches the keys of windows that share one hash tag, passed in KEYS (one slot); the
 * indexes, open sets and watermarks are written with plain commands, pipelined, in whichever slot they fall.
 */
public final class ZoneWindowStore {

    private static final RedisScript ADD = RedisScript.of(ZoneWindowStore.class, "add-zone-trips.lua");
    /** Windows made final per round trip of a close. */
    private static final int CLOSE_BATCH = 5000;
    private static final RedisScript FINALIZE = RedisScript.of(ZoneWindowStore.class, "finalize-windows.lua");

    private final UnifiedJedis redis;
    private final List<WindowSize> sizes;
    private final int ttlSeconds;

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

    /** What identifies a {@link Group}. */
    private record GroupKey(String openSet, int zone, WindowSize size, long startMillis) {
    }

    /**
     * Adds the events, each to its window of every size: one script call per zone and day (a batch's trips of a window
     * together, and the windows that share a hash tag), all in one pipelined round trip. True for each trip that was new
     * in its smallest window.
     */
    public boolean[] addAll(List<Add> adds, long latenessMillis, long nowMillis) {
        boolean[] added = new boolean[adds.size()];
        if (adds.isEmpty()) {
            return added;
        }
        String addSha = ADD.sha(redis);
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < adds.size(); i++) {
            Add add = adds.get(i);
            long at = add.event().eventTime().toEpochMilli();
            for (WindowSize size : sizes) {
                long start = size.startOf(at);
                groups.computeIfAbsent(new GroupKey(add.openSet(), add.event().regionId(), size, start),
                        k -> new Group(k.zone(), k.size(), k.startMillis(), k.openSet(), new ArrayList<>())).adds().add(i);
            }
        }
        // each trip's arguments once, whatever the number of window sizes it is added to
        String[][] tripArguments = new String[adds.size()][];
        for (int i = 0; i < adds.size(); i++) {
            ZoneEvent e = adds.get(i).event();
            tripArguments[i] = new String[] { e.tripId(), decimal(e.fare()), Long.toString(e.durationSeconds()),
                    decimal(e.distanceKm()) };
        }
        // the windows of one zone and day share a hash tag: one script call for all of them. A trip's windows of every
        // size are in the same call (a size divides a day, so they start on the trip's day): the smallest ones go
        // first, where the script decides whether each trip is new, and the larger ones take the trips found new
        WindowSize smallest = sizes.get(0);
        Map<String, List<Group>> calls = new LinkedHashMap<>();
        for (Group group : groups.values()) {
            calls.computeIfAbsent(tag(group.zone(), group.startMillis() / 1000), t -> new ArrayList<>()).add(group);
        }
        List<List<Group>> bundles = new ArrayList<>(calls.values());
        bundles.forEach(bundle -> bundle.sort(Comparator.comparing(group -> group.size() != smallest)));
        List<Response<Object>> responses = new ArrayList<>(bundles.size());
        String ttl = Integer.toString(ttlSeconds);
        String now = Long.toString(nowMillis);
        try {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (List<Group> bundle : bundles) {
                    List<String> keys = new ArrayList<>(2 * bundle.size());
                    Map<Integer, Integer> position = new LinkedHashMap<>(); // a trip's place among the call's trips, 1..
                    for (Group group : bundle) {
                        String key = key(group.zone(), group.size(), group.startMillis() / 1000);
                        keys.add(key);
                        keys.add(key + ":trips");
                        group.adds().forEach(i -> position.putIfAbsent(i, position.size() + 1));
                    }
                    List<String> args = new ArrayList<>(4 + 4 * position.size() + 2 * bundle.size() + adds.size());
                    args.add(ttl);
                    args.add(now);
                    args.add(Integer.toString(position.size()));
                    args.add(Long.toString(bundle.stream().filter(group -> group.size() == smallest).count()));
                    position.keySet().forEach(i -> Collections.addAll(args, tripArguments[i]));
                    for (Group group : bundle) {
                        args.add(Integer.toString(group.adds().size()));
                        group.adds().forEach(i -> args.add(Integer.toString(position.get(i))));
                    }
                    responses.add(pipeline.evalsha(addSha, keys, args));
                }
                pipeline.sync();
            }
            // a pipelined reply's error is thrown when the reply is read, not by sync(): read them inside the catch
            List<Group> pending = new ArrayList<>();
            for (int b = 0; b < bundles.size(); b++) {
                List<?> reply = (List<?>) responses.get(b).get();
                int at = 0;
                for (Group group : bundles.get(b)) {
                    if (Long.valueOf(1).equals(reply.get(at))) {
                        pending.add(group);
                    }
                    for (int j = 0; j < group.adds().size(); j++) {
                        if (group.size() == smallest) {
                            added[group.adds().get(j)] = Long.valueOf(1).equals(reply.get(at + 1 + j));
                        }
                    }
                    at += 1 + group.adds().size();
                }
            }
            index(pending, latenessMillis);
        } catch (JedisNoScriptException flushed) {
            ADD.forget(); // Redis lost its scripts (restart, SCRIPT FLUSH): the caller's retry loads it again
            throw flushed;
        }
        return added;
    }

    /**
     * Writes the index and open-set entries of windows that are new or open again, then clears their pending mark:
     * the entries first, so that a crash in between leaves the mark and the batch's retry writes them again.
     */
    private void index(List<Group> pending, long latenessMillis) {
        if (pending.isEmpty()) {
            return;
        }
        // gathered per key first: one ZADD or SADD (and one EXPIRE) per key for the whole batch
        Map<String, Map<String, Double>> sortedSets = new LinkedHashMap<>();
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (Group group : pending) {
            long start = group.startMillis() / 1000;
            String label = group.size().label();
            String startText = Long.toString(start);
            sortedSets.computeIfAbsent(index(group.zone(), group.size()), k -> new HashMap<>()).put(startText, (double) start);
            sets.computeIfAbsent("chillflow:win:zones:" + label + ":" + start, k -> new ArrayList<>())
                    .add(Integer.toString(group.zone()));
            sortedSets.computeIfAbsent("chillflow:win:starts:" + label, k -> new HashMap<>()).put(startText, (double) start);
            sortedSets.computeIfAbsent(openSet(group.openSet()), k -> new HashMap<>()).put(member(group.zone(),
                    group.size(), start), (double) (group.startMillis() + group.size().millis() + latenessMillis));
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            sortedSets.forEach((key, members) -> {
                pipeline.zadd(key, members);
                pipeline.expire(key, ttlSeconds);
            });
            sets.forEach((key, members) -> {
                pipeline.sadd(key, members.toArray(String[]::new));
                pipeline.expire(key, ttlSeconds);
            });
            pipeline.sync();
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Group group : pending) {
                pipeline.hdel(key(group.zone(), group.size(), group.startMillis() / 1000), "pending");
            }
            pipeline.sync();
        }
    }

    private static String openSet(String openSet) {
        return "chillflow:win:open:" + openSet;
    }

    /** A number as Lua's tonumber reads it: Java's shortest form, without an exponent. */
    private static String decimal(double value) {
        String text = Double.toString(value);
        return text.indexOf('E') < 0 ? text : BigDecimal.valueOf(value).toPlainString();
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
        String open = openSet(openSet);
        double limit = upTo.equals("+inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(upTo);
        long windows = 0;
        long highest = Long.MIN_VALUE;
        while (true) {
            List<Tuple> due = redis.zrangeByScoreWithScores(open, Double.NEGATIVE_INFINITY, limit, 0, CLOSE_BATCH);
            if (due.isEmpty()) {
                return new Closed(windows, highest);
            }
            String finalizeSha = FINALIZE.sha(redis);
            // the windows of one zone and day share a hash tag: one script call makes all of them final
            Map<String, List<String>> byTag = new LinkedHashMap<>();
            for (Tuple window : due) {
                String key = keyOf(window.getElement());
                byTag.computeIfAbsent(key.substring(0, key.indexOf('}') + 1), t -> new ArrayList<>()).add(key);
            }
            List<String> now = List.of(Long.toString(nowMillis));
            // each window final first, then out of the open set: a close cut short is done again, not lost
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Object>> replies = new ArrayList<>(byTag.size());
                for (List<String> keys : byTag.values()) {
                    replies.add(pipeline.evalsha(finalizeSha, keys, now));
                }
                pipeline.sync();
                replies.forEach(Response::get); // NOSCRIPT surfaces here
            } catch (JedisNoScriptException flushed) {
                FINALIZE.forget();
                continue;
            }
            redis.zrem(open, due.stream().map(Tuple::getElement).toArray(String[]::new));
            windows += due.size();
            highest = Math.max(highest, (long) due.get(due.size() - 1).getScore());
            if (due.size() < CLOSE_BATCH) {
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

    /**
     * Whether the trip is already counted in its window of this size: a record behind the watermark that is only a
     * copy of a counted trip (an assembler batch retried after it had published) is a duplicate, not a late trip.
     */
    public boolean counted(ZoneEvent event, WindowSize size) {
        long start = size.startOf(event.eventTime().toEpochMilli()) / 1000;
        return redis.hexists(key(event.regionId(), size, start) + ":trips", event.tripId());
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

    /**
     * The zones' windows starting at {@code startSeconds}, ranked by the metric, highest first. The ranking needs only
     * the windows' hashes; when the window has more zones than the limit, a second round trip reads the {@code limit}
     * windows returned in full (with their trips' durations, for the percentiles, the larger part of a window's data),
     * not every zone's, and ranks them again (they may have changed in between). When it returns every zone, one round
     * trip reads them in full.
     */
    public List<ZoneWindow> top(WindowSize size, long startSeconds, String metric, int limit) {
        List<Integer> zones = redis.smembers("chillflow:win:zones:" + size.label() + ":" + startSeconds).stream()
                .map(Integer::parseInt).toList();
        Comparator<ZoneWindow> ranking = Comparator.comparingDouble((ZoneWindow w) -> w.metric(metric)).reversed()
                .thenComparingInt(ZoneWindow::regionId);
        List<Integer> chosen = zones.size() <= limit ? zones : busiest(size, startSeconds, zones, ranking, limit);
        List<ZoneWindow> top = new ArrayList<>(read(size, chosen.stream().map(zone -> new long[] { zone, startSeconds })
                .toList()));
        top.sort(ranking);
        return top;
    }

    /** The {@code limit} zones ranked first, read from their windows' hashes alone (one pipelined round trip). */
    private List<Integer> busiest(WindowSize size, long startSeconds, List<Integer> zones, Comparator<ZoneWindow> ranking,
            int limit) {
        List<Response<Map<String, String>>> hashes = new ArrayList<>(zones.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            zones.forEach(zone -> hashes.add(pipeline.hgetAll(key(zone, size, startSeconds))));
            pipeline.sync();
        }
        List<ZoneWindow> ranked = new ArrayList<>(zones.size());
        for (int i = 0; i < zones.size(); i++) {
            ZoneWindow w = view(zones.get(i), size, startSeconds, hashes.get(i).get(), List.of());
            if (w != null) {
                ranked.add(w);
            }
        }
        ranked.sort(ranking);
        return ranked.subList(0, Math.min(limit, ranked.size())).stream().map(ZoneWindow::regionId).toList();
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

    /**
     * A window's hash, {@code chillflow:win:{<zone>:<day>}:<size>:<start>}; its {@code :trips} hash has the same hash
     * tag in braces, as do all windows of the zone that start on that day (epoch day, UTC): a batch's windows of a zone
     * are added by one script call.
     */
    public static String key(int zone, WindowSize size, long startSeconds) {
        return "chillflow:win:" + tag(zone, startSeconds) + ":" + size.label() + ":" + startSeconds;
    }

    private static String tag(int zone, long startSeconds) {
        return "{" + zone + ":" + Math.floorDiv(startSeconds, 86_400L) + "}";
    }

    /** A window as a member of an open set: {@code <zone>:<size>:<start>}. */
    private static String member(int zone, WindowSize size, long startSeconds) {
        return zone + ":" + size.label() + ":" + startSeconds;
    }

    /** The key of an open set's member. */
    private static String keyOf(String member) {
        int first = member.indexOf(':');
        int last = member.lastIndexOf(':');
        long start = Long.parseLong(member.substring(last + 1));
        return "chillflow:win:" + tag(Integer.parseInt(member.substring(0, first)), start) + member.substring(first, last + 1)
                + start;
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
}
