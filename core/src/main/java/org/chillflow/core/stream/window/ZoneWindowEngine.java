package org.chillflow.core.stream.window;

import org.chillflow.core.stream.ZoneEvent;
import org.chillflow.core.stream.ZoneEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chillflow.core.stream.kafka.DeadLetters;
import org.chillflow.core.stream.kafka.Inbound;
import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.kafka.StreamHeaders;

/**
 * Event-time tumbling windows of zone events, kept in Redis ({@link ZoneWindowStore}), a micro-batch at a time.
 *
 * <p><b>Sources.</b> Watermarks are kept per source: a replay (Kafka header {@code chillflow-replay}, one id per
 * run of {@code chillflow replay streampulse}) or, without that header, the topic's live traffic. So replaying an
 * older file after a newer one starts a watermark of its own and fills its windows, instead of finding every
 * event behind the newer file's watermark and producing nothing (StreamPulse's hazard). Window accumulation is
 * deduplicated by trip id whatever the source: a redelivered record, or the same file replayed again, counts once.
 *
 * <p><b>Lateness, per partition.</b> A source's records on one Kafka partition have a watermark of their own and
 * close their own windows (Kafka Streams' stream time per task): a zone's records are on one partition (the topics
 * are keyed by zone: StreamPulse's producers, {@code chillflow replay} and the assembler key by it), so a zone's
 * windows depend on that partition's progress only, and a server closes only the windows of the partitions it
 * consumes — with several servers, one that is stalled holds back its own windows and no one else's. On
 * {@code zone-events} the watermark is the partition's highest event time - {@code bound}. On
 * {@code trips-completed} it is the lowest of the assembler lanes' progress marks on that partition
 * ({@link StreamHeaders#WATERMARK}): the lanes complete trips at their own speeds, so the trips themselves come in no
 * event-time order and do not move it. A window is final once the watermark reaches its end + {@code
 * allowedLateness}; an event whose smallest window is already final is late (unless it is a copy of a trip counted
 * there, or earlier in the same batch: a duplicate): counted and sent to the dead-letter topic, added to no window
 * (so the sizes always agree: the 1h window is the sum of its 1m ones). A source that
 * delivers nothing on a partition for {@code sourceIdle} has that partition's open windows made final (the end of a
 * StreamPulse replay or of live traffic must not wait forever for newer data) and its watermark moves up to its
 * highest event time; if it resumes, a window it adds to opens again until the watermark passes. A replay of
 * completed trips is not closed by silence: its end record, passed on by every lane, closes it.
 *
 * <p>Not thread-safe: one lane calls it (the aggregator has one per topic partition). The caller acknowledges the
 * records after {@link #process} returned.
 */
public final class ZoneWindowEngine {

    /** Header naming a replay run: its events have their own watermark. */
    public static final String SOURCE_HEADER = StreamHeaders.REPLAY;

    /** The assembler's completed trips: their watermark comes from the lanes' progress marks. */
    public static final String COMPLETED_TOPIC = KafkaStreamOutput.COMPLETED_TOPIC;
    /** The assembler's input: one lane per partition. */
    public static final String TRIP_EVENTS_TOPIC = "trip-events";

    /** Counts for metrics; the default does nothing. */
    public interface Observer {
        /** {@code n} events of a topic had this outcome: accepted, duplicate, late, invalid. */
        default void event(String topic, String outcome, long n) {
        }

        default void invalid(String reason) {
        }

        /** Windows made final, and the time from the record that moved the watermark to the final mark. */
        default void closed(long windows, long latencyMillis) {
        }

        /** An open window was updated: from the event's record timestamp to the write. */
        default void updated(long latencyMillis) {
        }
    }

    /**
     * A record with the source it belongs to.
     *
     * @param mark an assembler lane's progress mark (a trips-completed record without a value), or null
     */
    public record Record(Inbound inbound, String source, StreamHeaders.Mark mark) {

        public Record(Inbound inbound, String source) {
            this(inbound, source, null);
        }
    }

