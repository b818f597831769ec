package org.chillflow.core.stream.window;

import org.chillflow.core.stream.RedisScript;
import org.chillflow.core.stream.ZoneEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.resps.Tuple;

/**
 * The zone windows in Redis. Every key starts with {@code chillflow:win} or {@code chillflow:wm}; all have a TTL
 * ({@code chillflow.windows.ttl}):
 * <ul>
 * <li>{@code chillflow:win:{<zone>:<day>}}: hash of the zone's windows that start on that day (epoch day, UTC), up to
 * three fields a window ({@code <size>:<start>}, start in epoch seconds): the sums as one value {@code
 * count,fare_sum,distance_sum,duration_sum,updated_at,final,final_at} ({@code final} 0 or 1, {@code final_at} epoch
 * millis, empty while open), for a window of the smallest size {@code <size>:<start>:d} its trips' durations, each
 * followed by a comma (the percentiles; a larger window's are those of the smallest windows it is made of), and {@code
 * <size>:<start>:p} = 1 while its index and open-set entries are being written. One key a zone and day, not one a
 * window: most windows of an as-fast-as-possible replay hold one trip, and the script that adds trips ran about five
 * commands a window (add-zone-trips.lua says why that was the cost). Its TTL is set when one of its windows is made: a
 * window lives until {@code ttl} after the newest window of its zone and day was made (at least {@code ttl}; for live
 * traffic about a day more at most). The braces are a Redis Cluster hash tag: one slot for the day's windows and
 * trips;</li>
 * <li>{@code chillflow:win:{<zone>:<day>}:trips}: set of {@code <start>:<trip id>}, the trips of the day's windows of the
 * smallest size, with the hash's TTL: it deduplicates the accumulation, and a trip new there is new in its larger
 * windows too (one script call writes a trip's windows of every size);</li>
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
 * The index entries may name a window whose day has expired: the reads leave out windows that do not exist.
 * Cluster-safe: each script touches one zone's and day's two keys, passed in KEYS (one slot); the indexes, open sets
 * and watermarks are written with plain commands, pipelined, in whichever slot they fall.
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

    /** A window of one open set that a script call writes. */
    private record Window(int zone, WindowSize size, long startMillis, String openSet) {
    }

    /**
     * Adds the events, each to its window of every size: one script call per zone and day (a batch's trips of the
     * zone's windows that start that day, which share a hash and a hash tag), all in one pipelined round trip. True for
     * each trip that was new in its smallest window.
     */
    public boolean[] addAll(List<Add> adds, long latenessMillis, long nowMillis) {
        boolean[] added = new boolean[adds.size()];
        if (adds.isEmpty()) {
            return added;
        }
        String addSha = ADD.sha(redis);
        WindowSize smallest = sizes.get(0);
        // a trip's windows of every size start on the trip's day (a size divides a day): one call for all of them
        Map<String, List<Integer>> calls = new LinkedHashMap<>();
        for (int i = 0; i < adds.size(); i++) {
            ZoneEvent e = adds.get(i).event();
            calls.computeIfAbsent(key(e.regionId(), smallest.startOf(e.eventTime().toEpochMilli()) / 1000),
                    k -> new ArrayList<>()).add(i);
        }
        List<int[]> orders = new ArrayList<>(calls.size());
        List<List<Window>> windows = new ArrayList<>(calls.size());
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        String ttl = Integer.toString(ttlSeconds);
        String now = Long.toString(nowMillis);
        try {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (Map.Entry<String, List<Integer>> call : calls.entrySet()) {
                    String key = call.getKey();
                    int[] order = byOpenSetAndTime(adds, call.getValue());
                    List<Window> callWindows = new ArrayList<>();
                    List<String> runs = new ArrayList<>();
                    // a window's trips are one run of the order (windows are time intervals): its field, first position
                    // and length; the smallest windows first, where the script decides whether each trip is new, and
                    // the larger ones take the trips found new
                    long[] millis = new long[order.length];
                    for (int p = 0; p < order.length; p++) {
                        millis[p] = adds.get(order[p]).event().eventTime().toEpochMilli();
                    }
                    long smallestWindows = 0;
                    for (WindowSize size : sizes) {
                        int first = 0;
                        while (first < order.length) {
                            Add add = adds.get(order[first]);
                            long start = size.startOf(millis[first]);
                            int end = first + 1;
                            while (end < order.length && size.startOf(millis[end]) == start
                                    && adds.get(order[end]).openSet().equals(add.openSet())) {
                                end++;
                            }
                            callWindows.add(new Window(add.event().regionId(), size, start, add.openSet()));
                            runs.add(field(size, start / 1000));
                            runs.add(Integer.toString(first + 1));
                            runs.add(Integer.toString(end - first));
                            smallestWindows += size == smallest ? 1 : 0;
                            first = end;
                        }
                    }
                    List<String> args = new ArrayList<>(4 + 4 * order.length + runs.size());
                    args.add(ttl);
                    args.add(now);
                    args.add(Integer.toString(order.length));
                    args.add(Long.toString(smallestWindows));
                    for (int i : order) {
                        ZoneEvent e = adds.get(i).event();
                        Collections.addAll(args, e.tripId(), decimal(e.fare()), Long.toString(e.durationSeconds()),
                                decimal(e.distanceKm()));
                    }
                    args.addAll(runs);
                    orders.add(order);
                    windows.add(callWindows);
                    responses.add(pipeline.evalsha(addSha, List.of(key, key + ":trips"), args));
                }
                pipeline.sync();
            }
            // a pipelined reply's error is thrown when the reply is read, not by sync(): read them inside the catch
            List<Window> pending = new ArrayList<>();
            for (int c = 0; c < orders.size(); c++) {
                List<?> reply = (List<?>) responses.get(c).get();
                List<Window> callWindows = windows.get(c);
                for (int w = 0; w < callWindows.size(); w++) {
                    if (Long.valueOf(1).equals(reply.get(w))) {
                        pending.add(callWindows.get(w));
                    }
                }
                int[] order = orders.get(c);
                for (int p = 0; p < order.length; p++) {
                    added[order[p]] = Long.valueOf(1).equals(reply.get(callWindows.size() + p));
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
     * The adds of one call, by open set (in the order each first appears), then event time, then their order in the
     * batch: so that each window's adds are one run.
     */
    private static int[] byOpenSetAndTime(List<Add> adds, List<Integer> call) {
        Map<String, Integer> openSets = new HashMap<>();
        long[][] sortKeys = new long[call.size()][];
        for (int j = 0; j < call.size(); j++) {
            Add add = adds.get(call.get(j));
            int openSet = openSets.computeIfAbsent(add.openSet(), s -> openSets.size());
            sortKeys[j] = new long[] { openSet, add.event().eventTime().toEpochMilli(), call.get(j) };
        }
        Arrays.sort(sortKeys, Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1])
                .thenComparingLong(k -> k[2]));
        int[] order = new int[sortKeys.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = (int) sortKeys[j][2];
        }
        return order;
    }

    /**
     * Writes the index and open-set entries of windows that are new or open again, then clears their pending mark:
     * the entries first, so that a crash in between leaves the mark and the batch's retry writes them again. An entry
     * refused (an error reply: out of memory, a wrong type) throws before the marks are cleared, for the same reason.
     */
    private void index(List<Window> pending, long latenessMillis) {
        if (pending.isEmpty()) {
            return;
        }
        // gathered per key first: one ZADD or SADD (and one EXPIRE) per key for the whole batch
        Map<String, Map<String, Double>> sortedSets = new LinkedHashMap<>();
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (Window window : pending) {
            long start = window.startMillis() / 1000;
            String label = window.size().label();
            String startText = Long.toString(start);
            sortedSets.computeIfAbsent(index(window.zone(), window.size()), k -> new HashMap<>()).put(startText, (double) start);
            sets.computeIfAbsent("chillflow:win:zones:" + label + ":" + start, k -> new ArrayList<>())
                    .add(Integer.toString(window.zone()));
            sortedSets.computeIfAbsent("chillflow:win:starts:" + label, k -> new HashMap<>()).put(startText, (double) start);
            sortedSets.computeIfAbsent(openSet(window.openSet()), k -> new HashMap<>()).put(member(window.zone(),
                    window.size(), start), (double) (window.startMillis() + window.size().millis() + latenessMillis));
        }
        List<Response<Long>> written = new ArrayList<>(2 * (sortedSets.size() + sets.size()));
        try (AbstractPipeline pipeline = redis.pipelined()) {
            sortedSets.forEach((key, members) -> {
                written.add(pipeline.zadd(key, members));
                written.add(pipeline.expire(key, ttlSeconds));
            });
            sets.forEach((key, members) -> {
                written.add(pipeline.sadd(key, members.toArray(String[]::new)));
                written.add(pipeline.expire(key, ttlSeconds));
            });
            pipeline.sync();
        }
        // sync() does not throw for an error reply, reading it does: before the marks go
        written.forEach(Response::get);
        // the marks of one zone's and day's windows: one HDEL
        Map<String, Set<String>> marks = new LinkedHashMap<>();
        for (Window window : pending) {
            long start = window.startMillis() / 1000;
            marks.computeIfAbsent(key(window.zone(), start), k -> new LinkedHashSet<>())
                    .add(field(window.size(), start) + ":p");
        }
        List<Response<Long>> cleared = new ArrayList<>(marks.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            marks.forEach((key, fields) -> cleared.add(pipeline.hdel(key, fields.toArray(String[]::new))));
            pipeline.sync();
        }
        cleared.forEach(Response::get); // a mark left set only makes a retry write the same entries again
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
            // the windows of one zone and day are one hash: one script call makes all of them final
            Map<String, List<String>> byDay = new LinkedHashMap<>();
            String now = Long.toString(nowMillis);
            for (Tuple window : due) {
                String member = window.getElement();
                int first = member.indexOf(':');
                long start = Long.parseLong(member.substring(member.lastIndexOf(':') + 1));
                byDay.computeIfAbsent(key(Integer.parseInt(member.substring(0, first)), start), k -> {
                    List<String> args = new ArrayList<>();
                    args.add(now);
                    return args;
                }).add(member.substring(first + 1));
            }
            // each window final first, then out of the open set: a close cut short is done again, not lost
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Object>> replies = new ArrayList<>(byDay.size());
                byDay.forEach((key, args) -> replies.add(pipeline.evalsha(finalizeSha, List.of(key), args)));
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
        Response<Long> saved;
        Response<Long> expiring;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            saved = pipeline.hset(key, fields);
            expiring = pipeline.expire(key, ttlSeconds);
            pipeline.sync();
        }
        saved.get(); // an error reply throws here: the windows it would close stay open until a save succeeds
        expiring.get();
    }

    /** Who last saved a source's state on a partition (null: nobody, or expired). */
    public String savedBy(String source, int partition) {
        return redis.hget("chillflow:wm:" + source, "by" + partition);
    }

    /**
     * Whether the trip is already counted in its windows: a record behind the watermark that is only a copy of a
     * counted trip (an assembler batch retried after it had published) is a duplicate, not a late trip. The day's trip
     * set holds the trips of its smallest windows, which a trip joins with its windows of every size.
     */
    public boolean counted(ZoneEvent event) {
        long start = sizes.get(0).startOf(event.eventTime().toEpochMilli()) / 1000;
        return redis.sismember(key(event.regionId(), start) + ":trips", start + ":" + event.tripId());
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
        List<Response<String>> sums = new ArrayList<>(zones.size());
        String field = field(size, startSeconds);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            zones.forEach(zone -> sums.add(pipeline.hget(key(zone, startSeconds), field)));
            pipeline.sync();
        }
        List<ZoneWindow> ranked = new ArrayList<>(zones.size());
        for (int i = 0; i < zones.size(); i++) {
            ZoneWindow w = view(zones.get(i), size, startSeconds, sums.get(i).get(), null);
            if (w != null) {
                ranked.add(w);
            }
        }
        ranked.sort(ranking);
        return ranked.subList(0, Math.min(limit, ranked.size())).stream().map(ZoneWindow::regionId).toList();
    }

    /**
     * The windows (zone, start seconds) of one size, in one pipelined round trip; those that do not exist are left out.
     * A larger window's durations are those of the smallest windows it is made of, in the same hash: one HMGET takes
     * its sums and theirs.
     */
    private List<ZoneWindow> read(WindowSize size, List<long[]> zoneAndStart) {
        WindowSize smallest = sizes.get(0);
        long parts = size.millis() / smallest.millis();
        long step = smallest.millis() / 1000;
        List<Response<List<String>>> values = new ArrayList<>(zoneAndStart.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long[] w : zoneAndStart) {
                String[] fields = new String[1 + (int) parts];
                fields[0] = field(size, w[1]);
                for (int i = 0; i < parts; i++) {
                    fields[1 + i] = field(smallest, w[1] + i * step) + ":d";
                }
                values.add(pipeline.hmget(key((int) w[0], w[1]), fields));
            }
            pipeline.sync();
        }
        List<ZoneWindow> windows = new ArrayList<>(zoneAndStart.size());
        for (int i = 0; i < zoneAndStart.size(); i++) {
            List<String> value = values.get(i).get();
            StringBuilder durations = new StringBuilder();
            for (int d = 1; d < value.size(); d++) {
                if (value.get(d) != null) {
                    durations.append(value.get(d));
                }
            }
            ZoneWindow w = view((int) zoneAndStart.get(i)[0], size, zoneAndStart.get(i)[1], value.get(0), durations.toString());
            if (w != null) {
                windows.add(w);
            }
        }
        return windows;
    }

    /**
     * The hash of a zone's windows that start on the day of {@code startSeconds} (epoch day, UTC), {@code
     * chillflow:win:{<zone>:<day>}}; its trips' set is the same with {@code :trips}. The braces are the hash tag: the
     * script that adds a batch's trips of that zone and day touches both keys.
     */
    public static String key(int zone, long startSeconds) {
        return "chillflow:win:{" + zone + ":" + Math.floorDiv(startSeconds, 86_400L) + "}";
    }

    /** A window's field in its day's hash: {@code <size>:<start>}. */
    public static String field(WindowSize size, long startSeconds) {
        return size.label() + ":" + startSeconds;
    }

    /** A window as a member of an open set: {@code <zone>:<size>:<start>}. */
    private static String member(int zone, WindowSize size, long startSeconds) {
        return zone + ":" + size.label() + ":" + startSeconds;
    }

    private static String index(int zone, WindowSize size) {
        return "chillflow:win:idx:" + zone + ":" + size.label();
    }

    /**
     * A window from its value in its day's hash ({@code count,fare_sum,distance_sum,duration_sum,updated_at,final,
     * final_at}) and its durations (comma-terminated; null: not read, the percentiles are not needed).
     */
    private static ZoneWindow view(int zone, WindowSize size, long startSeconds, String value, String durationsText) {
        if (value == null) {
            return null;
        }
        String[] sums = value.split(",", -1);
        long count = Long.parseLong(sums[0]);
        long[] durations = durationsText == null || durationsText.isEmpty() ? new long[0]
                : Arrays.stream(durationsText.split(",")).mapToLong(Long::parseLong).sorted().toArray();
        Instant start = Instant.ofEpochSecond(startSeconds);
        String finalAt = sums[6];
        return new ZoneWindow(zone, start, start.plusMillis(size.millis()), count, Double.parseDouble(sums[1]) / count,
                Double.parseDouble(sums[2]), Long.parseLong(sums[3]) / (double) count, NearestRank.of(durations, 50),
                NearestRank.of(durations, 95), size.label(), "1".equals(sums[5]),
                Instant.ofEpochMilli(Long.parseLong(sums[4])), finalAt.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(finalAt)));
    }
}
