package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
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
        assertThat(jobs.await(jobs.start("seed-zones", new Properties()), TIMEOUT).getBatchStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        Path input = Files.copy(FEB_2025, dir.resolve("feb.parquet"));
        Properties p = new Properties();
        p.setProperty("input", input.toString());
        p.setProperty("output", dir.resolve("curated").toString());
        p.setProperty("month", "2025-02");
        p.setProperty("chunkSize", "1000");
        JobExecution curation = jobs.await(jobs.start("curate-month", p), TIMEOUT);
        assertThat(curation.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        String exit = jobs.operator().getStepExecutions(curation.getExecutionId()).get(0).getExitStatus();
        long curatedRows = Long.parseLong(exit.replaceAll(".* out=(\\d+) .*", "$1"));
        assertThat(curatedRows).isBetween(1L, 5_000L);
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