    public record Result(int accepted, int duplicates, int late, int invalid, long windowsClosed) {
    }

    /** @param partitions partition count by topic (a source's watermark waits for each of its topic's partitions) */
    public record Settings(Duration bound, Duration allowedLateness, Duration partitionIdle, Duration sourceIdle,
            Map<String, Integer> partitions) {
    }

    private final ZoneWindowStore store;
    private final DeadLetters output;
    private final Observer observer;
    private final Settings settings;
    private final WindowSize smallest;
    /** A source's records on one Kafka partition: the unit that has a watermark and closes its own windows. */
    private record Part(String source, int partition, String openSet) {

        /**
         * With its open-window set ({@code <source>:<partition>}, the key {@code chillflow:win:open:<source>:<partition>}),
         * made once per part, not once per event.
         */
        static Part of(String source, int partition) {
            return new Part(source, partition, source + ":" + partition);
        }
    }

    /** A trip in its smallest window: what {@link ZoneWindowStore#counted} looks up. */
    private record TripInWindow(int zone, long windowStart, String tripId) {
    }

    private final Map<Part, SourceWatermark> watermarks = new HashMap<>();
    /** Parts with windows that may still be open (cleared when a quiet part's windows are closed). */
    private final Set<Part> active = new LinkedHashSet<>();
    /** Who saved a part's state last, so that a server closes only the windows of partitions it still consumes. */
    private final String instance = java.util.UUID.randomUUID().toString();
    /** Ticks come every second; a gap longer than this means this consumer was not running. */
    private static final long PAUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    private long lastTickNanos = System.nanoTime();
    private volatile long lagMillis;

    public ZoneWindowEngine(ZoneWindowStore store, DeadLetters output, Observer observer, Settings settings) {
        this.store = store;
        this.output = output;
        this.observer = observer;
        this.settings = settings;
        this.smallest = store.sizes().get(0);
    }

    public Result process(List<Record> batch) {
        Set<Part> seen = new LinkedHashSet<>();
        try {
            return process(batch, seen);
        } catch (RuntimeException e) {
            // the watermarks saw the batch but Redis did not: forget them, the retry reloads the saved state
            seen.forEach(watermarks::remove);
            throw e;
        }
    }

