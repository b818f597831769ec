package org.chillflow.core.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowMathTest {

    @Test
    void nearestRankAsStreamPulse() {
        // StreamPulse's own test: durations 100 and 200 give p50 100 and p95 200
        assertThat(NearestRank.of(new long[] { 100, 200 }, 50)).isEqualTo(100);
        assertThat(NearestRank.of(new long[] { 100, 200 }, 95)).isEqualTo(200);
        long[] seven = NearestRank.sorted(new long[] { 7, 1, 6, 2, 5, 3, 4 });
        assertThat(NearestRank.of(seven, 50)).isEqualTo(4);
        assertThat(NearestRank.of(seven, 95)).isEqualTo(7);
        assertThat(NearestRank.of(new long[0], 50)).isZero();
    }

    @Test
    void sizesParseSortAndAlignToTheEpoch() {
        assertThat(WindowSize.parseList("1h, 1m,15m,5m,1m")).extracting(WindowSize::label).containsExactly("1m", "5m", "15m", "1h");
        WindowSize five = WindowSize.parse("5m");
        assertThat(five.start(Instant.parse("2025-09-01T11:44:59.999Z"))).isEqualTo(Instant.parse("2025-09-01T11:40:00Z"));
        assertThat(five.startOf(-1)).isEqualTo(-300_000);
        assertThatThrownBy(() -> WindowSize.parse("7m")).hasMessageContaining("divide a day");
        assertThatThrownBy(() -> WindowSize.parse("1d")).hasMessageContaining("s, m or h");
        assertThatThrownBy(() -> WindowSize.parseList("2m,5m")).hasMessage("each window must be a whole number of the smallest (2m), was 5m");
    }
}
