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
 * <p><b>Lateness.</b> Per source and Kafka partition the highest event time is kept; the watermark is the lowest
 * (highest - {@code bound}) over the partitions that are not idle. Completed trips ({@code trips-completed}) are the
 * exception: the assembler's lanes complete them at their own speeds, so a partition receives them in no event-time
 * order; their watermark is the lowest of the lanes' progress marks over every (partition, lane)
 * ({@link StreamHeaders#WATERMARK}), the trips themselves do not move it. A window is final once the watermark reaches
 * its end + {@code allowedLateness}; an event whose smallest window is already final is late: counted and sent to
 * the dead-letter topic, added to no window (so the sizes always agree: the 1h window is the sum of its 1m ones).
 * A source that delivers nothing for {@code sourceIdle} has all its open windows made final (the end of a replay
 * must not wait forever for newer data) and its watermark moves up to its highest event time; if it resumes, a
 * window it adds to opens again until the watermark passes.
 *
 * <p>Not thread-safe: one lane calls it. The caller acknowledges the records after {@link #process} returned.
 */
public final class ZoneWindowEngine {

    /** Header naming a replay run: its events have their own watermark. */
    public static final String SOURCE_HEADER = StreamHeaders.REPLAY;

    /** The assembler's completed trips: their watermark comes from the lanes' progress marks. */
    public static final String COMPLETED_TOPIC = "trips-completed";
    /** The assembler's input: one lane per partition. */
    public static final String TRIP_EVENTS_TOPIC = "trip-events";

    /** Counts for metrics; the default does nothing. */
    public interface Observer {
        /** outcome: accepted, duplicate, late, invalid. */
        default void event(String topic, String outcome) {
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
    private final Map<String, SourceWatermark> sources = new HashMap<>();
    /** Sources with windows that may still be open (cleared when a quiet source's windows are closed). */
    private final Set<String> active = new LinkedHashSet<>();

    public ZoneWindowEngine(ZoneWindowStore store, DeadLetters output, Observer observer, Settings settings) {
        this.store = store;
        this.output = output;
        this.observer = observer;
        this.settings = settings;
        this.smallest = store.sizes().get(0);
    }

    public Result process(List<Record> batch) {
        Set<String> seen = new LinkedHashSet<>();
        try {
            return process(batch, seen);
        } catch (RuntimeException e) {
            // the watermarks saw the batch but Redis did not: forget them, the retry reloads the saved state
            seen.forEach(sources::remove);
            throw e;
        }
    }

    private Result process(List<Record> batch, Set<String> seen) {
        long nowNanos = System.nanoTime();
        long lateness = settings.allowedLateness().toMillis();
        List<ZoneWindowStore.Add> adds = new ArrayList<>();
        List<Record> addedFrom = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        int late = 0;
        int invalid = 0;
        for (Record record : batch) {
            Inbound in = record.inbound();
            if (record.mark() != null) {
                seen.add(record.source());
                SourceWatermark watermark = source(record.source(), in.topic(), nowNanos);
                int lanes = lanes();
                if (watermark.marks() && record.mark().lane() >= 0 && record.mark().lane() < lanes) {
                    watermark.observe(in.partition() * lanes + record.mark().lane(), record.mark().millis(),
                            in.timestampMillis(), nowNanos);
                    touched.add(record.source());
                }
                continue;
            }
            ZoneEventCodec.Decoded decoded = ZoneEventCodec.decode(in.payload(), in.topic().equals(COMPLETED_TOPIC)
                    ? ZoneEventCodec.Schema.COMPLETED_TRIP : ZoneEventCodec.Schema.STREAMPULSE);
            if (!decoded.valid()) {
                invalid++;
                observer.event(in.topic(), "invalid");
                observer.invalid(decoded.invalid().reason());
                output.deadLetter(in.payload(), in, decoded.invalid().tripId(), decoded.invalid().reason(),
                        decoded.invalid().detail());
                continue;
            }
            ZoneEvent event = decoded.event();
            seen.add(record.source());
            SourceWatermark watermark = source(record.source(), in.topic(), nowNanos);
            long eventMillis = event.eventTime().toEpochMilli();
            long closesAt = smallest.startOf(eventMillis) + smallest.millis() + lateness;
            if (closesAt <= watermark.watermark()) {
                late++;
                observer.event(in.topic(), "late");
                output.deadLetter(in.payload(), in, event.tripId(), "late_event", "event_time " + event.eventTime()
                        + " is in the " + smallest.label() + " window ending " + Instant.ofEpochMilli(closesAt - lateness)
                        + ", final since the watermark of source " + record.source() + " passed "
                        + Instant.ofEpochMilli(closesAt) + " (now " + Instant.ofEpochMilli(watermark.watermark()) + ")");
                continue;
            }
            adds.add(new ZoneWindowStore.Add(event, record.source()));
            addedFrom.add(record);
            if (!watermark.marks()) {
                watermark.observe(in.partition(), eventMillis, in.timestampMillis(), nowNanos);
            }
            touched.add(record.source());
        }
        long nowMillis = System.currentTimeMillis();
        boolean[] added = store.addAll(adds, lateness, nowMillis);
        long written = System.currentTimeMillis();
        int duplicates = 0;
        for (int i = 0; i < added.length; i++) {
            Inbound in = addedFrom.get(i).inbound();
            if (added[i]) {
                observer.event(in.topic(), "accepted");
                observer.updated(Math.max(0, written - in.timestampMillis()));
            } else {
                duplicates++;
                observer.event(in.topic(), "duplicate");
            }
        }
        long closed = 0;
        for (String source : touched) {
            SourceWatermark watermark = sources.get(source);
            store.saveWatermark(source, watermark);
            active.add(source);
            closed += close(source, watermark, false);
        }
        output.flush();
        return new Result(added.length - duplicates, duplicates, late, invalid, closed);
    }

    /**
     * Re-evaluates idleness: a quiet partition can release its source's watermark, and a source quiet for
     * {@code sourceIdle} has all its open windows closed. Call it every second or so, on the lane.
     */
    public long tick() {
        long nowNanos = System.nanoTime();
        long closed = 0;
        for (String source : List.copyOf(active)) {
            SourceWatermark watermark = sources.get(source);
            if (watermark.quietFor(settings.sourceIdle().toNanos(), nowNanos)) {
                closed += close(source, watermark, true);
                store.saveWatermark(source, watermark);
                active.remove(source);
                // quiet and saved: forgotten here (a replay is a new source each run), reloaded if it speaks again
                sources.remove(source);
            } else if (watermark.recompute(nowNanos, System.currentTimeMillis())) {
                store.saveWatermark(source, watermark);
                closed += close(source, watermark, false);
            }
        }
        return closed;
    }

    private long close(String source, SourceWatermark watermark, boolean all) {
        long now = System.currentTimeMillis();
        ZoneWindowStore.Closed closed = all ? store.closeAll(source, now) : store.closeUpTo(source, watermark.watermark(), now);
        if (closed.windows() > 0) {
            if (all) {
                // the source has caught up: its watermark moves to its highest event time (the bound is for
                // records still on their way, and none are)
                watermark.advanceTo(watermark.maxEventTime());
                observer.closed(closed.windows(), 0);
            } else {
                observer.closed(closed.windows(), Math.max(0, now - watermark.advancedByRecordMillis()));
            }
        }
        return closed.windows();
    }

    private SourceWatermark source(String source, String topic, long nowNanos) {
        return sources.computeIfAbsent(source, s -> {
            SourceWatermark w = topic.equals(COMPLETED_TOPIC)
                    ? SourceWatermark.forMarks(settings.partitionIdle().toNanos(), nowNanos,
                            settings.partitions().getOrDefault(COMPLETED_TOPIC, 1) * lanes())
                    : new SourceWatermark(settings.bound().toMillis(), settings.partitionIdle().toNanos(), nowNanos,
                            settings.partitions().getOrDefault(topic, 1));
            Map<Integer, Long> saved = store.loadWatermark(s, w.marks());
            Long wm = saved.remove(-1);
            w.restore(saved, wm == null ? Long.MIN_VALUE : wm, nowNanos);
            return w;
        });
    }

    /** The assembler's lanes: the partitions of trip-events. */
    private int lanes() {
        return settings.partitions().getOrDefault(TRIP_EVENTS_TOPIC, 1);
    }

    /** Highest event time minus watermark, over the sources with open windows (0 when none). */
    public long watermarkLagMillis() {
        long lag = 0;
        for (String source : active) {
            SourceWatermark w = sources.get(source);
            if (w.watermark() != Long.MIN_VALUE) {
                lag = Math.max(lag, w.maxEventTime() - w.watermark());
            }
        }
        return lag;
    }
}
