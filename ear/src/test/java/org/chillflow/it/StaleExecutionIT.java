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

    /**
     * An execution that runs on this server is never stale: Liberty records the server's batch REST address (its
     * HTTPS port on defaultHttpEndpoint), which answers; and when the address is Liberty's placeholder (a server
     * without that HTTPS port), an execution of this server is still its own, and one of another server cannot be
     * judged gone. None of them can be marked FAILED while it runs; the load then finishes with every trip once.
     */
    @Test
    void anExecutionThatRunsIsNeverStaleWhateverAddressItsServerRecorded() throws Exception {
        // small chunks, so that the load is still running through the checks (3,000 commits)
        long id = TestLoads.startIngest(null, "running-2025-05", YearMonth.of(2025, 5), 3 * ROWS, 12, 100);
        TestLoads.awaitLoaded(2_000);
        String where = " FROM batch.jobexecution WHERE jobexecid = " + id;
        String serverId = TestDatabase.text("SELECT serverid" + where);
        assertThat(TestDatabase.text("SELECT resturl" + where)).as("the batch REST address Liberty recorded")
                .matches("https://[^/]+:\\d+/ibm/api/batch");
        assertNotStaleAndNotMarkable(id, "running here, its address answering");

        TestDatabase.execute("UPDATE batch.jobexecution SET resturl = 'SSL-ENDPOINT-UNAVAILABLE' WHERE jobexecid = " + id);
        assertNotStaleAndNotMarkable(id, "running here, no address recorded");
        TestDatabase.execute("UPDATE batch.jobexecution SET serverid = 'other-host//srv/usr/other' WHERE jobexecid = " + id);
        assertNotStaleAndNotMarkable(id, "another server's, no address recorded");
        TestDatabase.execute("UPDATE batch.jobexecution SET serverid = '" + serverId + "' WHERE jobexecid = " + id);

        JsonObject done = awaitJson("/api/jobs/executions/" + id, "viewer", Duration.ofMinutes(4),
                e -> terminal(e.getString("batchStatus")));
        assertThat(done.getString("batchStatus")).as(done.toString()).isEqualTo("COMPLETED");
        TestLoads.assertEveryCuratedTripOnce(id);
    }

    private static void assertNotStaleAndNotMarkable(long id, String what) {
        assertThat(object(get("/api/jobs/executions/" + id, "viewer")).getString("batchStatus")).as(what)
                .isEqualTo("STARTED");
        String stale = get("/api/jobs/stale", "viewer").body();
        assertThat(stale).as(what).doesNotContain("\"executionId\":" + id + ",");
        HttpResponse<String> marked = postJson("/api/jobs/executions/" + id + "/mark-failed", "operator", "");
        assertThat(marked.statusCode()).as(what + ": " + marked.body()).isEqualTo(409);
    }
}
