package org.chillflow.core.stream;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

/**
 * The authoritative schema of zone events, on the wire as StreamPulse's six fields. The consumer enforces it (the
 * CLI replay applies the same rules before sending unless {@code --raw}); a violation is a {@link Invalid} with a
 * reason code for the dead-letter topic, never a clamp, never "now" as a timestamp, never a crash.
 *
 * <ul>
 * <li>{@code trip_id}: a string of 1..64 characters, not blank (dedup key of the windows);</li>
 * <li>{@code region_id}: an integer TLC zone, 1..265 (a numeric string is refused: one type per field);</li>
 * <li>{@code event_time}: ISO-8601 with {@code Z}, an offset, StreamPulse's {@code +00:00Z}, or no suffix
 * (read as UTC);</li>
 * <li>{@code fare}: a number, 0..1000 USD; {@code duration}: whole seconds, 1..86400; {@code distance}: a number,
 * 0..500 km.</li>
 * </ul>
 * Other fields are ignored (StreamPulse's JSON schema allows a few optional ones).
 */
public final class ZoneEventCodec {

    public static final int MAX_ZONE = 265;
    public static final double KM_PER_MILE = org.chillflow.core.domain.Units.KM_PER_MILE;
    /** Looked up once: {@code Json.createReader} and friends look the provider up on every call (a service-loader scan). */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = JSON.createGeneratorFactory(java.util.Map.of());
    private static final java.time.ZoneId NEW_YORK = java.time.ZoneId.of("America/New_York");

    /** A refused event: {@code reason} is a stable code, {@code detail} says what was wrong. */
    public record Invalid(String reason, String detail, String tripId) {
    }

    /** Either an event or why not. */
    public record Decoded(ZoneEvent event, Invalid invalid) {
        public boolean valid() {
            return event != null;
        }
    }

    private ZoneEventCodec() {
    }

    /**
     * Whose rules a record's values answer to. StreamPulse's events (topic {@code zone-events}) are held to the
     * ranges above. A completed trip (topic {@code trips-completed}) passed the batch curation's rules in the assembler
     * ({@code DqVerdict}, as every row of {@code stg.complete_trip} did), so the windows count every trip the tables
     * hold — a fare of -4.75 that the curation keeps counts in the window's average fare as it does in the KPIs —
     * and only the structure is checked: fields present, numbers finite, a positive whole duration.
     */
    public enum Schema {
        STREAMPULSE, COMPLETED_TRIP
    }

    public static Decoded decode(String json) {
        return decode(json, Schema.STREAMPULSE);
    }

