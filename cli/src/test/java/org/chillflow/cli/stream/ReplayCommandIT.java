package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.chillflow.cli.ChillflowCli;
import org.junit.jupiter.api.Test;

/** {@code chillflow replay streampulse} against the real test broker (9192), on fresh topics. */
class ReplayCommandIT {

    private static final String FILES = "../data/streampulse/";

    @Test
    void validatedReplayCountsTheBadRowsByReasonAndSendsTheRestKeyedByRegion() {
        String topic = topic();
        String out = run(0, "replay", "streampulse", FILES + "malformed_test_data.csv", "--topic", topic, "--replay-id", "it-malformed");
        assertThat(out).contains("replay it-malformed: 18 rows; sent 3 to " + topic)
                .contains("rejected 15 {bad_distance=2, bad_duration=2, bad_event_time=1, bad_fare=2, bad_region_id=3, missing_field=5}; failed 0")
                .contains("line 4: bad_event_time (event_time is not an ISO-8601 time: INVALID_TIMESTAMP)");
        String consumed = run(0, "stream", "consume", "--topic", topic, "--max", "3", "--timeout", "PT15S");
        assertThat(consumed).contains("3 message(s)", "key=1 ", "key=6 ", "key=14 ",
                "{\"trip_id\":\"trip_001\",\"region_id\":1,\"event_time\":\"2025-01-15T10:30:00Z\",\"fare\":25.5,\"duration\":1800,\"distance\":12.5}");
    }

    @Test
    void rawReplaySendsEveryRowUnvalidated() {
        String topic = topic();
        assertThat(run(0, "replay", "streampulse", FILES + "malformed_test_data.csv", "--raw", "--topic", topic))
                .contains("18 rows; sent 18 unvalidated to " + topic).contains("rejected 0 {}");
        assertThat(run(0, "stream", "consume", "--topic", topic, "--max", "18", "--timeout", "PT15S"))
                .contains("18 message(s)", "\"region_id\":\"INVALID_REGION\"", "\"event_time\":\"INVALID_TIMESTAMP\"");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThat(run(2, "replay", "streampulse", FILES + "no-such.csv")).isEmpty();
    }

    private static String topic() {
        String topic = "it-replay-" + UUID.randomUUID();
        run(0, "stream", "create-topic", "--topic", topic, "--partitions", "3");
        return topic;
    }

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = ChillflowCli.commandLine().execute(args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(expectedCode);
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(previous);
        }
    }
}
