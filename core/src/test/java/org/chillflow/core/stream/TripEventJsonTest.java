package org.chillflow.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import jakarta.json.bind.Jsonb;

import org.chillflow.core.trip.RawTrip;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The streaming reader and writer against JSON-B's binding of the same contract ({@link TripEventJson#create}). */
class TripEventJsonTest {

    @Test
    void everyEventOfTheSampleIsWrittenAsJsonBWritesItAndReadAsJsonBReadsIt() throws Exception {
        int events = 0;
        try (Jsonb jsonb = TripEventJson.create()) {
            for (RawTrip trip : SampleTrips.splittable()) {
                String key = SampleTrips.key(trip);
                for (TripEvent event : TripEvents.split(key, "veh_x", trip)) {
                    String bound = jsonb.toJson(event);
                    assertThat(TripEventJson.write(event)).isEqualTo(bound); // the wire format is unchanged
                    assertThat(fields(TripEventJson.read(bound))).isEqualTo(fields(jsonb.fromJson(bound, TripEvent.class)));
                    events++;
                }
            }
        }
        assertThat(events).isGreaterThan(5 * 4_900);
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
