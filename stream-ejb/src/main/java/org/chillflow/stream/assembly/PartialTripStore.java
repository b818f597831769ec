package org.chillflow.stream.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;

/**
 * Partial trips in Redis: one hash per trip key ({@code trip:<key>}, TTL refreshed by every event) updated by
 * one Lua script per event, and a marker {@code trip-done:<key>} once the trip is written, so duplicates and
 * redeliveries after completion are recognised and dropped.
 */
public final class PartialTripStore {

    /** What adding an event gave. */
    public record Outcome(String state, Map<String, String> eventsByType) {

        public boolean complete() {
            return state.equals("complete");
        }

        public boolean done() {
            return state.equals("done");
        }
    }

    private static final String SCRIPT = script();

    private final JedisPooled redis;
    private final int ttlSeconds;
    private final int doneTtlSeconds;

    public PartialTripStore(JedisPooled redis, int ttlSeconds, int doneTtlSeconds) {
        this.redis = redis;
        this.ttlSeconds = ttlSeconds;
        this.doneTtlSeconds = doneTtlSeconds;
    }

    public Outcome add(String tripKey, String type, int bit, int requiredMask, String json) {
        @SuppressWarnings("unchecked")
        List<Object> reply = (List<Object>) redis.eval(SCRIPT, List.of("trip:" + tripKey, "trip-done:" + tripKey),
                List.of(type, json, Integer.toString(bit), Integer.toString(requiredMask), Integer.toString(ttlSeconds)));
        String state = text(reply.get(0));
        Map<String, String> events = new LinkedHashMap<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            events.put(text(reply.get(i)), text(reply.get(i + 1)));
        }
        return new Outcome(state, events);
    }

    /** After the trip is in PostgreSQL: remember it as written, drop its partial state. */
    public void markWritten(String tripKey) {
        Pipeline pipeline = redis.pipelined();
        pipeline.setex("trip-done:" + tripKey, doneTtlSeconds, "1");
        pipeline.del("trip:" + tripKey);
        pipeline.sync();
        pipeline.close();
    }

    /** Counts for the status API: trips completed, dead letters by reason (kept in Redis, shared by servers). */
    public void countCompleted() {
        redis.incr("stream:completed");
    }

    public void countDeadLetter(String reason) {
        redis.hincrBy("stream:dead-letters", reason, 1);
    }

    public long completedCount() {
        String value = redis.get("stream:completed");
        return value == null ? 0 : Long.parseLong(value);
    }

    public Map<String, Long> deadLetterCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        redis.hgetAll("stream:dead-letters").forEach((k, v) -> counts.put(k, Long.parseLong(v)));
        return counts;
    }

    /** Partial trips held now (an estimate for status: counted with SCAN, never on the event path). */
    public long partialCount() {
        long count = 0;
        String cursor = "0";
        do {
            var page = redis.scan(cursor, new redis.clients.jedis.params.ScanParams().match("trip:*").count(1_000));
            count += page.getResult().size();
            cursor = page.getCursor();
        } while (!cursor.equals("0"));
        return count;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static String script() {
        try (InputStream in = PartialTripStore.class.getResourceAsStream("add-event.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
