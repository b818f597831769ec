package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;

import jakarta.json.JsonObject;

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
        long id = TestLoads.startIngest(null, "stale-2025-04", YearMonth.of(2025, 4), ROWS, 11, 500);
        TestLoads.awaitLoaded(2_000);
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
        TestLoads.assertEveryCuratedTripOnce(id);
    }
}