    private Result process(List<Record> batch, Set<Part> seen) {
        long nowNanos = System.nanoTime();
        long lateness = settings.allowedLateness().toMillis();
        List<ZoneWindowStore.Add> adds = new ArrayList<>();
        List<Record> addedFrom = new ArrayList<>();
        // the trips this batch adds, by smallest window: Redis knows them only after the batch, so a later copy in the
        // same batch that the watermark has passed meanwhile is found here
        Set<TripInWindow> batchTrips = new java.util.HashSet<>();
        Set<Part> touched = new LinkedHashSet<>();
        int late = 0;
        int invalid = 0;
        int duplicates = 0;
        // a lane's records are one partition's, nearly always of one source: the part of the record before is reused,
        // so its strings are hashed once (a replay's source is a 70-character header value, new in every record)
        Part previous = null;
        for (Record record : batch) {
            Inbound in = record.inbound();
            Part part = previous != null && previous.partition() == in.partition() && previous.source().equals(record.source())
                    ? previous : Part.of(record.source(), in.partition());
            previous = part;
            if (record.mark() != null) {
                seen.add(part);
                SourceWatermark watermark = watermark(part, in.topic(), nowNanos);
                if (watermark.marks() && record.mark().lane() >= 0 && record.mark().lane() < lanes()) {
                    watermark.observe(record.mark().lane(), record.mark().millis(), in.timestampMillis(), nowNanos);
                    touched.add(part);
                }
                continue;
            }
            ZoneEventCodec.Decoded decoded = ZoneEventCodec.decode(in.payload(), in.topic().equals(COMPLETED_TOPIC)
                    ? ZoneEventCodec.Schema.COMPLETED_TRIP : ZoneEventCodec.Schema.STREAMPULSE);
            if (!decoded.valid()) {
                invalid++;
                observer.event(in.topic(), "invalid", 1);
                observer.invalid(decoded.invalid().reason());
                output.deadLetter(in.payload(), in, decoded.invalid().tripId(), decoded.invalid().reason(),
                        decoded.invalid().detail());
                continue;
            }
            ZoneEvent event = decoded.event();
            seen.add(part);
            SourceWatermark watermark = watermark(part, in.topic(), nowNanos);
            long eventMillis = event.eventTime().toEpochMilli();
            long smallestStart = smallest.startOf(eventMillis);
            long closesAt = smallestStart + smallest.millis() + lateness;
            TripInWindow batchTrip = new TripInWindow(event.regionId(), smallestStart, event.tripId());
            if (closesAt <= watermark.watermark()) {
                if (batchTrips.contains(batchTrip) || store.counted(event)) {
                    observer.event(in.topic(), "duplicate", 1); // a copy of a trip its window counted before it was final
                    duplicates++;
                    continue;
                }
                late++;
                observer.event(in.topic(), "late", 1);
                output.deadLetter(in.payload(), in, event.tripId(), "late_event", "event_time " + event.eventTime()
                        + " is in the " + smallest.label() + " window ending " + Instant.ofEpochMilli(closesAt - lateness)
                        + ", final since the watermark of source " + record.source() + " on partition " + in.partition()
                        + " passed " + Instant.ofEpochMilli(closesAt) + " (now " + Instant.ofEpochMilli(watermark.watermark()) + ")");
                continue;
            }
            adds.add(new ZoneWindowStore.Add(event, part.openSet()));
            batchTrips.add(batchTrip);
            addedFrom.add(record);
            if (!watermark.marks()) {
                watermark.observe(0, eventMillis, in.timestampMillis(), nowNanos);
            }
            touched.add(part);
        }
        long nowMillis = System.currentTimeMillis();
        boolean[] added = store.addAll(adds, lateness, nowMillis);
        long written = System.currentTimeMillis();
        int accepted = 0;
        Map<String, long[]> byTopic = new HashMap<>(); // accepted, duplicate: counted once per batch
        for (int i = 0; i < added.length; i++) {
            Inbound in = addedFrom.get(i).inbound();
            long[] counts = byTopic.computeIfAbsent(in.topic(), t -> new long[2]);
            if (added[i]) {
                accepted++;
                counts[0]++;
                observer.updated(Math.max(0, written - in.timestampMillis()));
            } else {
                duplicates++;
                counts[1]++;
            }
        }
        byTopic.forEach((topic, counts) -> {
            if (counts[0] > 0) {
                observer.event(topic, "accepted", counts[0]);
            }
            if (counts[1] > 0) {
                observer.event(topic, "duplicate", counts[1]);
            }
        });
        long closed = 0;
        for (Part part : touched) {
            SourceWatermark watermark = watermarks.get(part);
            store.saveWatermark(part.source(), part.partition(), watermark, instance);
            active.add(part);
            closed += close(part, watermark, false);
        }
        output.flush();
        lagMillis = computeLagMillis();
        return new Result(accepted, duplicates, late, invalid, closed);
    }

    /**
     * Re-evaluates idleness: a quiet lane of live traffic can release a part's watermark, and a part quiet for
     * {@code sourceIdle} has all its open windows closed — if this server still consumes its partition (the last to
     * save its state); a partition that moved to another server is only forgotten here. A replay of completed trips
     * is closed by its end record only. Call it every second or so, on the lane.
     */
    public long tick() {
        long closed = closeQuietAndIdle();
        lagMillis = computeLagMillis();
        return closed;
    }

