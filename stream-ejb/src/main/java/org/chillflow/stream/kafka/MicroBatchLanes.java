package org.chillflow.stream.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The micro-batch machinery of the trip assembler's Reactive Messaging consumer: records gather per lane (a Kafka
 * partition) into batches of at most {@code batchSize}; each lane processes one batch at a time, in order, on the
 * managed executor; a batch's messages are acknowledged on another thread once the processor says so (the connector
 * resumes delivery on the acknowledging thread, which must not hold up a lane). Nothing blocks the delivering thread:
 * the connector stops delivering once {@code unacked.limit} records wait, which bounds the lanes.
 *
 * <p>A lane's records go on as a batch when they fill one, or when the lane has nothing to do: at {@link #flush}
 * (every linger) if no batch of the lane is queued or running, and as soon as the lane's last batch is through if
 * records gathered meanwhile. So a busy lane's batches grow with the time a batch takes (up to {@code batchSize}), and
 * an idle lane's records wait at most a linger. Handing over whatever gathered at every linger, busy or not, made
 * the lanes work through a queue of small batches under load, each paying the round trips to Redis, PostgreSQL and
 * Kafka a batch costs whatever its size, and splitting a trip's events over more batches (each writing the trip
 * back to Redis).
 *
 * @param <K> the lane key
 * @param <R> what a record becomes when it arrives
 */
public final class MicroBatchLanes<K, R> {

    /** A delivered message and what it became. */
    public record Pending<R>(Message<String> message, R record) {
    }

    /** Processes a batch; true when its messages may be acknowledged (false: the server is stopping). */
    @FunctionalInterface
    public interface Processor<K, R> {
        boolean process(K lane, List<Pending<R>> batch);
    }

    private final class Lane {
        final List<Pending<R>> buffer = new ArrayList<>();
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        /** Batches handed on and not through yet (queued or running). */
        int handed;

        /** The gathered records as a batch, counted as handed on (the caller holds the lane's lock). */
        List<Pending<R>> take() {
            List<Pending<R>> batch = new ArrayList<>(buffer);
            buffer.clear();
            handed++;
            return batch;
        }

        /** What gathered, when the lane has nothing queued or running; else null (the caller holds the lock). */
        List<Pending<R>> takeIfIdle() {
            return handed == 0 && !buffer.isEmpty() ? take() : null;
        }
    }

    private final String what;
    private final int batchSize;
    private final Executor executor;
    private final Processor<K, R> processor;
    private final Logger log;
    private final Map<K, Lane> lanes = new ConcurrentHashMap<>();

    public MicroBatchLanes(String what, int batchSize, Executor executor, Processor<K, R> processor, Logger log) {
        this.what = what;
        this.batchSize = batchSize;
        this.executor = executor;
        this.processor = processor;
        this.log = log;
    }

    /** Gathers a delivered record into its lane; a full lane hands its batch on. */
    public void add(K key, Message<String> message, R record) {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        List<Pending<R>> full = null;
        synchronized (lane) {
            lane.buffer.add(new Pending<>(message, record));
            if (lane.buffer.size() >= batchSize) {
                full = lane.take();
            }
        }
        if (full != null) {
            hand(key, lane, full);
        }
    }

    /** What has gathered in each idle lane goes as a batch, full or not (every linger). */
    public void flush() {
        lanes.forEach((key, lane) -> {
            try {
                List<Pending<R>> batch;
                synchronized (lane) {
                    batch = lane.takeIfIdle();
                }
                if (batch != null) {
                    hand(key, lane, batch);
                }
            } catch (RuntimeException e) {
                log.log(Level.WARNING, what + ": handing a batch over failed", e);
            }
        });
    }

    /** Runs the work after everything chained before it in the lane (a tick, a sweep: work that is not a batch). */
    public CompletableFuture<Void> chain(K key, Runnable work) {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        synchronized (lane) {
            lane.tail = lane.tail.thenRunAsync(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.log(Level.WARNING, what + ": a batch or a tick failed unexpectedly; the batch is delivered"
                            + " again, the tick runs again", e);
                }
            }, executor);
            return lane.tail;
        }
    }

    private void hand(K key, Lane lane, List<Pending<R>> batch) {
        chain(key, () -> {
            try {
                if (processor.process(key, batch)) {
                    executor.execute(() -> batch.forEach(p -> p.message().ack()));
                }
            } finally {
                List<Pending<R>> next;
                synchronized (lane) {
                    lane.handed--;
                    next = lane.takeIfIdle(); // what gathered while the lane worked goes on at once
                }
                if (next != null) {
                    hand(key, lane, next);
                }
            }
        });
    }
}
