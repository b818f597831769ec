package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest-month through JBeret SE: zones seeded when missing, curate, load, one execution; restart mid-load. */
class IngestMonthJBeretIT {

    private static LocalJobs jobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void jobs() {
        jobs = new LocalJobs();
    }

    @Test
    void anEmptyDatabaseGetsZonesAndTheMonthInOneExecution() throws Exception {
        BatchItSupport.sql("DELETE FROM mart.zone_hourly_kpis");
        BatchItSupport.sql("DELETE FROM stg.complete_trip");
        BatchItSupport.sql("DELETE FROM dim.zone");
        JobExecution execution = jobs.await(jobs.start("ingest-month", parameters("0")), BatchItSupport.TIMEOUT);

        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<StepExecution> steps = jobs.operator().getStepExecutions(execution.getExecutionId());
        assertThat(steps).extracting(StepExecution::getStepName).containsExactly("check-zones", "seed-zones", "curate", "load",
                "aggregate");
        assertThat(BatchItSupport.count("SELECT count(*) FROM dim.zone")).isEqualTo(265);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedOut(steps));
    }

    @Test
    void aLoadThatFailsRestartsAtTheLoadStepWithExactCounts() throws Exception {
        BatchItSupport.sql("DELETE FROM stg.complete_trip");
        JobExecution failed = jobs.await(jobs.start("ingest-month", parameters("2500")), BatchItSupport.TIMEOUT);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        List<StepExecution> firstSteps = jobs.operator().getStepExecutions(failed.getExecutionId());
        assertThat(firstSteps).extracting(StepExecution::getStepName).containsExactly("check-zones", "curate", "load");
        long out = curatedOut(firstSteps);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(2_000);

        Properties restart = new Properties();
        restart.setProperty("failLoadAtRow", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        JobExecution done = jobs.await(restartId, BatchItSupport.TIMEOUT);

        assertThat(done.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.operator().getStepExecutions(restartId)).extracting(StepExecution::getStepName)
                .containsExactly("load", "aggregate");
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(out);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(out);
    }

    private Properties parameters(String failLoadAtRow) throws Exception {
        Path input = dir.resolve("feb.parquet");
        if (!Files.exists(input)) {
            Files.copy(BatchItSupport.FEB_2025, input);
        }
        Properties p = new Properties();
        p.setProperty("input", input.toString());
        p.setProperty("month", "2025-02");
        p.setProperty("chunkSize", "1000");
        p.setProperty("failLoadAtRow", failLoadAtRow);
        p.setProperty("partitions", "1"); // one thread: the exact counts below are those of a sequential load
        return p;
    }

    private static long curatedOut(List<StepExecution> steps) {
        String exit = steps.stream().filter(s -> s.getStepName().equals("curate")).findFirst().orElseThrow()
                .getExitStatus();
        return Long.parseLong(exit.replaceAll(".* out=(\\d+) .*", "$1"));
    }


}
