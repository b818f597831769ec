package org.chillflow.core.stream.window;

import java.util.HashMap;
import java.util.Map;

/**
 * The event-time watermark of one source (a replay, or a topic's live traffic) on one Kafka partition, over
 * <i>channels</i>: per channel the highest time seen, and the watermark = the lowest of (highest - bound) over the
 * channels that are not idle. A channel that has delivered nothing for the idle timeout does not hold the watermark
 * back (when every channel is idle, all count); a channel not heard from yet counts as behind everything until it
 * has been idle as long. The watermark never goes back.
 *
 * <p>Two kinds: for {@code zone-events} one channel, the partition itself, and its time the events' event time
 * (bound: how far out of order they may arrive). For {@code trips-completed} ({@link #forMarks}) a channel is an
 * assembler lane and its time the lane's progress mark on this partition (bound 0: the lane has applied it) — the
 * completed trips themselves do not move the watermark, since trips that several lanes complete at different speeds
 * reach a partition in no event-time order.
 *
 * <p>Not thread-safe: one aggregator lane owns it.
 */
public final class SourceWatermark {

    private final long boundMillis;
    private final boolean marks;
    private final long idleNanos;
    private final Map<Integer, Long> maxByPartition = new HashMap<>();
    private final Map<Integer, Long> lastSeenNanos = new HashMap<>();
    private long watermark = Long.MIN_VALUE;
    private long lastEventNanos;
    /** The record timestamp of the event that last moved the watermark (window-close latency starts there). */
    private long advancedByRecordMillis;

    /**
     * @param partitions the partitions of the source's topic: one not heard from yet holds the watermark back
     *        until it has been idle for the idle timeout (a fast consumer can get one partition's records well
     *        ahead of another's; without this the first poll alone would set the watermark)
     */
    public SourceWatermark(long boundMillis, long idleNanos, long nowNanos, int partitions) {
        this(boundMillis, idleNanos, nowNanos, partitions, false);
    }

    private SourceWatermark(long boundMillis, long idleNanos, long nowNanos, int partitions, boolean marks) {
        this.marks = marks;
        this.boundMillis = boundMillis;
        this.idleNanos = idleNanos;
        this.lastEventNanos = nowNanos;
        for (int p = 0; p < partitions; p++) {
            lastSeenNanos.put(p, nowNanos);
        }
    }

    /**
     * A watermark moved by progress marks: channel = assembler lane.
     *
     * @param channels the assembler's lanes (partitions of trip-events)
     */
    public static SourceWatermark forMarks(long idleNanos, long nowNanos, int channels) {
        return new SourceWatermark(0, idleNanos, nowNanos, channels, true);
    }

    /** True when progress marks move it ({@link #forMarks}), false when event times do. */
    public boolean marks() {
        return marks;
    }

    /** State kept in Redis across restarts: the partitions' highest event times and the watermark. */
    public void restore(Map<Integer, Long> maxima, long watermark, long nowNanos) {
        maxima.forEach((p, max) -> {
            maxByPartition.merge(p, max, Math::max);
            lastSeenNanos.putIfAbsent(p, nowNanos);
        });
        this.watermark = Math.max(this.watermark, watermark);
    }

    /** Records an event (or a progress mark) on a channel; true when the watermark moved. */
    public boolean observe(int partition, long eventMillis, long recordMillis, long nowNanos) {
        if (nowNanos - lastEventNanos >= idleNanos) {
            // the source resumes after a pause (or a restart): every partition gets the idle timeout anew to show
            // up. Otherwise the first partition the consumer happens to fetch would find the others idle and move
            // the watermark past all they are about to deliver.
            lastSeenNanos.replaceAll((p, seen) -> nowNanos);
        }
        maxByPartition.merge(partition, eventMillis, Math::max);
        lastSeenNanos.put(partition, nowNanos);
        lastEventNanos = nowNanos;
        return recompute(nowNanos, recordMillis);
    }

    /** Re-evaluates idleness (a partition going quiet can release the watermark); true when it moved. */
    public boolean recompute(long nowNanos, long recordMillis) {
        for (Map.Entry<Integer, Long> seen : lastSeenNanos.entrySet()) {
            if (!maxByPartition.containsKey(seen.getKey()) && nowNanos - seen.getValue() < idleNanos) {
                return false; // a partition still to be heard from
            }
        }
        if (maxByPartition.isEmpty()) {
            return false;
        }
        // Long.MAX_VALUE is a value here (a replay's end), not "none": presence is tracked apart
        long lowestActive = Long.MAX_VALUE;
        long lowestAll = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Map.Entry<Integer, Long> e : maxByPartition.entrySet()) {
            long candidate = e.getValue() == Long.MAX_VALUE ? Long.MAX_VALUE : e.getValue() - boundMillis;
            lowestAll = Math.min(lowestAll, candidate);
            if (nowNanos - lastSeenNanos.get(e.getKey()) < idleNanos) {
                lowestActive = Math.min(lowestActive, candidate);
                anyActive = true;
            }
        }
        long computed = anyActive ? lowestActive : lowestAll;
        if (computed > watermark) {
            watermark = computed;
            advancedByRecordMillis = recordMillis;
            return true;
        }
        return false;
    }

    /** This consumer was not running for a while (a paused JVM): silence until now counts for nothing. */
    public void resumed(long nowNanos) {
        lastEventNanos = nowNanos;
        lastSeenNanos.replaceAll((channel, seen) -> nowNanos);
    }

    /** Moves the watermark forward to at least this (a source that went quiet has its windows closed). */
    public void advanceTo(long millis) {
        watermark = Math.max(watermark, millis);
    }

    public long watermark() {
        return watermark;
    }

    public long maxEventTime() {
        return maxByPartition.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
    }

    public Map<Integer, Long> maxima() {
        return Map.copyOf(maxByPartition);
    }

    public long advancedByRecordMillis() {
        return advancedByRecordMillis;
    }

    public boolean quietFor(long nanos, long nowNanos) {
        return nowNanos - lastEventNanos >= nanos;
    }
}
