package org.chillflow.core.stream;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/**
 * The JSON of {@link TripEvent}s: snake_case names, and each event's own fields written even when null (the original
 * pipeline's contract); {@link #write} leaves out the null fields of other types, {@link #read} takes them either way.
 *
 * <p>The stream's producers and the trip assembler use {@link #write} and {@link #read}, which go through JSON-P's
 * streaming parser and generator field by field: JSON-B's binding of the same class took 28 % of the assembler's CPU
 * in the stream benchmark's profile (docs/performance-history.md). {@link #create} gives the JSON-B binding of the same contract,
 * for code that binds events as objects (tests): it writes every field, nulls too, the form events had before
 * {@link #write} left out other types' nulls, which {@link #read} reads the same; {@code TripEventJsonTest} holds the
 * two to each other.
 *
 * <p>{@link #read} takes one JSON object; fields it does not know are skipped, a field given twice keeps its last
 * value, and each known field has one JSON type: a string, a whole number within {@code int} (the ids, counts and
 * codes) or a number (distances, minutes and money), or null. Anything else is {@link Malformed}, whose message names
 * the field and what it should have been, never the value.
 */
public final class TripEventJson {

    /** Looked up once: JSON-P's static factories look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = JSON.createGeneratorFactory(Map.of());

    private TripEventJson() {
    }

    /** Why a text is not an event. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** A Jsonb for events; thread-safe, meant to be kept and closed with its owner. */
    public static Jsonb create() {
        return JsonbBuilder.create(new JsonbConfig().withNullValues(true)
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));
    }

    /** The event a record carries; thread-safe. */
    public static TripEvent read(String json) throws Malformed {
        if (json == null || json.isBlank()) {
            throw new Malformed("empty event");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw new Malformed("an event is a JSON object");
            }
            TripEvent event = new TripEvent();
            for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                String field = parser.getString();
                readField(parser, field, parser.next(), event);
            }
            if (parser.hasNext()) {
                throw new Malformed("more than one JSON value");
            }
            return event;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new Malformed("not JSON: " + e.getMessage());
        }
    }

    private static void readField(JsonParser parser, String field, JsonParser.Event value, TripEvent e) throws Malformed {
        switch (field) {
            case "schema_version" -> e.schemaVersion = integer(parser, field, value);
            case "event_id" -> e.eventId = string(parser, field, value);
            case "trip_key" -> e.tripKey = string(parser, field, value);
            case "event_type" -> e.eventType = string(parser, field, value);
            case "timestamp" -> e.timestamp = string(parser, field, value);
            case "vendor_id" -> e.vendorId = integer(parser, field, value);
            case "vehicle_id_h" -> e.vehicleIdH = string(parser, field, value);
            case "source" -> e.source = string(parser, field, value);
            case "pickup_zone_id" -> e.pickupZoneId = integer(parser, field, value);
            case "passenger_count" -> e.passengerCount = integer(parser, field, value);
            case "rate_code" -> e.rateCode = integer(parser, field, value);
            case "store_and_fwd_flag" -> e.storeAndFwdFlag = string(parser, field, value);
            case "dropoff_zone_id" -> e.dropoffZoneId = integer(parser, field, value);
            case "trip_distance" -> e.tripDistance = number(parser, field, value);
            case "trip_duration_minutes" -> e.tripDurationMinutes = number(parser, field, value);
            case "payment_type" -> e.paymentType = integer(parser, field, value);
            case "fare_amount" -> e.fareAmount = number(parser, field, value);
            case "extra" -> e.extra = number(parser, field, value);
            case "mta_tax" -> e.mtaTax = number(parser, field, value);
            case "tip_amount" -> e.tipAmount = number(parser, field, value);
            case "tolls_amount" -> e.tollsAmount = number(parser, field, value);
            case "improvement_surcharge" -> e.improvementSurcharge = number(parser, field, value);
            case "total_amount" -> e.totalAmount = number(parser, field, value);
            case "congestion_surcharge" -> e.congestionSurcharge = number(parser, field, value);
            case "airport_fee" -> e.airportFee = number(parser, field, value);
            case "cbd_congestion_fee" -> e.cbdCongestionFee = number(parser, field, value);
            case "zone_id" -> e.zoneId = integer(parser, field, value);
            default -> skip(parser, value);
        }
    }

    private static String string(JsonParser parser, String field, JsonParser.Event value) throws Malformed {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> parser.getString();
            default -> throw new Malformed(field + " must be a string or null");
        };
    }

    private static Integer integer(JsonParser parser, String field, JsonParser.Event value) throws Malformed {
        if (value == JsonParser.Event.VALUE_NULL) {
            return null;
        }
        if (value == JsonParser.Event.VALUE_NUMBER) {
            try {
                return Integer.parseInt(parser.getString()); // refuses a fraction, an exponent and what int cannot hold
            } catch (NumberFormatException notWhole) {
                // falls through to the refusal
            }
        }
        throw new Malformed(field + " must be a whole number within 32 bits, or null");
    }

    private static Double number(JsonParser parser, String field, JsonParser.Event value) throws Malformed {
        if (value == JsonParser.Event.VALUE_NULL) {
            return null;
        }
        if (value == JsonParser.Event.VALUE_NUMBER) {
            double number = Double.parseDouble(parser.getString());
            if (Double.isFinite(number)) {
                return number;
            }
        }
        throw new Malformed(field + " must be a finite number or null");
    }

    private static void skip(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
    }

    /**
     * The event as JSON, its fields in {@link TripEvent}'s order: the fields every event has and its type's own fields
     * always, nulls as null (as the original pipeline's events of each type), and any other field only when it has a
     * value. A field left out reads as null ({@link #read}), so nothing is lost; an event carries 9 to 19 fields
     * instead of all 27, about half the text to send, keep in Redis and read (docs/performance-history.md).
     *
     * @throws IllegalArgumentException when a number is not finite (JSON has no NaN or infinity)
     */
    public static String write(TripEvent e) {
        String type = e.eventType;
        boolean started = TripEventType.TRIP_STARTED.wire().equals(type);
        boolean ended = TripEventType.TRIP_ENDED.wire().equals(type);
        boolean paid = TripEventType.PAYMENT_PROCESSED.wire().equals(type);
        boolean zone = TripEventType.ZONE_ENTERED.wire().equals(type) || TripEventType.ZONE_EXITED.wire().equals(type);
        StringWriter out = new StringWriter(paid ? 448 : 320);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject();
            integer(g, "schema_version", e.schemaVersion, true);
            string(g, "event_id", e.eventId, true);
            string(g, "trip_key", e.tripKey, true);
            string(g, "event_type", e.eventType, true);
            string(g, "timestamp", e.timestamp, true);
            integer(g, "vendor_id", e.vendorId, true);
            string(g, "vehicle_id_h", e.vehicleIdH, true);
            string(g, "source", e.source, true);
            integer(g, "pickup_zone_id", e.pickupZoneId, started);
            integer(g, "passenger_count", e.passengerCount, started);
            integer(g, "rate_code", e.rateCode, started);
            string(g, "store_and_fwd_flag", e.storeAndFwdFlag, started);
            integer(g, "dropoff_zone_id", e.dropoffZoneId, ended);
            number(g, "trip_distance", e.tripDistance, ended);
            number(g, "trip_duration_minutes", e.tripDurationMinutes, ended);
            integer(g, "payment_type", e.paymentType, paid);
            number(g, "fare_amount", e.fareAmount, paid);
            number(g, "extra", e.extra, paid);
            number(g, "mta_tax", e.mtaTax, paid);
            number(g, "tip_amount", e.tipAmount, paid);
            number(g, "tolls_amount", e.tollsAmount, paid);
            number(g, "improvement_surcharge", e.improvementSurcharge, paid);
            number(g, "total_amount", e.totalAmount, paid);
            number(g, "congestion_surcharge", e.congestionSurcharge, paid);
            number(g, "airport_fee", e.airportFee, paid);
            number(g, "cbd_congestion_fee", e.cbdCongestionFee, paid);
            integer(g, "zone_id", e.zoneId, zone);
            g.writeEnd();
        }
        return out.toString();
    }

    private static void string(JsonGenerator g, String field, String value, boolean nullToo) {
        if (value != null) {
            g.write(field, value);
        } else if (nullToo) {
            g.writeNull(field);
        }
    }

    private static void integer(JsonGenerator g, String field, Integer value, boolean nullToo) {
        if (value != null) {
            g.write(field, value.intValue());
        } else if (nullToo) {
            g.writeNull(field);
        }
    }

    private static void number(JsonGenerator g, String field, Double value, boolean nullToo) {
        if (value == null) {
            if (nullToo) {
                g.writeNull(field);
            }
        } else if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " is not a finite number");
        } else {
            g.write(field, value.doubleValue());
        }
    }
}
