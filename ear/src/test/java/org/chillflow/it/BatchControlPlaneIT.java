package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * One batch control plane: a job started from the command line with {@code --server} runs on the server, where the
 * API (and so the console) and Liberty's batch REST API list it; Liberty's own {@code batchManager} submits our
 * job XMLs and waits for them. Both are real processes: {@code bin/chillflow} (the CLI module is built before this
 * one) and {@code wlp/bin/batchManager} of the test server's installation.
 */
class BatchControlPlaneIT {

    private static final Path PROJECT = Path.of(System.getProperty("chillflow.it.project.dir"));
    private static final Path WLP = Path.of(System.getProperty("chillflow.it.wlp.dir"));

    @Test
    void aJobStartedFromTheCommandLineWithServerRunsThereAndIsListedByBothApis() throws Exception {
        Result started = run(List.of(PROJECT.resolve("bin/chillflow").toString(), "job", "start", "seed-zones",
                "--server", ChillflowServer.baseUrl(), "--wait"), Map.of("CHILLFLOW_USER", "operator",
                "CHILLFLOW_PASSWORD", "operator"));
        assertThat(started.code()).as(started.out()).isZero();
        Matcher id = Pattern.compile("started seed-zones on \\S+: execution (\\d+)").matcher(started.out());
        assertThat(id.find()).as(started.out()).isTrue();
        long execution = Long.parseLong(id.group(1));
        assertThat(started.out()).contains("execution " + execution + " of seed-zones: COMPLETED")
                .containsPattern("step upsert-zones: COMPLETED, .*writeCount=265");

        // the console's list (our API) and Liberty's batch REST API know it
        String listed = get("/api/jobs/seed-zones/executions?limit=20", "viewer").body();
        assertThat(listed).contains("\"executionId\":" + execution);
        JsonObject liberty = object(ChillflowServer.send(ChillflowServer.request(ChillflowServer.httpsBaseUrl()
                + "/ibm/api/batch/jobexecutions/" + execution, "viewer").build()));
        assertThat(liberty.getString("jobName")).isEqualTo("seed-zones");
        assertThat(liberty.getString("batchStatus")).isEqualTo("COMPLETED");

        Result status = run(List.of(PROJECT.resolve("bin/chillflow").toString(), "job", "status", Long.toString(execution),
                "--server", ChillflowServer.baseUrl()), Map.of("CHILLFLOW_USER", "viewer", "CHILLFLOW_PASSWORD", "viewer"));
        assertThat(status.code()).as(status.out()).isZero();
        assertThat(status.out()).contains("execution " + execution + " of seed-zones: COMPLETED");

        // the server's checks apply: a viewer may not start jobs, and the error says why
        Result refused = run(List.of(PROJECT.resolve("bin/chillflow").toString(), "job", "start", "seed-zones",
                "--server", ChillflowServer.baseUrl()), Map.of("CHILLFLOW_USER", "viewer", "CHILLFLOW_PASSWORD", "viewer"));
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("HTTP 403");
    }

    @Test
    void libertysBatchManagerSubmitsIngestMonthOnTheBundledSampleAndWaits() throws Exception {
        Path data = Files.createDirectories(WLP.resolve("usr/servers").resolve(System.getProperty("chillflow.it.server.name"))
                .resolve("data"));
        Path input = data.resolve("batchmanager-2025-02.parquet");
        Files.copy(PROJECT.resolve("data/nyc/lakehouse-learning/yellow_tripdata_sample.parquet"), input,
                StandardCopyOption.REPLACE_EXISTING);
        Files.walk(data).filter(p -> p.toString().contains("batchmanager-2025-02.parquet.curated"))
                .sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        // admin: Liberty's batch REST API takes submissions from admins only (docs/SECURITY.md)
        Result submitted = run(List.of(WLP.resolve("bin/batchManager").toString(), "submit",
                "--batchManager=localhost:" + System.getProperty("chillflow.it.https.port"), "--user=admin",
                "--password=admin", "--trustSslCertificates", "--applicationName=chillflow", "--moduleName=web-admin.war",
                "--jobXMLName=ingest-month", "--jobParameter=input=" + input, "--jobParameter=month=2025-02",
                "--wait", "--pollingInterval_s=2"), Map.of());
        assertThat(submitted.out()).contains("CWWKY0106I") // job instance submitted
                .containsPattern("batchStatus=COMPLETED|COMPLETED");
        assertThat(submitted.code()).as(submitted.out()).isEqualTo(35); // batchManager's exit code for COMPLETED
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip WHERE pickup_ts >= '2025-02-01'"
                + " AND pickup_ts < '2025-03-01'")).isEqualTo(4_900);
    }

    record Result(int code, String out) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("control-plane", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command) + " finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), out);
    }
}
