package org.chillflow.core.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.chillflow.core.trip.RawTrip;

/**
 * Splits a trip into its events and puts it back together (docs/GLOSSARY.md): always
 * five events, in this order — trip_started at pickup, zone_entered 30 s later, trip_ended at dropoff,
 * zone_exited 30 s after it, payment_processed 60 s after it.
 */
public final class TripEvents {

    /** TLC timestamps are New York wall-clock times. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private TripEvents() {
    }

    /** The five events of one trip, keyed and hashed as the batch load keys it (TripKeys). */
    public static List<TripEvent> split(String tripKey, String vehicleIdH, RawTrip trip) {
        TripEvent started = base(tripKey, vehicleIdH, trip, TripEventType.TRIP_STARTED, trip.pickup());
        started.pickupZoneId = trip.puZoneId();
        started.passengerCount = trip.passengerCount();
        started.rateCode = trip.rateCode();
        started.storeAndFwdFlag = trip.storeAndFwdFlag();

        TripEvent entered = base(tripKey, vehicleIdH, trip, TripEventType.ZONE_ENTERED, trip.pickup().plusSeconds(30));
        entered.zoneId = trip.puZoneId();

        TripEvent ended = base(tripKey, vehicleIdH, trip, TripEventType.TRIP_ENDED, trip.dropoff());
        ended.dropoffZoneId = trip.doZoneId();
        ended.tripDistance = trip.tripDistance();
        ended.tripDurationMinutes = Duration.between(trip.pickup(), trip.dropoff()).toNanos() / 1e9 / 60.0;

        TripEvent exited = base(tripKey, vehicleIdH, trip, TripEventType.ZONE_EXITED, trip.dropoff().plusSeconds(30));
        exited.zoneId = trip.doZoneId();

        TripEvent paid = base(tripKey, vehicleIdH, trip, TripEventType.PAYMENT_PROCESSED, trip.dropoff().plusSeconds(60));
        paid.paymentType = trip.paymentType();
        paid.fareAmount = trip.fareAmount();
        paid.extra = trip.extra();
        paid.mtaTax = trip.mtaTax();
        paid.tipAmount = trip.tipAmount();
        paid.tollsAmount = trip.tollsAmount();
        paid.improvementSurcharge = trip.improvementSurcharge();
        paid.totalAmount = trip.totalAmount();
        paid.congestionSurcharge = trip.congestionSurcharge();
        paid.airportFee = trip.airportFee();
        paid.cbdCongestionFee = trip.cbdCongestionFee();
        return List.of(started, entered, ended, exited, paid);
    }

    /**
     * The trip that trip_started, trip_ended and payment_processed describe (zone events add nothing the
     * required ones lack). {@code sourceRow} is unknown on the stream and given as -1.
     *
     * @throws IllegalArgumentException when a required event is missing
     */
    public static RawTrip assemble(Map<TripEventType, TripEvent> events) {
        TripEvent started = required(events, TripEventType.TRIP_STARTED);
        TripEvent ended = required(events, TripEventType.TRIP_ENDED);
        TripEvent paid = required(events, TripEventType.PAYMENT_PROCESSED);
        return new RawTrip(-1, started.vendorId, localTime(started.timestamp), localTime(ended.timestamp),
                started.passengerCount, ended.tripDistance, started.rateCode, started.storeAndFwdFlag,
                started.pickupZoneId, ended.dropoffZoneId, paid.paymentType, paid.fareAmount, paid.extra, paid.mtaTax,
                paid.tipAmount, paid.tollsAmount, paid.improvementSurcharge, paid.totalAmount, paid.congestionSurcharge,
                paid.airportFee, paid.cbdCongestionFee);
    }

    /** A New York wall-clock time as the event's ISO-8601 instant. */
    public static String instant(LocalDateTime newYorkTime) {
        return newYorkTime.atZone(NEW_YORK).toInstant().toString();
    }

    /** The New York wall-clock time of an event's instant. */
    public static LocalDateTime localTime(String instant) {
        return LocalDateTime.ofInstant(parse(instant), NEW_YORK);
    }

    /** An event's instant as epoch milliseconds. */
    public static long epochMillis(String instant) {
        return parse(instant).toEpochMilli();
    }

    private static Instant parse(String instant) {
        Instant utc = UtcInstants.parse(instant);
        if (utc != null) {
            return utc;
        }
        try {
            return Instant.parse(instant);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("timestamp must be an ISO-8601 instant, was '" + instant + "'");
        }
    }

    /** Deterministic: the same trip and type give the same id in every replay. */
    public static String eventId(String tripKey, TripEventType type) {
        return UUID.nameUUIDFromBytes((tripKey + "|" + type.wire()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static TripEvent base(String tripKey, String vehicleIdH, RawTrip trip, TripEventType type,
            LocalDateTime when) {
        TripEvent event = new TripEvent();
        event.eventId = eventId(tripKey, type);
        event.tripKey = tripKey;
        event.eventType = type.wire();
        event.timestamp = instant(when);
        event.vendorId = trip.vendorId();
        event.vehicleIdH = vehicleIdH;
        return event;
    }

    private static TripEvent required(Map<TripEventType, TripEvent> events, TripEventType type) {
        TripEvent event = events.get(type);
        if (event == null) {
            throw new IllegalArgumentException("trip incomplete: no " + type.wire() + " event");
        }
        return event;
    }
}
