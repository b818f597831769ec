package org.chillflow.core.stream;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The JSON-B configuration of {@link TripEvent}s: snake_case names and nulls written as null (the original pipeline's
 * contract). Every producer and consumer of events uses this one.
 */
public final class TripEventJson {

    private TripEventJson() {
    }

    /** A Jsonb for events; thread-safe, meant to be kept and closed with its owner. */
    public static Jsonb create() {
        return JsonbBuilder.create(new JsonbConfig().withNullValues(true)
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));
    }
}
