package org.chillflow.core.stream.kafka;

/**
 * One record a stream consumer read, with where it came from (for the dead-letter headers and log fields).
 *
 * @param replay the replay the record belongs to (header {@link StreamHeaders#REPLAY}), or null for live traffic
 * @param watermark the record's {@link StreamHeaders#WATERMARK} header: a control record without a value, not data
 */
public record Inbound(String payload, String topic, int partition, long offset, long timestampMillis, String replay,
        String watermark) {

    /** A record without a replay header. */
    public Inbound(String payload, String topic, int partition, long offset, long timestampMillis) {
        this(payload, topic, partition, offset, timestampMillis, null, null);
    }

    /** A data record of a replay (or of live traffic: null). */
    public Inbound(String payload, String topic, int partition, long offset, long timestampMillis, String replay) {
        this(payload, topic, partition, offset, timestampMillis, replay, null);
    }

    /** A consumed record as the stream engines take it: payload, where it was, its time, its replay and watermark. */
    public static Inbound of(org.apache.kafka.clients.consumer.ConsumerRecord<?, String> record) {
        return new Inbound(record.value(), record.topic(), record.partition(), record.offset(), record.timestamp(),
                StreamHeaders.text(record.headers(), StreamHeaders.REPLAY),
                StreamHeaders.text(record.headers(), StreamHeaders.WATERMARK));
    }

    /** True for the end-of-replay record a replay's producer sends to every partition after its events. */
    public boolean endOfReplay() {
        return StreamHeaders.END.equals(watermark);
    }
}
