package org.chillflow.core.stream.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The StreamPulse files bundled under data/streampulse. */
class StreamPulseFileTest {

    private static final Path FILES = Path.of(System.getProperty("chillflow.samples", "../data/nyc")).resolveSibling("streampulse");

    @Test
    void theMalformedFileLosesNothing() throws Exception {
        StreamPulseFile.Prepared p = StreamPulseFile.read(FILES.resolve("malformed_test_data.csv"), false);
        assertThat(p.rows()).isEqualTo(18);
        assertThat(p.events()).extracting(o -> o.event().tripId())
                .containsExactly("trip_001", "MALFORMED_JSON_NO_COMMAS", "trip_018");
        assertThat(p.rejected()).extracting(r -> r.line() + " " + r.reason()).containsExactly(
                "3 bad_region_id", "4 bad_event_time", "5 bad_fare", "6 bad_duration", "7 bad_distance",
                "9 missing_field", "10 missing_field", "11 missing_field", "12 missing_field", "13 missing_field",
                "14 bad_region_id", "15 bad_region_id", "16 bad_fare", "17 bad_duration", "18 bad_distance");
        assertThat(p.rejectedByReason()).isEqualTo(Map.of("bad_region_id", 3L, "bad_event_time", 1L, "bad_fare", 2L,
                "bad_duration", 2L, "bad_distance", 2L, "missing_field", 5L));
    }

    @Test
    void rawSendsEveryRowAsItIsInFileOrder() throws Exception {
        StreamPulseFile.Prepared p = StreamPulseFile.read(FILES.resolve("malformed_test_data.csv"), true);
        assertThat(p.events()).hasSize(18);
        assertThat(p.rejected()).isEmpty();
        assertThat(p.events().get(1).json()).isEqualTo("{\"trip_id\":\"trip_002\",\"region_id\":\"INVALID_REGION\","
                + "\"event_time\":\"2025-01-15T10:31:00.000Z\",\"fare\":30.0,\"duration\":2100,\"distance\":15.2}");
        assertThat(p.events().get(7).key()).isNull();
        assertThat(p.events().get(8).json()).contains("\"event_time\":null");
    }

    @Test
    void theSampleIsSentWholeInEventTimeOrderKeyedByRegion() throws Exception {
        StreamPulseFile.Prepared p = StreamPulseFile.read(FILES.resolve("streampulse_sample_trips.csv"), false);
        assertThat(p.rows()).isEqualTo(300);
        assertThat(p.rejected()).isEmpty();
        List<StreamPulseFile.Outgoing> events = p.events();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).event().eventTime()).isAfterOrEqualTo(events.get(i - 1).event().eventTime());
        }
        assertThat(events).allSatisfy(o -> assertThat(o.key()).isEqualTo(Integer.toString(o.event().regionId())));
    }
}
