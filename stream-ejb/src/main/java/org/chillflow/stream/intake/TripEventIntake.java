package org.chillflow.stream.intake;

import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Joins the {@code trip-events} consumer group on the real broker and counts what arrives. This is the
 * channel the TripAssembler (streaming issue) takes over; until then events are only counted and
 * acknowledged. Exported as chillflow_stream_events_received_total.
 */
@ApplicationScoped
public class TripEventIntake {

    private static final Logger LOG = Logger.getLogger(TripEventIntake.class.getName());

    @Inject
    @Metric(name = "chillflow_stream_events_received",
            description = "Events read from the trip-events topic (assembly not wired yet: counted and acknowledged)")
    Counter received;

    @Incoming("trip-events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        received.inc();
        LOG.fine(() -> "trip-events: " + message.getPayload());
        return message.ack();
    }
}