    public static Decoded decode(String json, Schema schema) {
        if (json == null || json.isBlank()) {
            return invalid("malformed_json", "empty record", null);
        }
        JsonObject object;
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return invalid("malformed_json", "not a JSON object but " + value.getValueType(), null);
            }
            object = value.asJsonObject();
        } catch (RuntimeException e) {
            // JsonException, and NumberFormatException from a number no BigDecimal holds (1e999999999999)
            return invalid("malformed_json", e.getMessage(), null);
        }
        return decode(object, schema);
    }

    public static Decoded decode(JsonObject object) {
        return decode(object, Schema.STREAMPULSE);
    }

    public static Decoded decode(JsonObject object, Schema schema) {
        try {
            return validate(object, schema == Schema.STREAMPULSE);
        } catch (RuntimeException e) {
            return invalid("malformed_json", e.toString(), null);
        }
    }

    private static Decoded validate(JsonObject object, boolean ranges) {
        String tripId = null;
        JsonValue id = object.get("trip_id");
        if (id instanceof JsonString s) {
            tripId = s.getString();
        }
        for (String field : new String[] { "trip_id", "region_id", "event_time", "fare", "duration", "distance" }) {
            if (!object.containsKey(field) || object.get(field).getValueType() == JsonValue.ValueType.NULL) {
                return invalid("missing_field", field + " is missing or null", tripId);
            }
        }
        if (tripId == null) {
            return invalid("bad_trip_id", "trip_id must be a string, was " + object.get("trip_id"), null);
        }
        if (tripId.isBlank() || tripId.length() > 64) {
            return invalid("bad_trip_id", "trip_id must have 1..64 characters and not be blank", tripId);
        }
        Long region = integer(object.get("region_id"));
        if (region == null) {
            return invalid("bad_region_id", "region_id must be an integer, was " + object.get("region_id"), tripId);
        }
        if (region < 1 || region > MAX_ZONE) {
            return invalid("bad_region_id", "region_id must be a TLC zone 1.." + MAX_ZONE + ", was " + region, tripId);
        }
        JsonValue time = object.get("event_time");
        if (!(time instanceof JsonString timeText)) {
            return invalid("bad_event_time", "event_time must be an ISO-8601 string, was " + time, tripId);
        }
        Instant eventTime = parseTime(timeText.getString());
        if (eventTime == null) {
            return invalid("bad_event_time", "event_time is not an ISO-8601 time: " + timeText.getString(), tripId);
        }
        Double fare = number(object.get("fare"));
        if (fare == null || ranges && (fare < 0 || fare > 1000)) {
            return invalid("bad_fare", "fare must be a number 0..1000, was " + object.get("fare"), tripId);
        }
        Long duration = integer(object.get("duration"));
        if (duration == null || duration < 1 || ranges && duration > 86_400) {
            return invalid("bad_duration", "duration must be whole seconds 1..86400, was " + object.get("duration"), tripId);
        }
        Double distance = number(object.get("distance"));
        if (distance == null || ranges && (distance < 0 || distance > 500)) {
            return invalid("bad_distance", "distance must be a number 0..500 (km), was " + object.get("distance"), tripId);
        }
        return new Decoded(new ZoneEvent(tripId, region.intValue(), eventTime, fare, duration, distance), null);
    }

    /**
     * ISO-8601 instants as StreamPulse's producers write them: {@code Z}, an offset, {@code +00:00Z}, or no zone at
     * all (UTC). Null when it is none of these.
     */
    public static Instant parseTime(String text) {
        Instant utc = UtcInstants.parse(text);
        if (utc != null) {
            return utc;
        }
        String t = text.trim();
        if (t.endsWith("+00:00Z")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException none) {
                    return null;
                }
            }
        }
    }

    /** The wire form: StreamPulse's six fields, {@code event_time} in UTC with {@code Z}. */
    public static String encode(ZoneEvent event) {
        return JSON.createObjectBuilder().add("trip_id", event.tripId()).add("region_id", event.regionId())
                .add("event_time", event.eventTime().toString()).add("fare", event.fare())
                .add("duration", event.durationSeconds()).add("distance", event.distanceKm()).build().toString();
    }

    /**
     * A trip the assembler completed, as a zone event: region = pickup zone, event time = drop-off (when the trip
     * completed; New York wall clock to UTC, the earlier offset in the autumn overlap), fare = fare_amount,
     * distance converted from miles to km. A value the trip lacks is written as null, so the aggregator refuses it
     * with its reason instead of counting a made-up value.
     */
    public static String encodeTrip(String tripKey, org.chillflow.core.trip.RawTrip trip) {
        // written field by field (JSON-P's generator), not built as an object and then written: the same text (a
        // double as its BigDecimal.valueOf, as the builder writes it) without the object (the builder and its writer
        // were about 2 % of the server's samples in the stream benchmark's profile, docs/performance-history.md)
        java.io.StringWriter out = new java.io.StringWriter(160);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject().write("trip_id", tripKey);
            if (trip.puZoneId() == null) {
                g.writeNull("region_id");
            } else {
                g.write("region_id", trip.puZoneId().intValue());
            }
            if (trip.dropoff() == null) {
                g.writeNull("event_time");
            } else {
                g.write("event_time", trip.dropoff().atZone(NEW_YORK).toInstant().toString());
            }
            decimal(g, "fare", trip.fareAmount());
            if (trip.pickup() == null || trip.dropoff() == null) {
                g.writeNull("duration");
            } else {
                g.write("duration", java.time.Duration.between(trip.pickup(), trip.dropoff()).toSeconds());
            }
            decimal(g, "distance", trip.tripDistance() == null ? null : trip.tripDistance() * KM_PER_MILE);
            g.writeEnd();
        }
        return out.toString();
    }

    private static void decimal(JsonGenerator g, String name, Double value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, BigDecimal.valueOf(value));
        }
    }

    private static Long integer(JsonValue value) {
        if (!(value instanceof JsonNumber n)) {
            return null;
        }
        BigDecimal d = n.bigDecimalValue();
        try {
            return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
        } catch (ArithmeticException tooBig) {
            return null;
        }
    }

    private static Double number(JsonValue value) {
        if (!(value instanceof JsonNumber n)) {
            return null;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? d : null;
    }

    private static Decoded invalid(String reason, String detail, String tripId) {
        return new Decoded(null, new Invalid(reason, detail, tripId));
    }
}
