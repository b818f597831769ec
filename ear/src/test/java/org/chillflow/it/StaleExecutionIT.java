package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

import jakarta.json.JsonObject;

import org.chillflow.core.trip.source.TlcMonthGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * An execution left STARTED by a server that never comes back: the test server is killed during a load and,
 * while it is down, the job store is made to say that another server (one that does not answer) ran it — so
 * Liberty's own recovery of its interrupted executions does not apply. After the start the execution is
 * reported stale, cannot be restarted until an operator marks it FAILED, and the restart then finishes with
 * every curated trip loaded once.
 */
@MicroShedTest
class StaleExecutionIT {

    private static final int ROWS = 100_000;

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void anExecutionOfAServerThatIsGoneIsReportedMarkedFailedAndRestarted() throws Exception {
        Path data = Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
        Path sample = Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet");
        TlcMonthGenerator.generate(TlcMonthGenerator.sample(sample), YearMonth.of(2025, 4), ROWS, 11,
                data.resolve("stale-2025-04.parquet"));
        TestDatabase.execute("DELETE FROM stg.complete_trip");
        HttpResponse<String> started = postJson("/api/jobs/ingest-month/executions", "operator",
                "{\"input\":\"stale-2025-04.parquet\",\"month\":\"2025-04\",\"output\":\"stale-2025-04-curated\",\"chunkSize\":\"500\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = object(started).getJsonNumber("executionId").longValue();
        Instant deadline = Instant.now().plusSeconds(120);
        while (TestDatabase.count("SELECT count(*) FROM stg.complete_trip") < 2_000 && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(100);
        }
        ChillflowServer.killAndStart(() -> TestDatabase.execute("UPDATE batch.jobexecution SET serverid = 'gone-host//srv/usr/gone',"
                + " resturl = 'https://127.0.0.1:1/ibm/api/batch' WHERE jobexecid = " + id));

        JsonObject left = object(get("/api/jobs/executions/" + id, "viewer"));
        assertThat(left.getString("batchStatus")).as("Liberty leaves another server's execution alone").isEqualTo("STARTED");
        String stale = get("/api/jobs/stale", "viewer").body();
        assertThat(stale).contains("\"executionId\":" + id).contains("gone-host");

        assertThat(postJson("/api/jobs/executions/" + id + "/mark-failed", "viewer", "").statusCode()).isEqualTo(403);
        HttpResponse<String> marked = postJson("/api/jobs/executions/" + id + "/mark-failed", "operator", "");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(object(marked).getString("batchStatus")).isEqualTo("FAILED");
        assertThat(object(marked).getString("exitStatus")).contains("marked failed by operator", "gone-host");
        assertThat(postJson("/api/jobs/executions/" + id + "/mark-failed", "operator", "").statusCode())
                .as("only a stale execution can be marked").isEqualTo(409);

        HttpResponse<String> restarted = postJson("/api/jobs/executions/" + id + "/restart", "operator", "");
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(201);
        long restartId = object(restarted).getJsonNumber("executionId").longValue();
        JsonObject done = awaitJson("/api/jobs/executions/" + restartId, "viewer", Duration.ofMinutes(4),
                e -> terminal(e.getString("batchStatus")));
        assertThat(done.getString("batchStatus")).as(done.toString()).isEqualTo("COMPLETED");
        String curateExit = object(get("/api/jobs/executions/" + id, "viewer")).getJsonArray("steps").getValuesAs(JsonObject.class)
                .stream().filter(s -> s.getString("stepName").equals("curate")).findFirst().orElseThrow().getString("exitStatus");
        long curated = Long.parseLong(curateExit.replaceAll(".* out=(\\d+) .*", "$1"));
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curated);
        assertThat(TestDatabase.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curated);
    }
}
