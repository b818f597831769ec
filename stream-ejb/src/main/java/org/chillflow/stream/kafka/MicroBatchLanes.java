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
 * The micro-batch machinery both Reactive Messaging consumers share (the trip assembler, the zone windows): records
 * gather per lane (a Kafka partition; for the zone windows a topic's partition) into batches of {@code batchSize}, or fewer when
 * {@link #flush} runs (every linger); each lane processes one batch at a time, in order, on the managed executor; a
 * batch's messages are acknowledged on another thread once the processor says so (the connector resumes delivery on
 * the acknowledging thread, which must not hold up a lane). Nothing blocks the delivering thread: the connector stops
 * delivering once {@code unacked.limit} records wait, which bounds the lanes.
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

        List<Pending<R>> take() {
            List<Pending<R>> batch = new ArrayList<>(buffer);
            buffer.clear();
            return batch;
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
            hand(key, full);
        }
    }

    /** What has gathered in each lane goes as a batch, full or not (every linger). */
    public void flush() {
        lanes.forEach((key, lane) -> {
            try {
                List<Pending<R>> batch;
                synchronized (lane) {
                    batch = lane.buffer.isEmpty() ? null : lane.take();
                }
                if (batch != null) {
                    hand(key, batch);
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

    private void hand(K key, List<Pending<R>> batch) {
        chain(key, () -> {
            if (processor.process(key, batch)) {
                executor.execute(() -> batch.forEach(p -> p.message().ack()));
            }
        });
    }
}
