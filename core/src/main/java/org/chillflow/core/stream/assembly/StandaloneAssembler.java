package org.chillflow.core.stream.assembly;

import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.kafka.Inbound;
import org.chillflow.core.stream.kafka.StreamHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.chillflow.core.config.KafkaSettings;
import org.chillflow.core.config.RedisSettings;
import org.eclipse.microprofile.config.Config;

import redis.clients.jedis.UnifiedJedis;

/**
 * An assembler outside Liberty ({@code chillflow stream assemble}): a plain Kafka consumer in the servers' group
 * feeding the same {@link TripAssemblyEngine}, so Kafka shares trip-events' partitions between it and the
 * servers' assemblers. Each poll is one batch, committed after the engine has written and published it; a
 * rebalance between polls moves only committed work. Settings: the same MicroProfile Config keys as the server.
 */
public final class StandaloneAssembler implements AutoCloseable {

    /** What it needs: the same MicroProfile Config keys as the server ({@link #settings(Config)}). */
    public record Settings(KafkaSettings kafka, RedisSettings redis, int batchSize, Duration partialTimeout,
            Duration sweepEvery, Duration doneTtl, Duration completionBound) {
    }

    public static Settings settings(Config config) {
        return new Settings(KafkaSettings.of(config), RedisSettings.of(config),
                config.getValue("chillflow.stream.batch-size", Integer.class),
                config.getValue("chillflow.stream.partial-timeout", Duration.class),
                config.getValue("chillflow.stream.sweep-interval", Duration.class),
                config.getValue("chillflow.stream.done-ttl", Duration.class),
                config.getValue("chillflow.windows.bound", Duration.class));
    }

    /** Totals since the start. */
    public record Totals(long events, long completed, long deadLetters, long duplicates) {
    }

    private final UnifiedJedis redis;
    private final KafkaStreamOutput output;
    private final KafkaConsumer<String, String> consumer;
    private final TripAssemblyEngine engine;
    private final Duration partialTimeout;
    private final Duration sweepEvery;
    private volatile boolean stopping;
    private long events;
    private long completed;
    private long deadLetters;
    private long duplicates;

    private final String topic;

    public StandaloneAssembler(Settings settings, DataSource dataSource, String group) {
        this(settings, dataSource, group, "trip-events");
    }

    /** @param topic the events' topic: trip-events but in tests */
    public StandaloneAssembler(Settings settings, DataSource dataSource, String group, String topic) {
        this.topic = topic;
        partialTimeout = settings.partialTimeout();
        sweepEvery = settings.sweepEvery();
        redis = settings.redis().pooled();
        output = new KafkaStreamOutput(settings.kafka().clientProperties(), "chillflow-standalone-assembler");
        Properties kafka = new Properties();
        kafka.putAll(settings.kafka().clientProperties());
        kafka.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        kafka.put(ConsumerConfig.CLIENT_ID_CONFIG, "chillflow-standalone-assembler");
        consumer = new KafkaConsumer<>(kafka, new StringDeserializer(), new StringDeserializer());
        PartialTripStore partials = new PartialTripStore(redis, (int) partialTimeout.plusHours(1).toSeconds(),
                (int) settings.doneTtl().toSeconds());
        engine = new TripAssemblyEngine(partials, new StreamTripWriter(dataSource), output, new TripAssemblyEngine.Observer() {
        }, settings.completionBound());
    }

    /** Consumes until {@link #stop()} or until nothing arrived for {@code idle} (null: no limit). */
    public Totals run(Duration idle) throws Exception {
        consumer.subscribe(List.of(topic));
        Instant lastRecord = Instant.now();
        Instant nextSweep = Instant.now().plus(sweepEvery);
        try {
            while (!stopping) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    List<Inbound> batch = new ArrayList<>(records.count());
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        batch.add(new Inbound(r.value(), r.topic(), r.partition(), r.offset(), r.timestamp(),
                                StreamHeaders.text(r.headers(), StreamHeaders.REPLAY),
                                StreamHeaders.text(r.headers(), StreamHeaders.WATERMARK)));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    TripAssemblyEngine.Result result = engine.process(batch);
                    consumer.commitSync(offsets);
                    events += result.events();
                    completed += result.completed();
                    deadLetters += result.deadLetters();
                    duplicates += result.duplicates();
                    lastRecord = Instant.now();
                } else if (consumer.assignment().isEmpty()) {
                    lastRecord = Instant.now(); // idle counts from when the group gave it partitions
                } else if (idle != null && Duration.between(lastRecord, Instant.now()).compareTo(idle) > 0) {
                    break;
                }
                if (Instant.now().isAfter(nextSweep)) {
                    engine.sweepExpired(partialTimeout);
                    nextSweep = Instant.now().plus(sweepEvery);
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        }
        return new Totals(events, completed, deadLetters, duplicates);
    }

    /** From another thread: the loop ends after the batch in hand (uncommitted work is delivered again). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5)); // leaves the group at once: its partitions move without a timeout
        output.close();
        redis.close();
    }
}
