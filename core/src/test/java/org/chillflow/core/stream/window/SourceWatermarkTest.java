package org.chillflow.core.stream.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SourceWatermarkTest {

    private static final long BOUND = 5 * 60_000;
    private static final long IDLE = 10_000_000_000L;

    @Test
    void theSlowestActivePartitionHoldsTheWatermark() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 0);
        assertThat(w.observe(0, 1_000_000, 1, 0)).isTrue();
        assertThat(w.watermark()).isEqualTo(1_000_000 - BOUND);
        w.observe(1, 900_000, 2, 0);
        assertThat(w.watermark()).as("never goes back").isEqualTo(1_000_000 - BOUND);
        assertThat(w.observe(0, 2_000_000, 3, 1)).as("partition 1 holds it").isFalse();
        assertThat(w.observe(1, 1_500_000, 4, 2)).isTrue();
        assertThat(w.watermark()).isEqualTo(1_500_000 - BOUND);
        assertThat(w.advancedByRecordMillis()).isEqualTo(4);
    }

    @Test
    void anIdlePartitionDoesNotHoldItBack() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 0);
        w.observe(0, 1_000_000, 1, 0);
        w.observe(1, 1_000_000, 1, 0);
        w.observe(0, 3_000_000, 2, IDLE / 2);
        assertThat(w.watermark()).isEqualTo(1_000_000 - BOUND);
        assertThat(w.recompute(IDLE + 1, 3)).as("partition 1 silent for the idle timeout").isTrue();
        assertThat(w.watermark()).isEqualTo(3_000_000 - BOUND);
    }

    @Test
    void restoredStateContinuesWhereItWas() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 0);
        w.restore(Map.of(0, 2_000_000L, 1, 1_800_000L), 1_800_000 - BOUND, 0);
        assertThat(w.watermark()).isEqualTo(1_800_000 - BOUND);
        assertThat(w.maxEventTime()).isEqualTo(2_000_000);
        w.observe(1, 1_900_000, 1, 0);
        assertThat(w.watermark()).isEqualTo(1_900_000 - BOUND);
    }

    @Test
    void aPartitionNotHeardFromYetHoldsItUntilIdle() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 2);
        assertThat(w.observe(0, 9_000_000, 1, 1)).as("partition 1 may still bring older events").isFalse();
        assertThat(w.recompute(IDLE, 2)).as("partition 1 silent since the source began").isTrue();
        assertThat(w.watermark()).isEqualTo(9_000_000 - BOUND);
    }

    @Test
    void afterAPauseEveryPartitionGetsTheIdleTimeoutAgain() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 2);
        w.observe(0, 1_000_000, 1, 0);
        w.observe(1, 1_000_000, 1, 0);
        // a pause longer than the idle timeout, then partition 0 is fetched first, far ahead
        assertThat(w.observe(0, 9_000_000, 2, 3 * IDLE)).as("partition 1 is not idle: it was paused with the rest").isFalse();
        assertThat(w.observe(1, 2_000_000, 3, 3 * IDLE + 1)).isTrue();
        assertThat(w.watermark()).isEqualTo(2_000_000 - BOUND);
    }

    @Test
    void quietness() {
        SourceWatermark w = new SourceWatermark(BOUND, IDLE, 0, 0);
        w.observe(0, 1, 1, 100);
        assertThat(w.quietFor(50, 149)).isFalse();
        assertThat(w.quietFor(50, 150)).isTrue();
    }

    @Test
    void progressMarksHoldAPartitionsWatermarkAtItsSlowestLane() {
        // one partition of trips-completed, three assembler lanes: channel = lane
        SourceWatermark w = SourceWatermark.forMarks(IDLE, 0, 3);
        assertThat(w.marks()).isTrue();
        w.observe(0, 9_000_000, 1, 0); // lane 0 is days ahead
        w.observe(1, 2_000_000, 1, 0);
        assertThat(w.watermark()).as("lane 2 not heard from yet").isEqualTo(Long.MIN_VALUE);
        w.observe(2, 1_000_000, 1, 0);
        assertThat(w.watermark()).as("the slowest lane, no bound on top: the lanes applied it").isEqualTo(1_000_000);
        w.observe(2, 3_000_000, 2, 1);
        assertThat(w.watermark()).as("now lane 1 is the slowest").isEqualTo(2_000_000);
        w.observe(0, 9_500_000, 3, IDLE);
        assertThat(w.recompute(IDLE + 2, 4)).as("lanes 1 and 2 silent for the idle timeout: lane 0 alone").isTrue();
        assertThat(w.watermark()).isEqualTo(9_500_000);
    }

    @Test
    void theEndOfAReplayOnEveryLaneMovesTheWatermarkToTheEndOfTime() {
        SourceWatermark w = SourceWatermark.forMarks(Long.MAX_VALUE, 0, 2);
        w.observe(0, 5_000_000, 1, 0);
        w.observe(1, Long.MAX_VALUE, 2, 0);
        assertThat(w.watermark()).as("lane 0 not at its end yet").isEqualTo(5_000_000);
        assertThat(w.recompute(Long.MAX_VALUE / 2, 3)).as("a replay's lane is never released by silence").isFalse();
        assertThat(w.observe(0, Long.MAX_VALUE, 3, 1)).isTrue();
        assertThat(w.watermark()).isEqualTo(Long.MAX_VALUE);
    }
}
