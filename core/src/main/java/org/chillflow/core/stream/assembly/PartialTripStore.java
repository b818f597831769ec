package org.chillflow.core.stream.assembly;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.chillflow.core.stream.RedisScript;
import org.chillflow.core.stream.TripEvent;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.resps.Tuple;

/**
 * Partial trips in Redis: one hash per trip key ({@code trip:{<key>}}: event type -> event JSON) updated by a Lua
 * script per event, sent pipelined for a whole batch (one round trip); a marker {@code trip-done:{<key>}} once
 * the trip is settled (written, or dead-lettered), so duplicates and redeliveries after that are recognised
 * and dropped; a sorted set {@code trip-partials} (trip key -> time of its last event) from which the sweep
 * finds partial trips that waited too long. Counters for the status API live here too, shared by every
 * assembler of the group.
 * <p>
 * Cluster-safe: the braces are a Redis Cluster hash tag, so a trip's two keys share a slot and its script touches
 * only those (in KEYS); {@code trip-partials} is written by plain pipelined commands after the scripts, and the
 * sweep removes an expired trip in two steps that each check the trip's last-event time did not move.
 */
public final class PartialTripStore {

    static final String PARTIALS = "trip-partials";
    static final String COMPLETED = "stream:completed";
    static final String COMPLETED_PER_MINUTE = "stream:completed:minute:";
    static final String DEAD_LETTERS = "stream:dead-letters";

    /**
     * One event to add.
     *
     * @param source where it came from ({@code topic/partition@offset}), or null: kept with the event, so that
     *        an event dead-lettered later (its trip expired or was refused) still names its record
     * @param parsed the event as read from {@code json}, or null: a lane that holds its trips in memory
     *        ({@link LaneTripState}) keeps it beside the JSON, so that the trip's completion does not read the JSON again
     */
    public record Add(String tripKey, String type, int bit, String json, String source, TripEvent parsed) {
    }

    /**
     * What adding an event gave: on completion every event of the trip, by type, and where each came from; with
     * {@code parsedByType} the events of those a lane held already read (the others are read from their JSON).
     */
    public record Outcome(String state, Map<String, String> eventsByType, Map<String, String> sourcesByType,
            Map<String, TripEvent> parsedByType) {

        public Outcome(String state, Map<String, String> eventsByType, Map<String, String> sourcesByType) {
            this(state, eventsByType, sourcesByType, Map.of());
        }

        public boolean complete() {
            return state.equals("complete");
        }

        public boolean done() {
            return state.equals("done");
        }
    }

    /** A partial trip that waited longer than the timeout: its events, their sources, the score read with them. */
    public record Expired(String tripKey, double lastEventMillis, Map<String, String> eventsByType,
            Map<String, String> sourcesByType) {
    }

    /** The hash holds {@code source|json} (a JSON event starts with '{', a source never holds '|'). */
    static String stored(String source, String json) {
        return (source == null ? "" : source) + "|" + json;
    }

    static void decode(String type, String value, Map<String, String> events, Map<String, String> sources) {
        int bar = value.indexOf('|');
        if (bar < 0 || value.startsWith("{")) { // written before sources were kept
            events.put(type, value);
            return;
        }
        events.put(type, value.substring(bar + 1));
        if (bar > 0) {
            sources.put(type, value.substring(0, bar));
        }
    }

    private static final RedisScript ADD = RedisScript.of(PartialTripStore.class, "add-event.lua");
    private static final RedisScript REMOVE_EXPIRED = RedisScript.of(PartialTripStore.class, "remove-expired.lua");
    private static final RedisScript REMOVE_PARTIAL = RedisScript.of(PartialTripStore.class, "remove-partial.lua");

    private final UnifiedJedis redis;
    private final int ttlSeconds;
    private final int doneTtlSeconds;

    /** A trip's partial state (hash tag: the trip key). */
    public static String tripKey(String key) {
        return "trip:{" + key + "}";
    }

    /** A settled trip's marker, in its trip's slot. */
    public static String doneKey(String key) {
        return "trip-done:{" + key + "}";
    }

    /**
     * @param ttlSeconds a partial trip's hash outlives its last event by this much (a safety net: the sweep
     *        normally dead-letters it first)
     * @param doneTtlSeconds how long a settled trip's marker is kept against late duplicates
     */
    public PartialTripStore(UnifiedJedis redis, int ttlSeconds, int doneTtlSeconds) {
        this.redis = redis;
        this.ttlSeconds = ttlSeconds;
        this.doneTtlSeconds = doneTtlSeconds;
    }

