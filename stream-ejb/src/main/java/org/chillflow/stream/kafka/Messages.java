package org.chillflow.stream.kafka;

import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chillflow.core.stream.kafka.Inbound;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What the Reactive Messaging consumers need of Liberty's Kafka connector and its threads. */
public final class Messages {

    private Messages() {
    }

    /** The Kafka record behind a message, or null when the message does not carry one. */
    public static ConsumerRecord<?, ?> consumerRecord(Message<String> message) {
        try {
            return message.unwrap(ConsumerRecord.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The message as the stream engines take it: payload, topic, partition, offset, record timestamp, replay, watermark. */
    @SuppressWarnings("unchecked") // the channels' value deserializer is Kafka's StringDeserializer
    public static Inbound inbound(Message<String> message, String topic, int partitionIfUnknown) {
        ConsumerRecord<?, ?> record = consumerRecord(message);
        return record == null ? new Inbound(message.getPayload(), topic, partitionIfUnknown, -1, System.currentTimeMillis())
                : Inbound.of((ConsumerRecord<?, String>) record);
    }

    /**
     * Runs the factory with the given class's loader as the thread's context loader: the connector's threads carry the
     * application's, and the Kafka client looks its serializers up through it.
     */
    public static <T> T withClassLoaderOf(Class<?> owner, Supplier<T> factory) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        try {
            return factory.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
