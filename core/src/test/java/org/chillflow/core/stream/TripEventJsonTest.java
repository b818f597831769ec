package org.chillflow.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;

import org.chillflow.core.trip.RawTrip;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The streaming reader and writer against JSON-B's binding of the same contract ({@link TripEventJson#create}). */
class TripEventJsonTest {

    /** Every field's name, in the order of the wire format. */
    private static final List<String> NAMES = List.of("schema_version", "event_id", "trip_key", "event_type", "timestamp",
            "vendor_id", "vehicle_id_h", "source", "pickup_zone_id", "passenger_count", "rate_code", "store_and_fwd_flag",
            "dropoff_zone_id", "trip_distance", "trip_duration_minutes", "payment_type", "fare_amount", "extra", "mta_tax",
            "tip_amount", "tolls_amount", "improvement_surcharge", "total_amount", "congestion_surcharge", "airport_fee",
            "cbd_congestion_fee", "zone_id");

    /** The fields every event carries, nulls too. */
    private static final List<String> COMMON = List.of("schema_version", "event_id", "trip_key", "event_type", "timestamp",
            "vendor_id", "vehicle_id_h", "source");

    /** Each type's own fields, carried even when null (the original pipeline's events of each type). */
    private static final Map<String, List<String>> OWN = Map.of(
            "trip_started", List.of("pickup_zone_id", "passenger_count", "rate_code", "store_and_fwd_flag"),
            "zone_entered", List.of("zone_id"),
            "trip_ended", List.of("dropoff_zone_id", "trip_distance", "trip_duration_minutes"),
            "zone_exited", List.of("zone_id"),
            "payment_processed", List.of("payment_type", "fare_amount", "extra", "mta_tax", "tip_amount", "tolls_amount",
                    "improvement_surcharge", "total_amount", "congestion_surcharge", "airport_fee", "cbd_congestion_fee"));

    /**
     * The writer's text is JSON-B's (every field, nulls too: the form every event had before the writer left out
     * other types' nulls) less exactly the null fields outside the event's type, and both texts read back as JSON-B
     * reads them, into the event that was written.
     */
    @Test
    void everyEventOfTheSampleIsWrittenAsJsonBWritesItLessOtherTypesNullsAndBothFormsReadAsJsonBReadsThem()
            throws Exception {
        int events = 0;
        Map<String, Integer> nullsKept = new HashMap<>();
        try (Jsonb jsonb = TripEventJson.create()) {
            for (RawTrip trip : SampleTrips.splittable()) {
                String key = SampleTrips.key(trip);
                for (TripEvent event : TripEvents.split(key, "veh_x", trip)) {
                    String bound = jsonb.toJson(event);
                    String written = TripEventJson.write(event);
                    String expected = bound;
                    for (String field : NAMES) {
                        if (!COMMON.contains(field) && !OWN.get(event.eventType).contains(field)) {
                            expected = expected.replace(",\"" + field + "\":null", "");
                        }
                    }
                    assertThat(written).isEqualTo(expected);
                    assertThat(names(written)).containsAll(COMMON).containsAll(OWN.get(event.eventType));
                    for (String field : OWN.get(event.eventType)) {
                        if (written.contains("\"" + field + "\":null")) {
                            nullsKept.merge(field, 1, Integer::sum);
                        }
                    }
                    List<Object> values = fields(event);
                    assertThat(fields(TripEventJson.read(written))).isEqualTo(values);
                    assertThat(fields(jsonb.fromJson(written, TripEvent.class))).isEqualTo(values);
                    assertThat(fields(TripEventJson.read(bound))).isEqualTo(fields(jsonb.fromJson(bound, TripEvent.class)))
                            .isEqualTo(values);
                    events++;
                }
            }
        }
        assertThat(events).isGreaterThan(5 * 4_900);
        assertThat(nullsKept).containsKey("airport_fee"); // the sample has trips without one: written as null
    }

