package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.reference.ZoneLookupCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-zones job XML run in-process by JBeret SE against the real test database (chillflow_test,
 * started by `make test`), with its JDBC job repository in the same database.
 */
class SeedZonesJBeretIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static LocalJobs jobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void jobs() {
        jobs = new LocalJobs();
    }

    @BeforeEach
    void emptyZones() throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            // KPI rows reference the zones (and trips carry zone ids): they go first
            statement.executeUpdate("DELETE FROM mart.zone_hourly_kpis");
            statement.executeUpdate("DELETE FROM stg.complete_trip");
            statement.executeUpdate("DELETE FROM dim.zone");
        }
    }

    @Test
    void bundledLookupLoadsAll265Zones() throws Exception {
        JobExecution execution = run(new Properties());
        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<Metric.MetricType, Long> metrics = metrics(execution.getExecutionId());
        assertThat(metrics).containsEntry(Metric.MetricType.READ_COUNT, 265L)
                .containsEntry(Metric.MetricType.WRITE_COUNT, 265L)
                .containsEntry(Metric.MetricType.PROCESS_SKIP_COUNT, 0L)
                .containsEntry(Metric.MetricType.COMMIT_COUNT, 3L);
        assertThat(zoneCount()).isEqualTo(265);
        assertThat(zoneName(132)).isEqualTo("JFK Airport");

        JobExecution again = run(new Properties());
        assertThat(again.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(zoneCount()).as("re-running changes nothing").isEqualTo(265);
    }

    @Test
    void malformedLinesAreSkippedCountedAndKeptWithTheirReason() throws Exception {
        List<String> lines = bundledLines();
        lines.add(10, "abc,\"Queens\",\"Nowhere\",\"Boro Zone\"");       // line 11
        lines.add(50, "77,\"Brooklyn,\"East New York\",\"Boro Zone\"");  // line 51
        lines.add(200, "78,\"Bronx\",\"East Tremont\"");                  // line 201
        Path file = dir.resolve("zones-with-bad-lines.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);

        Properties parameters = new Properties();
        parameters.setProperty("zonesFile", file.toString());
        JobExecution execution = run(parameters);

        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<Metric.MetricType, Long> metrics = metrics(execution.getExecutionId());
        assertThat(metrics).containsEntry(Metric.MetricType.READ_COUNT, 268L)
                .containsEntry(Metric.MetricType.WRITE_COUNT, 265L)
                .containsEntry(Metric.MetricType.PROCESS_SKIP_COUNT, 3L);
        assertThat(zoneCount()).isEqualTo(265);
        long instanceId = jobs.operator().getJobInstance(execution.getExecutionId()).getInstanceId();
        assertThat(rejects(instanceId)).containsExactly(
                "11:" + ZoneLookupCsv.REASON_BAD_ID,
                "51:" + ZoneLookupCsv.REASON_MALFORMED,
                "201:" + ZoneLookupCsv.REASON_FIELD_COUNT);
    }

    @Test
    void tooManyMalformedLinesFailTheJob() throws Exception {
        List<String> lines = bundledLines();
        lines.add(5, "x,\"Queens\",\"A\",\"B\"");
        lines.add(6, "y,\"Queens\",\"A\",\"B\"");
        Path file = dir.resolve("zones-too-bad.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Properties parameters = new Properties();
        parameters.setProperty("zonesFile", file.toString());
        parameters.setProperty("skipLimit", "1");
        assertThat(run(parameters).getBatchStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void failedRunRestartsFromItsCheckpointWithExactCounts() throws Exception {
        Properties parameters = new Properties();
        parameters.setProperty("failAtLine", "150");
        JobExecution failed = run(parameters);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(metrics(failed.getExecutionId())).containsEntry(Metric.MetricType.COMMIT_COUNT, 1L)
                .containsEntry(Metric.MetricType.WRITE_COUNT, 100L)
                .containsEntry(Metric.MetricType.ROLLBACK_COUNT, 1L);
        assertThat(zoneCount()).as("only the first chunk was committed").isEqualTo(100);

        Properties restartParameters = new Properties();
        restartParameters.setProperty("failAtLine", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restartParameters);
        JobExecution restarted = jobs.await(restartId, TIMEOUT);

        assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(metrics(restartId)).containsEntry(Metric.MetricType.READ_COUNT, 165L)
                .containsEntry(Metric.MetricType.WRITE_COUNT, 165L)
                .containsEntry(Metric.MetricType.COMMIT_COUNT, 2L)
                .containsEntry(Metric.MetricType.PROCESS_SKIP_COUNT, 0L);
        assertThat(zoneCount()).isEqualTo(265);
    }

    private static JobExecution run(Properties parameters) throws InterruptedException {
        return jobs.await(jobs.start("seed-zones", parameters), TIMEOUT);
    }

    private static Map<Metric.MetricType, Long> metrics(long executionId) {
        List<StepExecution> steps = jobs.operator().getStepExecutions(executionId);
        assertThat(steps).hasSize(1);
        Map<Metric.MetricType, Long> result = new TreeMap<>();
        for (Metric metric : steps.get(0).getMetrics()) {
            result.put(metric.getType(), metric.getValue());
        }
        return result;
    }

    private static List<String> bundledLines() throws Exception {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(ZoneLookupCsv.openBundled(), StandardCharsets.UTF_8))) {
            return new ArrayList<>(reader.lines().toList());
        }
    }

    private static long zoneCount() throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM dim.zone")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String zoneName(int id) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT zone_name FROM dim.zone WHERE zone_id = ?")) {
            query.setInt(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<String> rejects(long instanceId) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection connection = CliDatabase.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT record_number, reason FROM ops.rejected_record"
                        + " WHERE runtime = 'jberet-se' AND job_name = 'seed-zones' AND job_instance_id = ? ORDER BY record_number")) {
            query.setLong(1, instanceId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getLong(1) + ":" + rows.getString(2));
                }
            }
        }
        return result;
    }
}
