package org.chillflow.core.stream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The assembler's Kafka side: {@code trips-completed} (key = pickup zone, value = the trip as a zone event, header
 * {@code chillflow-event-ts} = the completing event's record timestamp, from which consumers measure latency)
 * and {@code chillflow-dlq} (value = the event as it arrived; headers {@code chillflow-reason},
 * {@code chillflow-detail}, {@code chillflow-trip-key}, {@code chillflow-source-topic},
 * {@code chillflow-source-partition}, {@code chillflow-source-offset}); and the lanes' progress marks
 * ({@link StreamHeaders#WATERMARK}). A failed send fails {@link #flush()},
 * so the batch is not acknowledged and comes again. The zone windows send their dead letters through it too.
 */
public final class KafkaStreamOutput implements StreamOutput, AutoCloseable {

    public static final String COMPLETED_TOPIC = "trips-completed";
    public static final String DLQ_TOPIC = "chillflow-dlq";

    private final KafkaProducer<String, String> producer;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private int completedPartitions = -1;

    public KafkaStreamOutput(String bootstrap, String clientId) {
        this(java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), clientId);
    }

    /** @param client bootstrap servers and security settings ({@code KafkaSettings.clientProperties()}) */
    public KafkaStreamOutput(java.util.Map<String, Object> client, String clientId) {
        Properties kafka = new Properties();
        kafka.putAll(client);
        kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // the progress marks rely on per-partition order across retries (Kafka's default with acks=all; said here)
        kafka.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        kafka.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void completed(int pickupZone, String tripKey, String zoneEvent, long eventTimestampMillis, String replay) {
        ProducerRecord<String, String> record = new ProducerRecord<>(COMPLETED_TOPIC, String.valueOf(pickupZone), zoneEvent);
        StreamHeaders.add(record.headers(), "chillflow-event-ts", Long.toString(eventTimestampMillis));
        if (replay != null) {
            StreamHeaders.add(record.headers(), StreamHeaders.REPLAY, replay);
        }
        sent.add(producer.send(record));
    }

    /**
     * One record per partition of {@code trips-completed}, sent by this lane's producer after its trips: Kafka keeps
     * one producer's records to one partition in order (idempotent producer), so no trip the mark covers can follow it.
     */
    @Override
    public void progress(String replay, int lane, long markMillis) {
        if (completedPartitions < 0) {
            completedPartitions = producer.partitionsFor(COMPLETED_TOPIC).size();
        }
        String mark = new StreamHeaders.Mark(lane, markMillis).wire();
        for (int p = 0; p < completedPartitions; p++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(COMPLETED_TOPIC, p, null, "");
            StreamHeaders.add(record.headers(), StreamHeaders.WATERMARK, mark);
            if (replay != null) {
                StreamHeaders.add(record.headers(), StreamHeaders.REPLAY, replay);
            }
            sent.add(producer.send(record));
        }
    }

    @Override
    public void deadLetter(String payload, Inbound source, String tripKey, String reason, String detail) {
        ProducerRecord<String, String> record = new ProducerRecord<>(DLQ_TOPIC, tripKey, payload);
        Headers headers = record.headers();
        StreamHeaders.add(headers, "chillflow-reason", reason);
        StreamHeaders.add(headers, "chillflow-detail", String.valueOf(detail));
        if (tripKey != null) {
            StreamHeaders.add(headers, "chillflow-trip-key", tripKey);
        }
        StreamHeaders.add(headers, "chillflow-source-topic", source == null ? "trip-events" : source.topic());
        if (source != null && source.partition() >= 0) {
            StreamHeaders.add(headers, "chillflow-source-partition", Integer.toString(source.partition()));
            StreamHeaders.add(headers, "chillflow-source-offset", Long.toString(source.offset()));
        }
        sent.add(producer.send(record));
    }


    @Override
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record: " + e.getCause().getMessage(), e.getCause());
        } finally {
            sent.clear();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