    private static List<String> names(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return List.copyOf(reader.readObject().keySet());
        }
    }

    @Test
    void aFieldOfAnotherTypeIsWrittenWhenItHasAValueAndAnEventOfAnUnknownTypeCarriesItsValuesOnly() throws Exception {
        TripEvent event = new TripEvent();
        event.eventType = "zone_entered";
        event.tripKey = "k";
        event.fareAmount = 12.5;
        assertThat(TripEventJson.write(event)).isEqualTo("{\"schema_version\":1,\"event_id\":null,\"trip_key\":\"k\","
                + "\"event_type\":\"zone_entered\",\"timestamp\":null,\"vendor_id\":null,\"vehicle_id_h\":null,"
                + "\"source\":\"stream\",\"fare_amount\":12.5,\"zone_id\":null}");
        event.eventType = "tip_added";
        event.source = null;
        assertThat(names(TripEventJson.write(event))).isEqualTo(List.of("schema_version", "event_id", "trip_key",
                "event_type", "timestamp", "vendor_id", "vehicle_id_h", "source", "fare_amount"));
        assertThat(TripEventJson.read(TripEventJson.write(event)).source).isNull(); // not the class's default
    }

    @Test
    void randomValuesGoThroughBothWaysUnchanged() throws Exception {
        Random random = new Random(20261201);
        try (Jsonb jsonb = TripEventJson.create()) {
            for (int i = 0; i < 20_000; i++) {
                TripEvent event = randomEvent(random);
                String written = TripEventJson.write(event);
                List<Object> expected = fields(event);
                assertThat(fields(jsonb.fromJson(written, TripEvent.class))).isEqualTo(expected);
                assertThat(fields(TripEventJson.read(written))).isEqualTo(expected);
                assertThat(fields(TripEventJson.read(jsonb.toJson(event)))).isEqualTo(expected);
            }
        }
    }

    /** Every field, in order (an assertion per event: AssertJ's recursive comparison took a minute for these). */
    private static List<Object> fields(TripEvent e) {
        return Arrays.asList(e.schemaVersion, e.eventId, e.tripKey, e.eventType, e.timestamp, e.vendorId, e.vehicleIdH,
                e.source, e.pickupZoneId, e.passengerCount, e.rateCode, e.storeAndFwdFlag, e.dropoffZoneId, e.tripDistance,
                e.tripDurationMinutes, e.paymentType, e.fareAmount, e.extra, e.mtaTax, e.tipAmount, e.tollsAmount,
                e.improvementSurcharge, e.totalAmount, e.congestionSurcharge, e.airportFee, e.cbdCongestionFee, e.zoneId);
    }

    private static TripEvent randomEvent(Random random) {
        TripEvent e = new TripEvent();
        e.schemaVersion = random.nextBoolean() ? 1 : null;
        e.eventId = text(random);
        e.tripKey = text(random);
        e.eventType = text(random);
        e.timestamp = text(random);
        e.vendorId = whole(random);
        e.vehicleIdH = text(random);
        e.source = text(random);
        e.pickupZoneId = whole(random);
        e.passengerCount = whole(random);
        e.rateCode = whole(random);
        e.storeAndFwdFlag = text(random);
        e.dropoffZoneId = whole(random);
        e.tripDistance = number(random);
        e.tripDurationMinutes = number(random);
        e.paymentType = whole(random);
        e.fareAmount = number(random);
        e.extra = number(random);
        e.mtaTax = number(random);
        e.tipAmount = number(random);
        e.tollsAmount = number(random);
        e.improvementSurcharge = number(random);
        e.totalAmount = number(random);
        e.congestionSurcharge = number(random);
        e.airportFee = number(random);
        e.cbdCongestionFee = number(random);
        e.zoneId = whole(random);
        return e;
    }

    private static String text(Random random) {
        if (random.nextInt(5) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        String alphabet = "ab_-09\"\\/\n\t\u0001é€😀 ";
        for (int n = random.nextInt(12); n > 0; n--) {
            text.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt((int) alphabet.codePoints().count())]);
        }
        return text.toString();
    }

    private static Integer whole(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> Integer.MAX_VALUE;
            case 3 -> random.nextInt(300);
            default -> random.nextInt();
        };
    }

    private static Double number(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> Math.round(random.nextDouble() * 20_000 - 10_000) / 100.0; // cents
            case 2 -> -0.0;
            case 3 -> Double.MIN_VALUE * random.nextInt(1_000);
            case 4 -> Double.MAX_VALUE / (1 + random.nextInt(1_000));
            case 5 -> (double) random.nextLong();
            default -> Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (random.nextBoolean() ? 1 : -1);
        };
    }

    @Test
    void unknownFieldsAreSkippedAndTheLastOfARepeatedFieldCounts() throws Exception {
        TripEvent event = TripEventJson.read("{\"note\":{\"a\":[1,{\"b\":2}]},\"trip_key\":\"k1\",\"list\":[[],{}],"
                + "\"vendor_id\":1,\"trip_key\":\"k2\",\"zone_id\":null,\"extra\":-1.5e1,\"flag\":true}");
        assertThat(event.tripKey).isEqualTo("k2");
        assertThat(event.vendorId).isEqualTo(1);
        assertThat(event.zoneId).isNull();
        assertThat(event.extra).isEqualTo(-15.0);
        assertThat(event.source).isEqualTo("stream"); // a field the text leaves out keeps the class's default
        assertThat(event.schemaVersion).isEqualTo(TripEvent.SCHEMA_VERSION);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                              | empty event",
        "'   '                                           | empty event",
        "not json                                        | not JSON",
        "null                                            | a JSON object",
        "[1,2]                                           | a JSON object",
        "'\"trip_started\"'                              | a JSON object",
        "'{\"trip_key\":\"k\"'                           | not JSON",
        "'{\"trip_key\":\"k\"} {}'                       | not JSON",
        "'{\"trip_key\":\"k\",}'                         | not JSON",
        "'{\"vendor_id\":\"uno\"}'                       | vendor_id must be a whole number",
        "'{\"vendor_id\":\"1\"}'                         | vendor_id must be a whole number",
        "'{\"vendor_id\":1.5}'                           | vendor_id must be a whole number",
        "'{\"zone_id\":1e2}'                             | zone_id must be a whole number",
        "'{\"passenger_count\":3000000000}'              | passenger_count must be a whole number",
        "'{\"rate_code\":[1]}'                           | rate_code must be a whole number",
        "'{\"trip_key\":42}'                             | trip_key must be a string",
        "'{\"event_type\":true}'                         | event_type must be a string",
        "'{\"timestamp\":{\"at\":\"2025\"}}'             | timestamp must be a string",
        "'{\"fare_amount\":\"12.5\"}'                    | fare_amount must be a finite number",
        "'{\"trip_distance\":1e999}'                     | trip_distance must be a finite number",
    })
    void aTextThatIsNotAnEventIsRefusedWithTheFieldNotTheValue(String json, String message) {
        assertThatThrownBy(() -> TripEventJson.read(json)).isInstanceOf(TripEventJson.Malformed.class)
                .hasMessageContaining(message).hasMessageNotContaining("uno").hasMessageNotContaining("12.5");
    }

    @Test
    void aNumberJsonCannotHoldIsRefusedByName() {
        TripEvent event = new TripEvent();
        event.fareAmount = Double.NaN;
        assertThatThrownBy(() -> TripEventJson.write(event)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fare_amount is not a finite number");
    }
}
