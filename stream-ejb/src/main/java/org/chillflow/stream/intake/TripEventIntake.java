package org.chillflow.stream.intake;

import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Joins the {@code trip-events} consumer group ({@code chillflow-trip-assembler}) on the real broker and
 * acknowledges what arrives. This is the channel the TripAssembler of the streaming issue takes over; the
 * foundation only proves that the EJB module's Reactive Messaging wiring reaches Kafka.
 */
@ApplicationScoped
public class TripEventIntake {

    private static final Logger LOG = Logger.getLogger(TripEventIntake.class.getName());

    @Incoming("trip-events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        LOG.fine(() -> "trip-events: " + message.getPayload());
        return message.ack();
    }
}
