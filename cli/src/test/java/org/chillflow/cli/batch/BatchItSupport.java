package org.chillflow.cli.batch;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.Metric;

import org.chillflow.cli.db.CliDatabase;

/** The test database (chillflow_test) and job metrics, as the batch ITs check them. */
final class BatchItSupport {

    /** The real 5,000-row February 2025 sample bundled under data/nyc. */
    static final Path FEB_2025 = Path.of(System.getProperty("chillflow.samples", "../data/nyc"))
            .resolve("lakehouse-learning/yellow_tripdata_sample.parquet");

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private BatchItSupport() {
    }

    /**
     * seed-zones, then the February 2025 sample curated for its month in 1,000-row parts into {@code dir/curated}
     * (through the given jobs); returns the rows curation kept.
     */
    static long seedZonesAndCurateTheSample(LocalJobs jobs, Path dir) throws Exception {
        org.assertj.core.api.Assertions.assertThat(jobs.await(jobs.start("seed-zones", new java.util.Properties()), TIMEOUT)
                .getBatchStatus()).isEqualTo(jakarta.batch.runtime.BatchStatus.COMPLETED);
        Path input = java.nio.file.Files.copy(FEB_2025, dir.resolve("feb.parquet"));
        java.util.Properties p = new java.util.Properties();
        p.setProperty("input", input.toString());
        p.setProperty("output", dir.resolve("curated").toString());
        p.setProperty("month", "2025-02");
        p.setProperty("chunkSize", "1000");
        jakarta.batch.runtime.JobExecution curation = jobs.await(jobs.start("curate-month", p), TIMEOUT);
        org.assertj.core.api.Assertions.assertThat(curation.getBatchStatus())
                .isEqualTo(jakarta.batch.runtime.BatchStatus.COMPLETED);
        String exit = jobs.operator().getStepExecutions(curation.getExecutionId()).get(0).getExitStatus();
        long curatedRows = Long.parseLong(exit.replaceAll(".* out=(\\d+) .*", "$1"));
        org.assertj.core.api.Assertions.assertThat(curatedRows).isBetween(1L, 5_000L);
        return curatedRows;
    }

    /** The single number a query returns (a count, mostly). */
    static long count(String query) throws Exception {
        try (Connection c = CliDatabase.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void sql(String statement) throws Exception {
        try (Connection c = CliDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    /** A metric of the last step of an execution. */
    static long metric(JobOperator operator, long executionId, Metric.MetricType type) {
        var steps = operator.getStepExecutions(executionId);
        for (Metric metric : steps.get(steps.size() - 1).getMetrics()) {
            if (metric.getType() == type) {
                return metric.getValue();
            }
        }
        throw new AssertionError(type + " missing");
    }
}
