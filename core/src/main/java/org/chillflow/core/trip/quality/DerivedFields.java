package org.chillflow.core.trip.quality;

import org.chillflow.core.trip.RawTrip;
import java.time.Duration;

/**
 * The original pipeline's derived fields (docs/GLOSSARY.md): distance in km, duration in minutes and
 * average speed in km/h. Speed is null when the duration is zero or either input is missing; a negative
 * duration gives a negative speed, which the temporal rule rejects anyway.
 */
public record DerivedFields(Double distanceKm, Double durationMin, Double avgSpeedKmh) {

    public static final double KM_PER_MILE = org.chillflow.core.domain.Units.KM_PER_MILE;

    public static DerivedFields of(RawTrip trip) {
        Double distanceKm = trip.tripDistance() == null ? null : trip.tripDistance() * KM_PER_MILE;
        Double durationMin = trip.pickup() == null || trip.dropoff() == null ? null
                : Duration.between(trip.pickup(), trip.dropoff()).toNanos() / 1e9 / 60.0;
        Double speed = distanceKm == null || durationMin == null || durationMin == 0.0 ? null
                : distanceKm / (durationMin / 60.0);
        return new DerivedFields(distanceKm, durationMin, speed);
    }
}
