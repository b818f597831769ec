package org.chillflow.core.stream;

import java.time.Instant;

/**
 * One trip as the zone windows count it: the StreamPulse event ({@code trip_id, region_id, event_time, fare,
 * duration, distance}) with region = TLC pickup zone. Every field is present and valid: {@link ZoneEventCodec}
 * is the one schema, enforced where events are consumed.
 *
 * @param fare USD
 * @param durationSeconds whole seconds
 * @param distanceKm kilometres (TLC publishes miles; trips from the assembler are converted)
 */
public record ZoneEvent(String tripId, int regionId, Instant eventTime, double fare, long durationSeconds,
        double distanceKm) {
}
