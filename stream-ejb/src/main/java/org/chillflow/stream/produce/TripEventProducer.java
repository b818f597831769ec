package org.chillflow.stream.produce;

import java.util.concurrent.CompletionStage;

import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.chillflow.core.stream.TripEventPublisher;
import org.chillflow.core.stream.kafka.StreamHeaders;
import org.chillflow.stream.topics.TopicProvisioner;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Trip events onto {@code trip-events} through Reactive Messaging: an {@link Emitter} on the outgoing channel
 * {@code trip-events-out} (liberty-kafka connector). The payload is a Kafka {@code ProducerRecord}, which the
 * connector sends as it is: that is how the record gets its key (the trip key, so that all events of a trip go
 * to one partition, hence one assembler lane). The stage of each send completes when the broker acknowledged
 * it; callers keep a window of them (see the web module's StreamReplays), the emitter buffers up to 10,000.
 */
@Singleton
@Local(TripEventPublisher.class)
public class TripEventProducer implements TripEventPublisher {

    static final String TOPIC = "trip-events";

    @Inject
    @Channel("trip-events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
    Emitter<ProducerRecord<String, String>> emitter;

    @Override
    public CompletionStage<Void> publish(String replay, String tripKey, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, tripKey, json);
        if (replay != null) {
            StreamHeaders.add(record.headers(), StreamHeaders.REPLAY, replay);
        }
        return emitter.send(record);
    }

    @Override
    public CompletionStage<Void> endReplay(String replay) {
        int partitions = TopicProvisioner.parseTopics(ConfigProvider.getConfig().getValue("chillflow.kafka.topics", String.class))
                .getOrDefault(TOPIC, 1);
        java.util.concurrent.CompletableFuture<?>[] sent = new java.util.concurrent.CompletableFuture<?>[partitions];
        for (int p = 0; p < partitions; p++) {
            sent[p] = emitter.send(StreamHeaders.endOfReplay(TOPIC, p, replay)).toCompletableFuture();
        }
        return java.util.concurrent.CompletableFuture.allOf(sent);
    }
}
