package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.trip.quality.DqReport;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.batch.curation.RowGroupPartitionMapper;
import org.chillflow.core.trip.source.TlcMonthGenerator;
import org.chillflow.core.trip.source.TlcParquetReader;
import org.chillflow.core.trip.source.TlcRow;
import org.chillflow.core.trip.source.TlcSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** curate-month through JBeret SE on the real 5,000-row February 2025 sample, against the real database. */
class CurateMonthJBeretIT {

    private static final long GENERATED_ROWS = 40_000;

    private static LocalJobs jobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void jobs() {
        jobs = new LocalJobs();
    }

    @Test
    void everyRowEndsCuratedOrRejectedExactlyOnceWithTheReportsCounts() throws Exception {
        Path input = Files.copy(BatchItSupport.FEB_2025, dir.resolve("feb.parquet"));
        Path output = dir.resolve("curated");
        JobExecution execution = run(parameters(input, output, "1000", "0"));

        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        DqReport expected = expectedReport(input);
        assertThat(expected.rowsIn()).isEqualTo(5_000);
        assertThat(jobs.operator().getStepExecutions(execution.getExecutionId()).get(0).getExitStatus())
                .startsWith("COMPLETED in=5000 out=" + expected.rowsOut() + " ");

        List<Long> curated = curatedRows(output);
        List<Long> rejected = rejectedRows(output);
        assertThat(curated).hasSize((int) expected.rowsOut());
        assertThat(rejected).hasSize((int) expected.rejected());
        List<Long> all = new ArrayList<>(curated);
        all.addAll(rejected);
        assertThat(all).doesNotHaveDuplicates().hasSize(5_000);
        assertThat(all).allSatisfy(row -> assertThat(row).isBetween(0L, 4_999L));

        long instance = jobs.operator().getJobInstance(execution.getExecutionId()).getInstanceId();
        assertThat(reportCounts(instance)).isEqualTo(new TreeMap<>(expected.nonZeroCounts()));
        assertThat(Files.readString(output.resolve("dq-report.json"))).contains("\"rows_in\":5000");
    }