    private long closeQuietAndIdle() {
        long nowNanos = System.nanoTime();
        boolean paused = nowNanos - lastTickNanos > PAUSE_NANOS;
        lastTickNanos = nowNanos;
        if (paused) {
            // the lane (or the whole JVM: a long GC, a stopped process, a busy host) did not run for a while: what
            // looks like quiet is this consumer having been away, with records waiting for it. Count quiet anew.
            watermarks.values().forEach(w -> w.resumed(nowNanos));
            return 0;
        }
        long closed = 0;
        for (Part part : List.copyOf(active)) {
            SourceWatermark watermark = watermarks.get(part);
            if (watermark.marks() && !part.source().equals(COMPLETED_TOPIC)) {
                // a replay of completed trips ends with its end record, which every lane passes on: silence here can
                // be another server's lane standing still with trips still to complete, so it closes nothing (a
                // replay whose producer died leaves its last windows open: open, not wrongly final)
                if (watermark.watermark() == Long.MAX_VALUE) {
                    active.remove(part);
                    watermarks.remove(part);
                }
                continue;
            }
            if (watermark.quietFor(settings.sourceIdle().toNanos(), nowNanos)) {
                if (instance.equals(store.savedBy(part.source(), part.partition()))) {
                    closed += close(part, watermark, true);
                    store.saveWatermark(part.source(), part.partition(), watermark, instance);
                }
                active.remove(part);
                // quiet and saved: forgotten here (a replay is a new source each run), reloaded if it speaks again
                watermarks.remove(part);
            } else if (watermark.recompute(nowNanos, System.currentTimeMillis())) {
                store.saveWatermark(part.source(), part.partition(), watermark, instance);
                closed += close(part, watermark, false);
            }
        }
        return closed;
    }

    private long close(Part part, SourceWatermark watermark, boolean all) {
        long now = System.currentTimeMillis();
        ZoneWindowStore.Closed closed = all ? store.closeAll(part.openSet(), now)
                : store.closeUpTo(part.openSet(), watermark.watermark(), now);
        if (closed.windows() > 0) {
            if (all) {
                // the part has caught up: its watermark moves to its highest event time (the bound is for
                // records still on their way, and none are)
                watermark.advanceTo(watermark.maxEventTime());
                observer.closed(closed.windows(), 0);
            } else {
                observer.closed(closed.windows(), Math.max(0, now - watermark.advancedByRecordMillis()));
            }
        }
        return closed.windows();
    }

    private SourceWatermark watermark(Part part, String topic, long nowNanos) {
        return watermarks.computeIfAbsent(part, p -> {
            // a replay's lanes are not released by silence: a lane that is slow or stalled (its server paused) holds
            // the partition's windows, and the replay's end record releases every lane at once; live traffic has no
            // end, and a lane silent for partition-idle stops holding it
            boolean replay = !p.source().equals(topic);
            SourceWatermark w = topic.equals(COMPLETED_TOPIC)
                    ? SourceWatermark.forMarks(replay ? Long.MAX_VALUE : settings.partitionIdle().toNanos(), nowNanos, lanes())
                    : new SourceWatermark(settings.bound().toMillis(), settings.partitionIdle().toNanos(), nowNanos, 1);
            Map<Integer, Long> saved = store.loadWatermark(p.source(), p.partition(), w.marks());
            Long wm = saved.remove(-1);
            w.restore(saved, wm == null ? Long.MIN_VALUE : wm, nowNanos);
            return w;
        });
    }

    /** The assembler's lanes: the partitions of trip-events. */
    private int lanes() {
        return settings.partitions().getOrDefault(TRIP_EVENTS_TOPIC, 1);
    }

    /**
     * Highest event time minus watermark, over the parts with open windows (0 when none), as of the lane's last batch
     * or tick: safe to read from any thread (a metrics gauge).
     */
    public long watermarkLagMillis() {
        return lagMillis;
    }

    private long computeLagMillis() {
        long lag = 0;
        for (Part part : active) {
            SourceWatermark w = watermarks.get(part);
            if (w.watermark() != Long.MIN_VALUE && w.maxEventTime() != Long.MAX_VALUE) { // MAX: a replay's end
                lag = Math.max(lag, w.maxEventTime() - w.watermark());
            }
        }
        return lag;
    }
}
