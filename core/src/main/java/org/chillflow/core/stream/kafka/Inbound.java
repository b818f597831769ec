package org.chillflow.core.stream.kafka;

/**
 * One record a stream consumer read, with where it came from (for the dead-letter headers and log fields).
 *
 * @param replay the replay the record belongs to (header {@link StreamHeaders#REPLAY}), or null for live traffic
 */
public record Inbound(String payload, String topic, int partition, long offset, long timestampMillis, String replay) {

    /** A record without a replay header. */
    public Inbound(String payload, String topic, int partition, long offset, long timestampMillis) {
        this(payload, topic, partition, offset, timestampMillis, null);
    }
}