    /** Adds the events in order, in one round trip; the outcomes are in the same order. */
    public List<Outcome> addAll(List<Add> adds, long nowMillis) {
        if (adds.isEmpty()) {
            return List.of();
        }
        try {
            return tryAddAll(adds, nowMillis);
        } catch (JedisNoScriptException e) {
            ADD.forget(); // Redis restarted and forgot its scripts: load again; adding an event twice is harmless
            return tryAddAll(adds, nowMillis);
        }
    }

    private List<Outcome> tryAddAll(List<Add> adds, long nowMillis) {
        String addSha = ADD.sha(redis);
        List<Response<Object>> replies = new ArrayList<>(adds.size());
        String now = Long.toString(nowMillis);
        String ttl = Integer.toString(ttlSeconds);
        String required = Integer.toString(org.chillflow.core.stream.TripEventType.REQUIRED_MASK);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Add add : adds) {
                replies.add(pipeline.evalsha(addSha, List.of(tripKey(add.tripKey()), doneKey(add.tripKey())),
                        List.of(add.type(), stored(add.source(), add.json()), Integer.toString(add.bit()), required, ttl,
                                now)));
            }
            pipeline.sync();
        }
        List<Outcome> outcomes = new ArrayList<>(adds.size());
        Map<String, Double> partial = new LinkedHashMap<>();
        for (int a = 0; a < replies.size(); a++) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) replies.get(a).get();
            Map<String, String> events = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            for (int i = 1; i + 1 < values.size(); i += 2) {
                decode(text(values.get(i)), text(values.get(i + 1)), events, sources);
            }
            Outcome outcome = new Outcome(text(values.get(0)), events, sources);
            outcomes.add(outcome);
            if (outcome.state().equals("partial")) {
                partial.put(adds.get(a).tripKey(), (double) nowMillis);
            }
        }
        // the expiry index after the trips' own state (another slot on a cluster): a trip completed or settled in
        // this batch is not indexed; a crash before this line leaves partial state that the batch's retry indexes
        if (!partial.isEmpty()) {
            redis.zadd(PARTIALS, partial);
        }
        return outcomes;
    }

    /**
     * After the trips are in PostgreSQL (or in the dead-letter topic): remember them as settled, drop their
     * partial state, count them; one round trip.
     */
    public void settle(Collection<String> written, Collection<String> rejected, Map<String, Long> deadLettersByReason,
            long nowMillis) {
        List<Response<?>> replies = new ArrayList<>(3 * (written.size() + rejected.size()) + 3);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Collection<String> keys : List.of(written, rejected)) {
                for (String key : keys) {
                    replies.add(pipeline.setex(doneKey(key), doneTtlSeconds, "1"));
                    replies.add(pipeline.del(tripKey(key)));
                    replies.add(pipeline.zrem(PARTIALS, key));
                }
            }
            if (!written.isEmpty()) {
                replies.add(pipeline.incrBy(COMPLETED, written.size()));
                String minute = COMPLETED_PER_MINUTE + nowMillis / 60_000;
                replies.add(pipeline.incrBy(minute, written.size()));
                replies.add(pipeline.expire(minute, 600));
            }
            deadLettersByReason.forEach((reason, n) -> replies.add(pipeline.hincrBy(DEAD_LETTERS, reason, n)));
            pipeline.sync();
        }
        // sync() does not throw for an error reply (OOM at maxmemory, a wrong type), reading it does: a trip whose
        // done marker Redis refused would be assembled again from a redelivered event, its partial state would expire
        // into the dead-letter topic. Thrown, the batch is not acknowledged and runs again (process()).
        replies.forEach(Response::get);
    }

    /** The key whose value names Redis's current state (see {@link #epoch()}). */
    static final String EPOCH = "trip-state-epoch";

    /**
     * A value written once into an empty Redis and kept: it changes only when Redis lost its data (FLUSHALL, a node
     * replaced without its data), which tells an assembler lane that its in-memory copy of the partial trips
     * ({@link LaneTripState}) no longer matches Redis.
     */
    public String epoch() {
        String epoch = redis.get(EPOCH);
        if (epoch == null) {
            redis.setnx(EPOCH, java.util.UUID.randomUUID().toString());
            epoch = redis.get(EPOCH);
        }
        return epoch;
    }

    /** A trip as Redis holds it: settled, or its partial-state hash (empty for a trip not seen yet). */
    public record Loaded(boolean done, Map<String, String> stored) {
    }

    /** The trips' state, in one pipelined round trip. */
    public Map<String, Loaded> load(Collection<String> keys) {
        Map<String, Response<Boolean>> done = new LinkedHashMap<>();
        Map<String, Response<Map<String, String>>> hashes = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                done.put(key, pipeline.exists(doneKey(key)));
                hashes.put(key, pipeline.hgetAll(tripKey(key)));
            }
            pipeline.sync();
        }
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        done.forEach((key, d) -> loaded.put(key, new Loaded(d.get(), hashes.get(key).get())));
        return loaded;
    }

    /** What a batch changed in a trip that is still partial: its new events ({@link #stored} form) and its mask. */
    public record PartialWrite(Map<String, String> events, int mask) {
    }

    /**
     * Writes partial trips the way add-event.lua leaves them (the events, {@code _mask}, {@code _last}, the TTL),
     * then their entries in the expiry index: one pipelined round trip.
     */
    public void writePartials(Map<String, PartialWrite> writes, long nowMillis) {
        if (writes.isEmpty()) {
            return;
        }
        String now = Long.toString(nowMillis);
        Map<String, Double> index = new LinkedHashMap<>();
        List<Response<?>> replies = new ArrayList<>(2 * writes.size() + 1);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            writes.forEach((key, write) -> {
                Map<String, String> fields = new LinkedHashMap<>(write.events());
                fields.put("_mask", Integer.toString(write.mask()));
                fields.put("_last", now);
                replies.add(pipeline.hset(tripKey(key), fields));
                replies.add(pipeline.expire(tripKey(key), ttlSeconds));
                index.put(key, (double) nowMillis);
            });
            replies.add(pipeline.zadd(PARTIALS, index));
            pipeline.sync();
        }
        // an error reply throws when read: the lane's copy would otherwise hold events that Redis, the durable copy a
        // new owner reloads, never took
        replies.forEach(Response::get);
    }

    /** Partial trips whose last event is older than the cutoff, oldest first, at most {@code limit}. */
    public List<Expired> expiredBefore(long cutoffMillis, int limit) {
        List<Expired> expired = new ArrayList<>();
        for (Tuple entry : redis.zrangeByScoreWithScores(PARTIALS, Double.NEGATIVE_INFINITY, cutoffMillis, 0, limit)) {
            Map<String, String> events = new TreeMap<>();
            Map<String, String> sources = new TreeMap<>();
            redis.hgetAll(tripKey(entry.getElement())).forEach((type, value) -> {
                if (!type.startsWith("_")) {
                    decode(type, value, events, sources);
                }
            });
            expired.add(new Expired(entry.getElement(), entry.getScore(), events, sources));
        }
        return expired;
    }

    /** Drops an expired trip after its events were dead-lettered, unless an event arrived meanwhile. */
    public boolean removeExpired(Expired trip) {
        String score = Long.toString((long) trip.lastEventMillis());
        if (!Long.valueOf(1).equals(REMOVE_EXPIRED.eval(redis, List.of(tripKey(trip.tripKey())), List.of(score)))) {
            return false;
        }
        REMOVE_PARTIAL.eval(redis, List.of(PARTIALS), List.of(trip.tripKey(), score));
        return true;
    }

    public void countDeadLetters(Map<String, Long> byReason) {
        byReason.forEach((reason, n) -> redis.hincrBy(DEAD_LETTERS, reason, n));
    }

    public long completedCount() {
        String value = redis.get(COMPLETED);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Trips completed in the last whole minute, per second. */
    public double completedPerSecond(long nowMillis) {
        String value = redis.get(COMPLETED_PER_MINUTE + (nowMillis / 60_000 - 1));
        return value == null ? 0 : Long.parseLong(value) / 60.0;
    }

    public Map<String, Long> deadLetterCounts() {
        Map<String, Long> counts = new TreeMap<>();
        redis.hgetAll(DEAD_LETTERS).forEach((k, v) -> counts.put(k, Long.parseLong(v)));
        return counts;
    }

    /** Partial trips held now. */
    public long partialCount() {
        return redis.zcard(PARTIALS);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
