package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyCommandTest {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1; // 1..100 ms
        }
        assertThat(LatencyCommand.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LatencyCommand.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LatencyCommand.percentile(sorted, 100)).isEqualTo(100);
        assertThat(LatencyCommand.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LatencyCommand.percentile(new long[0], 50)).isZero();
    }
}
