package org.chillflow.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneEventCodecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2025-08-17T06:40:53.240321+00:00Z | 2025-08-17T06:40:53.240321Z",
        "2025-08-31T08:00:00+00:00Z        | 2025-08-31T08:00:00Z",
        "2025-08-17T11:00:00Z              | 2025-08-17T11:00:00Z",
        "2025-08-17T11:00:00+00:00         | 2025-08-17T11:00:00Z",
        "2025-08-17T11:00:00               | 2025-08-17T11:00:00Z",
        "2025-08-17T13:00:00+02:00         | 2025-08-17T11:00:00Z" })
    void readsEveryTimestampFormStreamPulseWrites(String wire, String instant) {
        assertThat(ZoneEventCodec.parseTime(wire)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INVALID_TIMESTAMP", "2025-08-17 11:00:00", "1756726800", "NaTZ", "''" })
    void refusesWhatIsNotATimeInsteadOfUsingNow(String wire) {
        assertThat(ZoneEventCodec.parseTime(wire)).isNull();
    }

    @ParameterizedTest
    @CsvSource({ "2025-08-31T08:00:00Z", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00.5Z", "2025-08-17T06:40:53.240321Z",
        "2025-08-17T06:40:53.123456789Z", "1970-01-01T00:00:00Z", "1969-07-20T20:17:40Z" })
    void readsTheInstantFormOurProducersWriteAsInstantDoes(String wire) {
        assertThat(ZoneEventCodec.parseTime(wire)).isEqualTo(Instant.parse(wire));
    }

    @ParameterizedTest
    @CsvSource({ "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
        "2025-08-31T08:0a:00Z", "2025-08-31T08:00:00.1234567890Z" })
    void refusesAnImpossibleInstant(String wire) {
        assertThat(ZoneEventCodec.parseTime(wire)).isNull();
    }

    @Test
    void decodesAValidEvent() {
        ZoneEventCodec.Decoded d = ZoneEventCodec.decode("{\"trip_id\": \"trip_000001\", \"region_id\": 5, \"event_time\":"
                + " \"2025-09-01T11:40:10+00:00Z\", \"fare\": 57.64, \"duration\": 1200, \"distance\": 13.5}");
        assertThat(d.valid()).isTrue();
        assertThat(d.event()).isEqualTo(new ZoneEvent("trip_000001", 5, Instant.parse("2025-09-01T11:40:10Z"), 57.64, 1200, 13.5));
        assertThat(ZoneEventCodec.decode(ZoneEventCodec.encode(d.event())).event()).isEqualTo(d.event());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                                                                              | malformed_json",
        "[1,2]                                                                                                 | malformed_json",
        "3e8765fa0c                                                                                            | malformed_json",
        "{\"trip_id\":\"t\",\"region_id\":1e999999999999,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1} | malformed_json",
        "{\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1}           | missing_field",
        "{\"trip_id\":\"t\",\"region_id\":null,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1} | missing_field",
        "{\"trip_id\":7,\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1}  | bad_trip_id",
        "{\"trip_id\":\"t\",\"region_id\":\"5\",\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1} | bad_region_id",
        "{\"trip_id\":\"t\",\"region_id\":1.5,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1} | bad_region_id",
        "{\"trip_id\":\"t\",\"region_id\":0,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1}   | bad_region_id",
        "{\"trip_id\":\"t\",\"region_id\":266,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":1} | bad_region_id",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":\"yesterday\",\"fare\":1,\"duration\":60,\"distance\":1}          | bad_event_time",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":1756726800,\"fare\":1,\"duration\":60,\"distance\":1}            | bad_event_time",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":-0.01,\"duration\":60,\"distance\":1} | bad_fare",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60.5,\"distance\":1}  | bad_duration",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":0,\"distance\":1}     | bad_duration",
        "{\"trip_id\":\"t\",\"region_id\":1,\"event_time\":\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":60,\"distance\":-3.2} | bad_distance" })
    void refusesWithAReason(String json, String reason) {
        ZoneEventCodec.Decoded d = ZoneEventCodec.decode(json);
        assertThat(d.valid()).isFalse();
        assertThat(d.invalid().reason()).isEqualTo(reason);
        assertThat(d.invalid().detail()).isNotBlank();
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsAnInteger() {
        ZoneEventCodec.Decoded d = ZoneEventCodec.decode("{\"trip_id\":\"t\",\"region_id\":3.0,\"event_time\":"
                + "\"2025-01-01T00:00:00Z\",\"fare\":1,\"duration\":1800.0,\"distance\":1}");
        assertThat(d.event().regionId()).isEqualTo(3);
        assertThat(d.event().durationSeconds()).isEqualTo(1800);
    }

    @Test
    void aCompletedTripAnswersToTheCurationsRulesNotToStreamPulsesRanges() {
        // values the batch curation keeps (a -4.75 fare, a 30-hour trip, 600 km) but StreamPulse's schema refuses
        String trip = "{\"trip_id\":\"k\",\"region_id\":132,\"event_time\":\"2025-02-01T00:00:00Z\",\"fare\":%s,"
                + "\"duration\":%s,\"distance\":%s}";
        for (String[] values : new String[][] { { "-4.75", "600", "1.2" }, { "12.5", "108000", "4" }, { "900.5", "36000", "600" } }) {
            String json = String.format(trip, (Object[]) values);
            assertThat(ZoneEventCodec.decode(json, ZoneEventCodec.Schema.COMPLETED_TRIP).valid()).as(json).isTrue();
            assertThat(ZoneEventCodec.decode(json).valid()).as(json).isFalse();
        }
        // the structure still holds for both: a missing value, a duration that is not a positive whole number
        assertThat(ZoneEventCodec.decode(String.format(trip, "null", "600", "1"), ZoneEventCodec.Schema.COMPLETED_TRIP)
                .invalid().reason()).isEqualTo("missing_field");
        assertThat(ZoneEventCodec.decode(String.format(trip, "1", "0", "1"), ZoneEventCodec.Schema.COMPLETED_TRIP)
                .invalid().reason()).isEqualTo("bad_duration");
        assertThat(ZoneEventCodec.decode(String.format(trip, "1", "1.5", "1"), ZoneEventCodec.Schema.COMPLETED_TRIP)
                .invalid().reason()).isEqualTo("bad_duration");
    }
}
