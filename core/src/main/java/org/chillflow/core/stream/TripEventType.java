package org.chillflow.core.stream;

import java.util.Optional;

/**
 * The original pipeline's event types (docs/GLOSSARY.md) with their bit in the completion mask. A trip is
 * complete when trip_started, trip_ended and payment_processed have all arrived (mask 0b10011); zone events
 * are optional, passenger events are accepted and ignored.
 */
public enum TripEventType {
    TRIP_STARTED("trip_started", 0),
    TRIP_ENDED("trip_ended", 1),
    PASSENGER_PICKED_UP("passenger_picked_up", 2),
    PASSENGER_DROPPED_OFF("passenger_dropped_off", 3),
    PAYMENT_PROCESSED("payment_processed", 4),
    ZONE_ENTERED("zone_entered", 5),
    ZONE_EXITED("zone_exited", 6);

    /** trip_started | trip_ended | payment_processed */
    public static final int REQUIRED_MASK = 0b10011;

    private final String wire;
    private final int bit;

    TripEventType(String wire, int bit) {
        this.wire = wire;
        this.bit = bit;
    }

    public String wire() {
        return wire;
    }

    public int mask() {
        return 1 << bit;
    }

    public static Optional<TripEventType> fromWire(String value) {
        for (TripEventType type : values()) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
