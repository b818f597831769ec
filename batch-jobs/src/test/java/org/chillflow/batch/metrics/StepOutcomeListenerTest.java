package org.chillflow.batch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

class StepOutcomeListenerTest {

    @Test
    void theMessageWrittenForPeopleIsKeptAndWrappersAreSkipped() {
        IOException corrupt = new IOException("feb.parquet is not a readable Parquet file: bad footer");
        assertThat(StepOutcomeListener.failedExitStatus(new RuntimeException(corrupt)))
                .isEqualTo("FAILED: feb.parquet is not a readable Parquet file: bad footer");
        assertThat(StepOutcomeListener.failedExitStatus(new IllegalArgumentException("columns\nnot mapped: [a, b]")))
                .isEqualTo("FAILED: columns not mapped: [a, b]");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(StepOutcomeListener.failedExitStatus(new NoSuchFileException("/data/x.parquet", null, "not found")))
                .isEqualTo("FAILED: no such file: /data/x.parquet (not found)");
    }

    @Test
    void longMessagesAreBoundedForTheRepositoryColumns() {
        assertThat(StepOutcomeListener.failedExitStatus(new IllegalStateException("x".repeat(2_000)))).hasSize(480);
        assertThat(StepOutcomeListener.failedExitStatus(new IllegalStateException())).isEqualTo("FAILED: java.lang.IllegalStateException");
    }
}
