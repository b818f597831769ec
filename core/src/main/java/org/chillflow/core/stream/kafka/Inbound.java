package org.chillflow.core.stream.kafka;

/** One record a stream consumer read, with where it came from (for the dead-letter headers and log fields). */
public record Inbound(String payload, String topic, int partition, long offset, long timestampMillis) {
}
