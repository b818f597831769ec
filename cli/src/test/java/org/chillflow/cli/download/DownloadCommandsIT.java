package org.chillflow.cli.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.chillflow.cli.ChillflowCli;
import org.chillflow.cli.batch.LocalJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching a month from a mirror (a real HTTP server on loopback serving the bundled file): the command line's
 * {@code download month} and the {@code download-month} job under JBeret SE, with the data directory's inbox as
 * the target; a month the mirror does not have fails with the status and leaves nothing.
 */
class DownloadCommandsIT {

    private static TlcMirror mirror;

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() throws Exception {
        mirror = new TlcMirror();
    }

    @AfterAll
    static void stop() {
        mirror.close();
    }

    @Test
    void downloadMonthFetchesVerifiesAndKeepsAPresentFile() throws Exception {
        Result first = run("download", "month", "--month", "2025-02", "--to", dir.toString());
        assertThat(first.code()).as(first.err()).isZero();
        Path file = dir.resolve("yellow_tripdata_2025-02.parquet");
        assertThat(Files.mismatch(file, TlcMirror.FEB_2025)).isEqualTo(-1L);
        assertThat(first.out()).contains(file + ": downloaded, 177,591 bytes, 5,000 rows");
        assertThat(first.err()).contains("downloading " + TlcMirror.BASE_URL + "/yellow_tripdata_2025-02.parquet");

        Result again = run("download", "month", "--month", "2025-02", "--to", dir.toString());
        assertThat(again.out()).contains("already present (verified)");
    }

    @Test
    void aMonthTheMirrorDoesNotHaveFailsWithItsStatus() {
        Result missing = run("download", "month", "--month", "2031-01", "--to", dir.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("yellow_tripdata_2031-01.parquet: no such file (HTTP 404)");
        assertThat(dir).isEmptyDirectory();
        assertThat(run("download", "month", "--month", "2025-13").code()).isEqualTo(2);
        assertThat(run("download", "month", "--month", "2025-02", "--type", "blue").err())
                .contains("type must be one of yellow, green, fhv, fhvhv");
    }

    @Test
    void theDownloadMonthJobPutsTheFileInTheInbox() throws Exception {
        Path inbox = Path.of(System.getProperty("chillflow.data.dir")).resolve("inbox");
        Files.deleteIfExists(inbox.resolve("yellow_tripdata_2025-02.parquet"));
        LocalJobs jobs = new LocalJobs();
        Properties parameters = new Properties();
        parameters.setProperty("month", "2025-02");
        JobExecution execution = jobs.await(jobs.start("download-month", parameters), Duration.ofMinutes(1));
        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.operator().getStepExecutions(execution.getExecutionId()).get(0).getExitStatus())
                // the command line is not confined, so it names the file as its user gave the directory (the
                // server, confined, names it relative to the data directory: inbox/yellow_tripdata_2025-02.parquet)
                .isEqualTo("COMPLETED file=" + inbox.resolve("yellow_tripdata_2025-02.parquet") + " bytes=177591 rows=5000");
        assertThat(Files.mismatch(inbox.resolve("yellow_tripdata_2025-02.parquet"), TlcMirror.FEB_2025)).isEqualTo(-1L);

        parameters.setProperty("month", "2031-01");
        JobExecution missing = jobs.await(jobs.start("download-month", parameters), Duration.ofMinutes(1));
        assertThat(missing.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(missing.getExitStatus()).contains("no such file (HTTP 404)");
        assertThat(inbox.resolve("yellow_tripdata_2031-01.parquet")).doesNotExist();
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            picocli.CommandLine commandLine = ChillflowCli.commandLine();
            commandLine.setErr(new java.io.PrintWriter(System.err, true));
            int code = commandLine.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }
}
