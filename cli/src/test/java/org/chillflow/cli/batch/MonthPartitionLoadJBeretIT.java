package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load-trips of a month with no trip loaded yet into the month's own partition (MonthPartitionLoad), through JBeret SE:
 * {@code monthPartitionMinRows=0} puts the February 2025 sample on that path. The month appears whole when the step
 * completes, a failed load restarts into the same table without duplicates, a reload takes the upsert path, and trips
 * of the month written elsewhere meanwhile make the publication upsert instead of attaching.
 */
class MonthPartitionLoadJBeretIT {

    private static final String MONTH_TABLE = "stg.complete_trip_2025_02";

    private static LocalJobs jobs;

    @TempDir
    static Path dir;

    private static Path curated;
    private static long curatedRows;

    @BeforeAll
    static void curateTheSampleOnce() throws Exception {
        jobs = new LocalJobs();
        curatedRows = BatchItSupport.seedZonesAndCurateTheSample(jobs, dir);
        curated = dir.resolve("curated");
    }

    @BeforeEach
    @AfterEach
    void noTripsAndNoMonthTable() throws Exception {
        BatchItSupport.sql("DROP TABLE IF EXISTS " + MONTH_TABLE);
        BatchItSupport.sql("DELETE FROM stg.complete_trip");
    }

    @Test
    void aNewMonthIsLoadedIntoItsOwnPartitionAndAReloadChangesNothing() throws Exception {
        JobExecution load = run("load-trips", parameters("0"));
        assertThat(load.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), load.getExecutionId(), Metric.MetricType.WRITE_COUNT))
                .isEqualTo(curatedRows);
        assertThat(attached()).isEqualTo(1);
        assertThat(BatchItSupport.count("SELECT count(*) FROM " + MONTH_TABLE)).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip_default")).isZero();
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip WHERE source = 'batch'"))
                .isEqualTo(curatedRows);
        // the partition has the parent's key and indexes
        assertThat(BatchItSupport.count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'stg'"
                + " AND tablename = 'complete_trip_2025_02'")).isEqualTo(4);

        long updatedBefore = BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE updated_at <> created_at");
        JobExecution again = run("load-trips", parameters("0"));
        assertThat(again.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(*) FROM " + MONTH_TABLE)).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE updated_at <> created_at"))
                .as("a reload rewrites no row").isEqualTo(updatedBefore);
    }

    @Test
    void aFailedLoadShowsNothingAndItsRestartPublishesEveryTripOnce() throws Exception {
        JobExecution failed = failAfterTwoChunks();
        // two chunks committed into the month's table, which is not part of stg.complete_trip yet
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM " + MONTH_TABLE)).isEqualTo(2_000);
        assertThat(attached()).isZero();

        long restartId = restartToCompletion(failed);
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.READ_COUNT))
                .isEqualTo(curatedRows - 2_000);
        assertThat(attached()).isEqualTo(1);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curatedRows);
    }

    @Test
    void aChunkWrittenTwiceIsPublishedOnce() throws Exception {
        JobExecution failed = failAfterTwoChunks();
        // what a crash between a chunk's COPY and its checkpoint leaves: the chunk's rows again after the restart
        BatchItSupport.sql("INSERT INTO " + MONTH_TABLE + " SELECT * FROM " + MONTH_TABLE
                + " ORDER BY trip_key LIMIT 1000");

        restartToCompletion(failed);
        assertThat(attached()).isEqualTo(1);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curatedRows);
    }

    @Test
    void tripsOfTheMonthWrittenDuringTheLoadMakeThePublicationUpsert() throws Exception {
        JobExecution failed = failAfterTwoChunks();
        // a trip of February the stream completed meanwhile (one of the loaded ones, with another fare), and one of its own
        BatchItSupport.sql("INSERT INTO stg.complete_trip SELECT * FROM " + MONTH_TABLE + " ORDER BY trip_key LIMIT 1");
        BatchItSupport.sql("UPDATE stg.complete_trip SET fare_amount = fare_amount + 1, source = 'stream'");
        BatchItSupport.sql("INSERT INTO stg.complete_trip SELECT * FROM " + MONTH_TABLE + " ORDER BY trip_key OFFSET 1 LIMIT 1");
        BatchItSupport.sql("UPDATE stg.complete_trip SET trip_key = 'stream-only', source = 'stream'"
                + " WHERE source = 'batch'");

        restartToCompletion(failed);
        assertThat(BatchItSupport.count("SELECT count(*) FROM pg_class WHERE relname = 'complete_trip_2025_02'"))
                .as("the month's table was upserted, then dropped").isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows + 1);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE source = 'batch'"))
                .isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE trip_key = 'stream-only'")).isOne();
    }

    @Test
    void dbCleanDropsAMonthTableNoLoadPublished() throws Exception {
        failAfterTwoChunks();
        assertThat(BatchItSupport.count("SELECT count(*) FROM " + MONTH_TABLE)).isEqualTo(2_000);

        assertThat(org.chillflow.cli.ChillflowCli.commandLine().execute("db", "clean", "--confirm")).isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM pg_class WHERE relname = 'complete_trip_2025_02'"))
                .as("a later load of the month starts afresh").isZero();
    }

    /** load-trips on one partition, failing at the 2,500th row: two chunks of 1,000 committed. */
    private static JobExecution failAfterTwoChunks() throws Exception {
        Properties sequential = parameters("2500");
        sequential.setProperty("partitions", "1");
        JobExecution failed = run("load-trips", sequential);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        return failed;
    }

    /** Restarts the execution without the failure and waits for it to complete; returns the restart's id. */
    private static long restartToCompletion(JobExecution failed) throws Exception {
        Properties restart = new Properties();
        restart.setProperty("failAtRow", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        assertThat(jobs.await(restartId, BatchItSupport.TIMEOUT).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        return restartId;
    }

    private static long attached() throws Exception {
        return BatchItSupport.count("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE c.relname = 'complete_trip_2025_02'");
    }

    private static Properties parameters(String failAtRow) {
        Properties p = new Properties();
        p.setProperty("input", curated.toString());
        p.setProperty("chunkSize", "1000");
        p.setProperty("failAtRow", failAtRow);
        p.setProperty("monthPartitionMinRows", "0");
        return p;
    }

    private static JobExecution run(String job, Properties parameters) throws InterruptedException {
        return jobs.await(jobs.start(job, parameters), BatchItSupport.TIMEOUT);
    }
}
