package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.core.stream.kafka.PartitionBatchConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The zone windows' consumer ({@link PartitionBatchConsumer}) against the real test broker (9192), each test on a
 * fresh three-partition topic of 3,000 records ({@code p<partition>-<n>}, n counting per partition): every record
 * processed in its partition's order, the group's offsets at the end; a batch that is not processed read again;
 * a second consumer joining the group; a slow lane pausing its partition, and taking the polls waiting for it together.
 */
class PartitionBatchConsumerIT {

    private static final String BOOTSTRAP = System.getProperty("chillflow.kafka.bootstrap", "127.0.0.1:9192");
    private static final int PER_PARTITION = 1_000;

    private final ExecutorService lanes = Executors.newFixedThreadPool(4);
    private final List<PartitionBatchConsumer> consumers = new ArrayList<>();
    private String topic;
    private String group;

    @BeforeEach
    void freshTopic() throws Exception {
        freshTopic(Map.of());
    }

    /** A new topic (the one before deleted) filled with the producer's settings plus {@code producerSettings}. */
    private void freshTopic(Map<String, Object> producerSettings) throws Exception {
        String before = topic;
        topic = "it-batch-consumer-" + UUID.randomUUID();
        group = "it-" + topic;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            if (before != null) {
                admin.deleteTopics(List.of(before)).all().get();
            }
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            // a produce request that reaches the broker before it leads the new partitions is refused (not leader),
            // and an idempotent producer with many small batches in flight then retries them out of order for a long
            // time: the records are sent once every partition has its leader
            awaitTrue(() -> leaders(admin) == 3);
        }
        Properties producer = new Properties();
        producer.put("bootstrap.servers", BOOTSTRAP);
        producer.putAll(producerSettings);
        List<Future<RecordMetadata>> sent = new ArrayList<>(3 * PER_PARTITION);
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            for (int n = 0; n < PER_PARTITION; n++) {
                for (int p = 0; p < 3; p++) {
                    sent.add(kafka.send(new ProducerRecord<>(topic, p, null, "p" + p + "-" + n)));
                }
            }
        }
        for (Future<RecordMetadata> record : sent) {
            record.get(); // a record the topic did not take fails the test here, not as a wait for offsets later
        }
    }

    /** How many partitions of the topic have a leader (0 while the topic is not known yet). */
    private int leaders(Admin admin) {
        try {
            return (int) admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .filter(partition -> partition.leader() != null && !partition.leader().isEmpty()).count();
        } catch (Exception notYet) {
            return 0;
        }
    }

    @AfterEach
    void stop() throws Exception {
        consumers.forEach(PartitionBatchConsumer::close);
        lanes.shutdownNow();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }

    @Test
    void everyRecordIsProcessedOnceInItsPartitionsOrderAndTheGroupsOffsetsReachTheEnd() throws Exception {
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        start(500, 5_000, (partition, batch) -> {
            seen.computeIfAbsent(partition.partition(), p -> new ArrayList<>()).addAll(values(batch));
            return true;
        }, (partition, records) -> delivered.add(partition.partition()));

        awaitTrue(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 3L * PER_PARTITION);
        assertThat(committed()).isEqualTo(Map.of(0, 1_000L, 1, 1_000L, 2, 1_000L));
        for (int p = 0; p < 3; p++) {
            int partition = p;
            assertThat(seen.get(p)).containsExactlyElementsOf(
                    IntStream.range(0, PER_PARTITION).mapToObj(n -> "p" + partition + "-" + n).toList());
        }
        assertThat(delivered).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aBatchThatIsNotProcessedIsReadAgainFromItsFirstRecordAndNothingAfterItIsCommittedBeforeIt() throws Exception {
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        AtomicInteger failedFirst = new AtomicInteger(-1);
        start(100, 5_000, (partition, batch) -> {
            List<String> values = values(batch);
            // partition 1's batch that holds its 500th record is refused once (as when not even the dead-letter topic
            // took it), and its offsets must not be committed meanwhile
            if (partition.partition() == 1 && values.contains("p1-500") && failedOnce.compareAndSet(false, true)) {
                failedFirst.set((int) batch.get(0).offset());
                return false;
            }
            seen.computeIfAbsent(partition.partition(), p -> new ArrayList<>()).addAll(values);
            return true;
        }, (partition, records) -> {
        });

        awaitTrue(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 3L * PER_PARTITION);
        assertThat(failedOnce).isTrue();
        assertThat(failedFirst.get()).isBetween(401, 500);
        // partition 1: everything, in order, each record once (batches queued behind the refused one were dropped and
        // read again with it)
        assertThat(seen.get(1)).containsExactlyElementsOf(
                IntStream.range(0, PER_PARTITION).mapToObj(n -> "p1-" + n).toList());
        assertThat(seen.get(0)).hasSize(PER_PARTITION).doesNotHaveDuplicates();
        assertThat(seen.get(2)).hasSize(PER_PARTITION).doesNotHaveDuplicates();
    }

    @Test
    void aSecondConsumerJoiningTakesPartitionsAndTogetherTheyProcessEveryRecordToTheEnd() throws Exception {
        Map<String, AtomicInteger> times = new ConcurrentHashMap<>();
        PartitionBatchConsumer.Processor slow = (partition, batch) -> {
            sleep(30); // 100 batches of 10 a partition: the second consumer joins while the first is working
            values(batch).forEach(v -> times.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet());
            return true;
        };
        start(10, 100, slow, (partition, records) -> {
        });
        awaitTrue(() -> times.size() >= 300);
        Set<Integer> second = ConcurrentHashMap.newKeySet();
        start(10, 100, slow, (partition, records) -> second.add(partition.partition()));

        awaitTrue(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 3L * PER_PARTITION);
        assertThat(second).as("partitions the second consumer was handed").isNotEmpty();
        assertThat(times).hasSize(3 * PER_PARTITION);
        // a record is processed again only when its batch was still queued at the rebalance (dropped, then read by the
        // new owner): never more than twice
        assertThat(times.values().stream().mapToInt(AtomicInteger::get).max().orElseThrow()).isLessThanOrEqualTo(2);
        assertThat(committed()).isEqualTo(Map.of(0, 1_000L, 1, 1_000L, 2, 1_000L));
    }

    @Test
    void aSlowLaneHasItsPartitionPausedSoThatWhatWaitsStaysBounded() throws Exception {
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        int maxPollRecords = 50;
        int maxPending = 200;
        start(maxPollRecords, maxPending, (partition, batch) -> {
            sleep(5);
            waiting.addAndGet(-batch.size());
            processed.addAndGet(batch.size());
            return true;
        }, (partition, records) -> mostWaiting.accumulateAndGet(waiting.addAndGet(records), Math::max));

        awaitTrue(() -> processed.get() == 3 * PER_PARTITION);
        // per partition at most maxPending, plus the poll that crossed it: three partitions
        assertThat(mostWaiting.get()).isGreaterThan(0).isLessThanOrEqualTo(3 * (maxPending + maxPollRecords));
        awaitTrue(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 3L * PER_PARTITION);
    }

    @Test
    void aLaneThatIsBehindTakesThePollsWaitingForItAsOneBatchOfAtMostMaxPollRecordsInOrder() throws Exception {
        // each record in a producer batch of its own, and a fetch reads one producer batch of a partition: each poll
        // hands a partition a record or two, as a topic written slowly would
        freshTopic(Map.of("batch.size", 1));
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> handed = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> processedBatches = new ConcurrentHashMap<>();
        AtomicInteger largest = new AtomicInteger();
        int maxPollRecords = 100;
        start(maxPollRecords, 5_000, Map.of("max.partition.fetch.bytes", 1), (partition, batch) -> {
            sleep(20); // the lane falls behind the polls, which are handed meanwhile
            processedBatches.computeIfAbsent(partition.partition(), p -> new AtomicInteger()).incrementAndGet();
            largest.accumulateAndGet(batch.size(), Math::max);
            seen.computeIfAbsent(partition.partition(), p -> new ArrayList<>()).addAll(values(batch));
            return true;
        }, (partition, records) -> handed.computeIfAbsent(partition.partition(), p -> new AtomicInteger()).incrementAndGet());

        awaitTrue(() -> committed().values().stream().mapToLong(Long::longValue).sum() == 3L * PER_PARTITION);
        assertThat(committed()).isEqualTo(Map.of(0, 1_000L, 1, 1_000L, 2, 1_000L));
        assertThat(largest.get()).isGreaterThan(1).isLessThanOrEqualTo(maxPollRecords);
        for (int p = 0; p < 3; p++) {
            int partition = p;
            assertThat(seen.get(p)).containsExactlyElementsOf(
                    IntStream.range(0, PER_PARTITION).mapToObj(n -> "p" + partition + "-" + n).toList());
            assertThat(processedBatches.get(p).get()).as("batches processed of partition " + p)
                    .isLessThan(handed.get(p).get() / 2);
        }
    }

    /** {@code delivered} is told each batch's partition and size as the consumer hands it over. */
    private void start(int maxPollRecords, int maxPending, PartitionBatchConsumer.Processor processor,
            ObjIntConsumer<TopicPartition> delivered) {
        start(maxPollRecords, maxPending, Map.of(), processor, delivered);
    }

    /** With consumer settings added to the broker's address. */
    private void start(int maxPollRecords, int maxPending, Map<String, Object> consumerSettings,
            PartitionBatchConsumer.Processor processor, ObjIntConsumer<TopicPartition> delivered) {
        Map<String, Object> client = new HashMap<>(consumerSettings);
        client.put("bootstrap.servers", BOOTSTRAP);
        var settings = new PartitionBatchConsumer.Settings("it", topic, group, client,
                maxPollRecords, maxPending, Duration.ofSeconds(10));
        consumers.add(new PartitionBatchConsumer(settings, lanes, Thread::new, processor, delivered).start());
    }

    private static List<String> values(List<ConsumerRecord<String, String>> batch) {
        return batch.stream().map(ConsumerRecord::value).toList();
    }

    /** The group's committed offset per partition of the topic. */
    private Map<Integer, Long> committed() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    offsets.put(tp.partition(), o.offset());
                }
            });
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 90 s").isBefore(deadline);
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
