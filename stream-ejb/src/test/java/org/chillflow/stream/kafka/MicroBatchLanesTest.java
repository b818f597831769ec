package org.chillflow.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a lane's gathered records go on as a batch: full, or when the lane has nothing queued or running. */
class MicroBatchLanesTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicInteger acked = new AtomicInteger();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Message<String> message(int n) {
        return Message.of(Integer.toString(n), () -> {
            acked.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    private MicroBatchLanes<Integer, Integer> lanes(int batchSize, CountDownLatch firstBatchMayEnd) {
        return new MicroBatchLanes<>("test", batchSize, executor, (lane, batch) -> {
            batches.add(batch.stream().map(MicroBatchLanes.Pending::record).toList());
            if (batches.size() == 1) {
                try {
                    firstBatchMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }, Logger.getLogger(MicroBatchLanesTest.class.getName()));
    }

    private void add(MicroBatchLanes<Integer, Integer> lanes, int from, int to) {
        for (int n = from; n < to; n++) {
            lanes.add(0, message(n), n);
        }
    }

    private void awaitAcked(int n) throws InterruptedException {
        for (int i = 0; i < 500 && acked.get() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(acked.get()).isEqualTo(n);
    }

    @Test
    void whatGathersWhileTheLaneWorksGoesOnAsOneBatchOnceItIsThrough() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatchLanes<Integer, Integer> lanes = lanes(100, release);
        add(lanes, 0, 3);
        lanes.flush(); // the lane is idle: its 3 records go
        for (int i = 0; i < 500 && batches.isEmpty(); i++) {
            Thread.sleep(10);
        }
        add(lanes, 3, 10);
        lanes.flush(); // busy: nothing goes
        add(lanes, 10, 20);
        lanes.flush();
        Thread.sleep(100);
        assertThat(batches).hasSize(1);

        release.countDown();
        awaitAcked(20);
        assertThat(batches).containsExactly(List.of(0, 1, 2), java.util.stream.IntStream.range(3, 20).boxed().toList());
    }

    @Test
    void aFullBatchGoesOnEvenWhileTheLaneWorksAndTheOrderHolds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatchLanes<Integer, Integer> lanes = lanes(5, release);
        add(lanes, 0, 5); // full: goes, and holds the lane
        add(lanes, 5, 12); // a second full batch queues behind it; 2 gather
        lanes.flush();
        Thread.sleep(100);
        assertThat(batches).hasSize(1);

        release.countDown();
        awaitAcked(12);
        assertThat(batches).containsExactly(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8, 9), List.of(10, 11));
    }

    @Test
    void aBatchNotProcessedIsNotAcknowledgedAndTheLaneGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MicroBatchLanes<Integer, Integer> lanes = new MicroBatchLanes<>("test", 3, executor, (lane, batch) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the first batch fails");
            }
            batches.add(batch.stream().map(MicroBatchLanes.Pending::record).toList());
            return true;
        }, Logger.getLogger(MicroBatchLanesTest.class.getName()));
        add(lanes, 0, 3);
        for (int i = 0; i < 500 && calls.get() == 0; i++) {
            Thread.sleep(10);
        }
        add(lanes, 3, 5);
        lanes.flush();
        awaitAcked(2);
        assertThat(batches).containsExactly(List.of(3, 4));
    }
}
