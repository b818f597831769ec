package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/** The job repository is in PostgreSQL: executions outlive the server. */
@MicroShedTest
class ServerRestartIT {

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void executionIsStillListedAfterAServerRestart() {
        HttpResponse<String> started = postJson("/api/jobs/seed-zones/executions", "operator", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long executionId = object(started).getJsonNumber("executionId").longValue();
        JsonObject before = awaitJson("/api/jobs/executions/" + executionId, "viewer", JOB_TIMEOUT,
                e -> terminal(e.getString("batchStatus")));
        assertThat(before.getString("batchStatus")).isEqualTo("COMPLETED");

        ChillflowServer.restart();

        HttpResponse<String> after = get("/api/jobs/executions/" + executionId, "viewer");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        JsonObject execution = object(after);
        assertThat(execution.getString("batchStatus")).isEqualTo("COMPLETED");
        assertThat(execution.getString("startTime")).isEqualTo(before.getString("startTime"));
        assertThat(execution.getJsonArray("steps").getJsonObject(0).getJsonObject("metrics").getInt("writeCount"))
                .isEqualTo(265);
        HttpResponse<String> listed = get("/api/jobs/seed-zones/executions?limit=500", "viewer");
        assertThat(listed.body()).contains("\"executionId\":" + executionId);
    }
}