    @ParameterizedTest(name = "failure injected through {0}")
    @ValueSource(strings = { "failAtRow", "failProcessAtRow", "failWriteAtRow" })
    void aFailedRunRestartsFromItsCheckpointAndEndsLikeAnUninterruptedOne(String hook) throws Exception {
        Path input = Files.copy(BatchItSupport.FEB_2025, dir.resolve("feb.parquet"));
        Path output = dir.resolve("curated");
        Properties first = parameters(input, output, "1000", "0");
        first.setProperty(hook, "2500");
        JobExecution failed = run(first);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(BatchItSupport.metric(jobs.operator(), failed.getExecutionId(), Metric.MetricType.COMMIT_COUNT)).isEqualTo(2);
        assertThat(BatchItSupport.metric(jobs.operator(), failed.getExecutionId(), Metric.MetricType.WRITE_COUNT)).isEqualTo(2_000);

        Properties restart = new Properties();
        restart.setProperty(hook, "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        JobExecution done = jobs.await(restartId, BatchItSupport.TIMEOUT);

        assertThat(done.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.READ_COUNT)).isEqualTo(3_000);
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.WRITE_COUNT)).isEqualTo(3_000);
        DqReport expected = expectedReport(input);
        List<Long> all = new ArrayList<>(curatedRows(output));
        all.addAll(rejectedRows(output));
        assertThat(all).doesNotHaveDuplicates().hasSize(5_000);
        long instance = jobs.operator().getJobInstance(restartId).getInstanceId();
        assertThat(reportCounts(instance)).isEqualTo(new TreeMap<>(expected.nonZeroCounts()));
    }

    @Test
    void rowGroupPartitionsCurateEveryRowOnceAndAFailedPartitionResumesAtItsCheckpoint() throws Exception {
        Path input = dir.resolve("generated.parquet");
        TlcMonthGenerator.generate(TlcMonthGenerator.sample(BatchItSupport.FEB_2025), YearMonth.of(2025, 2),
                GENERATED_ROWS, 11, input, 256 * 1024);
        long[] groups;
        try (TlcParquetReader parquet = TlcParquetReader.open(input)) {
            groups = parquet.rowGroupRowCounts();
        }
        assertThat(groups).as("row groups of the generated file").hasSizeGreaterThanOrEqualTo(4);
        DqReport expected = expectedReport(input);

        // uninterrupted, three partitions
        Path whole = dir.resolve("whole");
        Properties parameters = parameters(input, whole, "1000", "0");
        parameters.setProperty("partitions", "3");
        JobExecution uninterrupted = run(parameters);
        assertThat(uninterrupted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), uninterrupted.getExecutionId(), Metric.MetricType.READ_COUNT))
                .isEqualTo(GENERATED_ROWS);
        assertEveryRowOnce(whole, expected, uninterrupted.getExecutionId());

        // the reader fails in the last partition; the other partitions complete and are not run again
        int[] bounds = RowGroupPartitionMapper.split(groups, 3);
        long lastStart = 0;
        for (int g = 0; g < bounds[2]; g++) {
            lastStart += groups[g];
        }
        long failRow = lastStart + 2_500; // 1-based: the 2,500th row of the last partition
        Path resumed = dir.resolve("resumed");
        Properties failing = parameters(input, resumed, "1000", Long.toString(failRow));
        failing.setProperty("partitions", "3");
        JobExecution failed = run(failing);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        long instance = jobs.operator().getJobInstance(failed.getExecutionId()).getInstanceId();
        // the failing partition committed exactly its first two chunks. JBeret SE reports the job FAILED as
        // soon as one partition fails and lets the others run to their end: wait for them, so the restart
        // below cannot overlap them (an overlap would still be harmless: chunks are rewritten, not added)
        assertThat(committedRows(instance, lastStart, GENERATED_ROWS)).isEqualTo(2_000);
        long deadline = System.nanoTime() + BatchItSupport.TIMEOUT.toNanos();
        while (committedRows(instance, 0, lastStart) < lastStart && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(committedRows(instance, 0, lastStart)).isEqualTo(lastStart);

        Properties restart = new Properties();
        restart.setProperty("failAtRow", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        assertThat(jobs.await(restartId, BatchItSupport.TIMEOUT).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        // only the failed partition runs again, from its checkpoint: nothing committed is read again
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.READ_COUNT))
                .isEqualTo(GENERATED_ROWS - lastStart - 2_000);
        assertEveryRowOnce(resumed, expected, restartId);
    }

    private static void assertEveryRowOnce(Path output, DqReport expected, long executionId) throws Exception {
        List<Long> curated = curatedRows(output);
        List<Long> all = new ArrayList<>(curated);
        all.addAll(rejectedRows(output));
        assertThat(curated).hasSize((int) expected.rowsOut());
        assertThat(all).doesNotHaveDuplicates().hasSize((int) GENERATED_ROWS);
        long instance = jobs.operator().getJobInstance(executionId).getInstanceId();
        assertThat(reportCounts(instance)).isEqualTo(new TreeMap<>(expected.nonZeroCounts()));
        assertThat(Files.readString(output.resolve("dq-report.json")))
                .contains("\"rows_in\":" + GENERATED_ROWS, "\"rows_out\":" + expected.rowsOut());
    }

    @Test
    void badInputFailsTheJobWithAnExitStatusNamingTheProblemAndWritesNothing() throws Exception {
        Path output = dir.resolve("curated");
        assertFailsWith(dir.resolve("no-such.parquet"), output, "FAILED: no such file: " + dir.resolve("no-such.parquet"));
        Path zones = Files.copy(BatchItSupport.FEB_2025.getParent().getParent().resolve("taxi_zone_lookup.csv"), dir.resolve("zones.csv"));
        assertFailsWith(zones, output, "LocationID");
        Path corrupt = Files.writeString(dir.resolve("corrupt.parquet"), "not parquet at all");
        assertFailsWith(corrupt, output, "corrupt.parquet is not a readable Parquet file");
        Path emptyParquet = Files.createFile(dir.resolve("empty.parquet"));
        assertFailsWith(emptyParquet, output, "empty.parquet is not a readable Parquet file");
        Path emptyCsv = Files.createFile(dir.resolve("empty.csv"));
        assertFailsWith(emptyCsv, output, "empty.csv");
        assertThat(Files.exists(output) ? Files.list(output).count() : 0).isZero();
    }

    private static void assertFailsWith(Path input, Path output, String named) throws Exception {
        JobExecution execution = run(parameters(input, output, "1000", "0"));
        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(execution.getExitStatus()).as("job exit status").startsWith("FAILED: ").contains(named);
        assertThat(jobs.operator().getStepExecutions(execution.getExecutionId()).get(0).getExitStatus())
                .as("step exit status").startsWith("FAILED: ").contains(named);
    }

    private static Properties parameters(Path input, Path output, String chunkSize, String failAtRow) {
        Properties p = new Properties();
        p.setProperty("input", input.toString());
        p.setProperty("output", output.toString());
        p.setProperty("month", "2025-02");
        p.setProperty("chunkSize", chunkSize);
        p.setProperty("failAtRow", failAtRow);
        return p;
    }

    private static JobExecution run(Properties parameters) throws InterruptedException {
        return jobs.await(jobs.start("curate-month", parameters), BatchItSupport.TIMEOUT);
    }


    /** The rules applied to the file directly (no job, no chunks, no files): what the job must report. */
    private static DqReport expectedReport(Path input) throws Exception {
        DqReport report = new DqReport();
        try (TlcSource source = TlcSource.open(input)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                if (row.parsed()) {
                    report.add(DqVerdict.evaluate(row.trip(), YearMonth.of(2025, 2)));
                } else {
                    report.addUnparsed(row.error().reason());
                }
            }
        }
        return report;
    }

    private static List<Long> curatedRows(Path output) throws Exception {
        List<Long> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                try (ParquetReader<Group> reader = new ParquetReader.Builder<Group>(new LocalInputFile(part),
                        new PlainParquetConfiguration()) {
                    @Override
                    protected ReadSupport<Group> getReadSupport() {
                        return new GroupReadSupport();
                    }
                }.build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        rows.add(g.getLong("source_row", 0));
                    }
                }
            }
        }
        return rows;
    }

    private static List<Long> rejectedRows(Path output) throws Exception {
        List<Long> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("rejects-")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                    for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                            .parse(reader)) {
                        assertThat(record.get("rule")).isNotBlank();
                        assertThat(record.get("raw")).containsPattern("tpep_pickup_datetime=2025-0[23]-\\d\\dT");
                        rows.add(Long.parseLong(record.get("source_row")));
                    }
                }
            }
        }
        return rows;
    }

    /** Rows of committed chunks (ops.dq_chunk) whose first source row is in [from, to). */
    private static long committedRows(long instance, long from, long to) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT coalesce(sum(rows_in), 0) FROM"
                        + " ops.dq_chunk WHERE runtime = 'jberet-se' AND job_instance_id = ? AND first_row >= ? AND first_row < ?")) {
            query.setLong(1, instance);
            query.setLong(2, from);
            query.setLong(3, to);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Long> reportCounts(long instance) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = CliDatabase.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT key, value::bigint FROM ops.dq_report,"
                        + " jsonb_each_text(counts) WHERE runtime = 'jberet-se' AND job_instance_id = ?")) {
            query.setLong(1, instance);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }
}
