package org.chillflow.core.stream;

import java.util.concurrent.CompletionStage;

/**
 * Puts trip events on {@code trip-events}, keyed by trip key. Inside the server it is stream-ejb's
 * {@code TripEventProducer} (Reactive Messaging, the liberty-kafka connector), a local EJB the web module
 * reaches through this interface (EAR lib: visible to both modules).
 */
public interface TripEventPublisher {

    /**
     * Sends one event (its JSON as produced by {@link TripEventJson}); the stage completes when the broker has it.
     *
     * @param replay the replay's id (header {@code chillflow-replay}, {@code StreamHeaders.REPLAY}), or null
     */
    CompletionStage<Void> publish(String replay, String tripKey, String json);

    /**
     * Sends the end of a replay to every partition ({@code StreamHeaders.endOfReplay}), after its last event; the
     * stage completes when the broker has them all.
     */
    CompletionStage<Void> endReplay(String replay);
}
