package org.chillflow.core.stream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjIntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A Kafka consumer that hands each poll's records to their partition's lane as one batch: one thread polls, each
 * partition's batches run in order on the executor, the partitions side by side, and a batch's offsets are committed
 * (by the polling thread, the only one that may touch the consumer) once its processor returned. Compared with a
 * consumer that delivers record by record and is acknowledged record by record (MicroProfile Reactive Messaging), a
 * poll of a thousand records costs one hand-over and one commit instead of a thousand of each. While a lane is behind,
 * the polls waiting for it are processed together, up to {@code maxPollRecords} records: a burst costs a lane a
 * batch's fixed work per {@code maxPollRecords}, not per fetch.
 *
 * <ul>
 * <li><b>Bounded:</b> a partition whose lane holds more than {@code maxPending} records is paused until it is down to
 * half; the polling thread never waits for a lane, so the group never sees a slow consumer.</li>
 * <li><b>Nothing lost:</b> a batch whose processor returns false (the server is stopping, or not even the dead-letter
 * topic took it) is not committed; its partition is read again from the batch's first offset, and the batches
 * already queued behind it are dropped (they come again). Processing must be idempotent.</li>
 * <li><b>Rebalance:</b> on revocation the queued batches of the revoked partitions are dropped, the running one is
 * awaited (up to {@code revokeWait}), and what is done is committed before the partitions go; a batch that ends later
 * is not committed (the new owner reads it again).</li>
 * <li><b>Faults:</b> an error out of the consumer itself ends that consumer (its partitions go to the group) and a new
 * one joins after a second; while the broker is away, polls return nothing and the commits are retried.</li>
 * </ul>
 *
 * @see ConsumerHeartbeat what the liveness check learns from {@code delivered}
 */
public final class PartitionBatchConsumer implements AutoCloseable {

    /** Processes a partition's batch, in offset order; true when its offsets may be committed. */
    @FunctionalInterface
    public interface Processor {
        boolean process(TopicPartition partition, List<ConsumerRecord<String, String>> batch);
    }

    /** What a consumer reads and how. */
    public record Settings(String what, String topic, String groupId, Map<String, Object> clientProperties,
            int maxPollRecords, int maxPending, Duration revokeWait) {
    }

