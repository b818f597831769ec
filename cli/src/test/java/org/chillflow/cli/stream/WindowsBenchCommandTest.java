package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.chillflow.core.stream.ZoneEvent;
import org.chillflow.core.stream.window.StreamPulseFile;
import org.junit.jupiter.api.Test;

class WindowsBenchCommandTest {

    private static final Duration BOUND = Duration.ofMinutes(5);
    private static final Duration LATENESS = Duration.ofMinutes(1);

    @Test
    void aWindowsCloseIsPassedByTheWatermarkOfItsOwnPartition() {
        // zone 1 on partition 0, zone 2 on partition 1; both have a window at 10:00 that closes at 10:02 (end + 1 min),
        // which a partition's watermark passes once that partition has seen 10:07 (the bound is 5 min)
        List<ReplayCommand.Sent> sent = List.of(
                sent(1, "10:00:30", 0, 100),
                sent(2, "10:00:40", 1, 110),
                sent(1, "10:06:59", 0, 200), // partition 0's watermark 10:01:59: not yet
                sent(1, "10:07:00", 0, 300), // partition 0's watermark 10:02:00: zone 1's 10:00 window passed
                sent(1, "10:09:00", 0, 350),
                sent(2, "10:07:30", 1, 400)); // partition 1's watermark 10:02:30: zone 2's 10:00 window passed

        Map<String, Long> passed = WindowsBenchCommand.watermarkPassed(sent, 2, BOUND, LATENESS);

        // zone 1's window is passed when its own partition moves, not when the slowest partition does (400)
        assertThat(passed).containsEntry(window(1, "10:00:00"), 300L)
                .containsEntry(window(2, "10:00:00"), 400L)
                // zone 1's 10:06, 10:07 and 10:09 windows: no record moved partition 0 past their closes (the quiet
                // source closes them), so they are left out
                .hasSize(2);
    }

    @Test
    void aServeLineNamesTheResultFileAndOptionallyAPositivePace() {
        assertThat(WindowsBenchCommand.Request.parse("target/bench/windows-fast-1.json"))
                .isEqualTo(new WindowsBenchCommand.Request(Path.of("target/bench/windows-fast-1.json"), null));
        assertThat(WindowsBenchCommand.Request.parse("  out.json   1000 "))
                .isEqualTo(new WindowsBenchCommand.Request(Path.of("out.json"), 1000.0));
        for (String bad : List.of("out.json 0", "out.json -2", "out.json fast", "out.json NaN", "out.json Infinity")) {
            assertThatThrownBy(() -> WindowsBenchCommand.Request.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SPEED must be a positive factor");
        }
        assertThatThrownBy(() -> WindowsBenchCommand.Request.parse("out.json 1000 extra"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 'OUT [SPEED]', got 3 words");
    }

    private static ReplayCommand.Sent sent(int zone, String time, int partition, long sentAtMillis) {
        ZoneEvent event = new ZoneEvent("t-" + zone + "-" + time, zone, at(time), 10.0, 600, 2.0);
        return new ReplayCommand.Sent(new StreamPulseFile.Outgoing(1, Integer.toString(zone), "{}", event), partition,
                sentAtMillis);
    }

    private static String window(int zone, String start) {
        return zone + "@" + at(start).toEpochMilli();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-05T" + time + "Z");
    }
}