    private static final Logger LOG = Logger.getLogger(PartitionBatchConsumer.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * A partition's queue of batches on the executor. {@code epoch} moves on when its queued batches must be dropped;
     * {@code owner} when a batch that ends from then on must not be committed (the partition went).
     */
    private final class Lane {
        volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        final AtomicLong epoch = new AtomicLong();
        final AtomicLong owner = new AtomicLong();
        final AtomicInteger pending = new AtomicInteger();
        /** Batches handed and not yet taken by the lane, in offset order. */
        final Queue<Handed> queued = new ConcurrentLinkedQueue<>();
    }

    /** A poll's records of one partition, with the lane's epoch and owner when it was handed. */
    private record Handed(List<ConsumerRecord<String, String>> records, long epoch, long owner) {
    }

    private final Settings settings;
    private final Executor executor;
    private final ThreadFactory threads;
    private final Processor processor;
    private final ObjIntConsumer<TopicPartition> delivered;
    private final Map<TopicPartition, Lane> lanes = new ConcurrentHashMap<>();
    /** The next offset to commit per partition, written by the lanes, committed by the polling thread. */
    private final Map<TopicPartition, Long> done = new ConcurrentHashMap<>();
    /** Where a partition is to be read again from, after a batch that was not processed. */
    private final Map<TopicPartition, Long> rewind = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    /**
     * @param delivered told the partition and the size of every batch as it is handed over (a liveness signal)
     */
    public PartitionBatchConsumer(Settings settings, Executor executor, ThreadFactory threads, Processor processor,
            ObjIntConsumer<TopicPartition> delivered) {
        this.settings = settings;
        this.executor = executor;
        this.threads = threads;
        this.processor = processor;
        this.delivered = delivered;
    }

    /** Starts the polling thread. */
    public PartitionBatchConsumer start() {
        thread = threads.newThread(this::run);
        thread.setName("chillflow-" + settings.groupId() + "-poll");
        thread.start();
        return this;
    }

    /**
     * Runs the work in the partition's lane after the batches handed to it before (a tick: work that is not a batch).
     */
    public CompletableFuture<Void> chain(TopicPartition partition, Runnable work) {
        Lane lane = lane(partition);
        synchronized (lane) {
            lane.tail = lane.tail.thenRunAsync(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, settings.what() + ": a batch or a tick failed unexpectedly; the batch is read"
                            + " again, the tick runs again", e);
                }
            }, executor);
            return lane.tail;
        }
    }

    /** Stops polling, commits what is done and leaves the group; batches still queued come again after a restart. */
    @Override
    public void close() {
        // no wakeup: a poll ends within 100 ms, and the loop then commits what is done before it leaves
        running = false;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Lane lane(TopicPartition partition) {
        return lanes.computeIfAbsent(partition, p -> new Lane());
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> kafka = newConsumer()) {
                committed.clear();
                kafka.subscribe(List.of(settings.topic()), new Rebalance(kafka));
                while (running) {
                    ConsumerRecords<String, String> records = kafka.poll(POLL);
                    Map<TopicPartition, Long> epochs = new HashMap<>();
                    records.partitions().forEach(p -> epochs.put(p, lane(p).epoch.get()));
                    Set<TopicPartition> rewound = applyRewinds(kafka);
                    for (TopicPartition partition : records.partitions()) {
                        if (!rewound.contains(partition)) {
                            hand(partition, records.records(partition), epochs.get(partition));
                        }
                    }
                    pauseOrResume(kafka);
                    commit(kafka, false);
                }
                commit(kafka, true);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, settings.what() + ": the Kafka consumer failed (" + e + "); its partitions go"
                            + " back to the group and a new consumer joins in a second", e);
                    dropQueued(lanes.keySet());
                    sleep(1_000);
                }
            }
        }
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties());
        properties.put("group.id", settings.groupId());
        properties.put("enable.auto.commit", false);
        properties.put("auto.offset.reset", "earliest");
        properties.put("max.poll.records", settings.maxPollRecords());
        properties.put("client.id", settings.groupId() + "-" + Long.toHexString(System.nanoTime()));
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private void hand(TopicPartition partition, List<ConsumerRecord<String, String>> batch, long epoch) {
        Lane lane = lane(partition);
        lane.pending.addAndGet(batch.size());
        delivered.accept(partition, batch.size());
        lane.queued.add(new Handed(batch, epoch, lane.owner.get()));
        chain(partition, () -> drain(partition, lane));
    }

    /**
     * Processes what is queued for the partition as one batch: while the lane keeps up that is the one poll's records
     * it was chained for; while it is behind, the polls waiting for it are merged, up to {@code maxPollRecords}, so a
     * backlog is worked off in batches as large as a busy poll's (a burst read in many small fetches would otherwise
     * cost a lane a batch's fixed work per fetch). A batch handed before the epoch moved on is dropped (read again).
     */
    private void drain(TopicPartition partition, Lane lane) {
        List<Handed> taken = new ArrayList<>();
        int size = 0;
        for (Handed next = lane.queued.peek(); next != null; next = lane.queued.peek()) {
            if (!taken.isEmpty() && (size + next.records().size() > settings.maxPollRecords()
                    || next.epoch() != taken.get(0).epoch() || next.owner() != taken.get(0).owner())) {
                break; // left for the drain chained after it
            }
            taken.add(lane.queued.poll());
            size += next.records().size();
        }
        if (taken.isEmpty()) {
            return; // merged into an earlier batch
        }
        try {
            Handed first = taken.get(0);
            if (lane.epoch.get() != first.epoch()) {
                return; // dropped: read again (after a batch that failed, or by the partition's new owner)
            }
            List<ConsumerRecord<String, String>> batch;
            if (taken.size() == 1) {
                batch = first.records();
            } else {
                batch = new ArrayList<>(size);
                taken.forEach(handed -> batch.addAll(handed.records()));
            }
            if (processor.process(partition, batch)) {
                if (lane.owner.get() == first.owner()) {
                    done.put(partition, batch.get(batch.size() - 1).offset() + 1);
                }
            } else {
                rewind.put(partition, batch.get(0).offset());
                lane.epoch.incrementAndGet();
            }
        } finally {
            lane.pending.addAndGet(-size);
        }
    }

    /** Seeks the partitions whose batch was not processed back to it; their records of this poll are not handed. */
    private Set<TopicPartition> applyRewinds(KafkaConsumer<String, String> kafka) {
        if (rewind.isEmpty()) {
            return Set.of();
        }
        Set<TopicPartition> rewound = new HashSet<>();
        for (TopicPartition partition : List.copyOf(rewind.keySet())) {
            Long offset = rewind.remove(partition);
            if (offset != null && kafka.assignment().contains(partition)) {
                LOG.warning(settings.what() + ": " + partition + " is read again from offset " + offset
                        + " (a batch was not processed)");
                kafka.seek(partition, offset);
                rewound.add(partition);
            }
        }
        return rewound;
    }

    private void pauseOrResume(KafkaConsumer<String, String> kafka) {
        Set<TopicPartition> paused = kafka.paused();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition partition : kafka.assignment()) {
            int pending = lane(partition).pending.get();
            if (!paused.contains(partition) && pending > settings.maxPending()) {
                pause.add(partition);
            } else if (paused.contains(partition) && pending <= settings.maxPending() / 2) {
                resume.add(partition);
            }
        }
        if (!pause.isEmpty()) {
            kafka.pause(pause);
        }
        if (!resume.isEmpty()) {
            kafka.resume(resume);
        }
    }

    /** Commits the offsets done since the last commit, of the partitions this consumer still owns. */
    private void commit(KafkaConsumer<String, String> kafka, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> assignment = kafka.assignment();
        done.forEach((partition, next) -> {
            if (assignment.contains(partition) && !next.equals(committed.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                kafka.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((p, o) -> committed.put(p, o.offset()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, settings.what() + ": committing " + offsets.keySet() + " failed (" + e
                        + "); their records are read again", e);
            }
            return;
        }
        offsets.forEach((p, o) -> committed.put(p, o.offset()));
        kafka.commitAsync(offsets, (result, error) -> {
            if (error != null) {
                // the next commit of these partitions tries again (a later offset covers this one)
                result.keySet().forEach(committed::remove);
                LOG.log(Level.FINE, settings.what() + ": an offset commit failed; it is retried", error);
            }
        });
    }

    private void dropQueued(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            lane(partition).epoch.incrementAndGet();
            lane(partition).owner.incrementAndGet();
            done.remove(partition);
            rewind.remove(partition);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops the revoked partitions' queued batches and commits what is done before they go. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, String> kafka;

        Rebalance(KafkaConsumer<String, String> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                Lane lane = lane(partition);
                lane.epoch.incrementAndGet();
                running.add(lane.tail);
            }
            try {
                // while the server stops, its executor may run nothing more: a short wait then
                Duration wait = PartitionBatchConsumer.this.running ? settings.revokeWait() : Duration.ofSeconds(2);
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warning(settings.what() + ": a batch of " + partitions + " still runs; the partitions' new owner"
                        + " reads it again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // chain() logs a lane's failures; what is done is committed below
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                lane(partition).owner.incrementAndGet(); // a batch that ends from now on is the new owner's to read again
                Long next = done.remove(partition);
                rewind.remove(partition);
                if (next != null && !next.equals(committed.remove(partition))) {
                    offsets.put(partition, new OffsetAndMetadata(next));
                }
            }
            if (!offsets.isEmpty()) {
                try {
                    kafka.commitSync(offsets, Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, settings.what() + ": committing the revoked " + offsets.keySet() + " failed ("
                            + e + "); the new owner reads their records again", e);
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            dropQueued(partitions);
            partitions.forEach(committed::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                done.remove(partition);
                rewind.remove(partition);
                committed.remove(partition);
            }
        }
    }
}
