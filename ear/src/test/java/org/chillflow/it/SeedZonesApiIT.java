package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.assertProblem;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/** seed-zones end to end through our API and through Liberty's own batch REST API. */
@MicroShedTest
class SeedZonesApiIT {

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void operatorStartsSeedZonesThroughTheApiAndItLoads265Zones() {
        JsonObject execution = runSeedZonesAsOperator();
        assertThat(execution.getString("batchStatus")).as(execution.toString()).isEqualTo("COMPLETED");
        JsonObject step = execution.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getString("stepName")).isEqualTo("upsert-zones");
        JsonObject metrics = step.getJsonObject("metrics");
        assertThat(metrics.getInt("readCount")).isEqualTo(265);
        assertThat(metrics.getInt("writeCount")).isEqualTo(265);
        assertThat(metrics.getInt("processSkipCount")).isZero();
        assertThat(metrics.getInt("commitCount")).isEqualTo(3);
        assertThat(TestDatabase.count("SELECT count(*) FROM dim.zone")).isEqualTo(265);
    }

    /** Starts seed-zones through our API as an operator and waits for its end. */
    static JsonObject runSeedZonesAsOperator() {
        HttpResponse<String> started = postJson("/api/jobs/seed-zones/executions", "operator", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String location = started.headers().firstValue("Location").orElseThrow();
        long executionId = object(started).getJsonNumber("executionId").longValue();
        assertThat(location).endsWith("/api/jobs/executions/" + executionId);

        return awaitJson(location, "viewer", JOB_TIMEOUT, e -> terminal(e.getString("batchStatus")));
    }

    /** The server checked its JPA mapping against the migrated schema at start (a drifted schema stops the start). */
    @Test
    void theServerStartedWithItsEntitiesMatchingTheSchema() {
        HttpResponse<String> response = get("/api/system", "viewer");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject system = object(response);
        assertThat(system.getString("schema")).isEqualTo("10");
        assertThat(system.getString("jpa mapping")).isEqualTo("10 entities match the schema");
    }

    @Test
    void viewerListsTheZonesByName() {
        assertThat(runSeedZonesAsOperator().getString("batchStatus")).isEqualTo("COMPLETED");
        HttpResponse<String> response = get("/api/zones", "viewer");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray zones = (JsonArray) ChillflowServer.json(response);
        assertThat(zones).hasSize(265);
        JsonObject first = zones.getJsonObject(0);
        assertThat(first.getInt("zoneId")).isEqualTo(1);
        assertThat(first.getString("zoneName")).isEqualTo("Newark Airport");
        assertThat(zones.getJsonObject(264).getString("zoneName")).isEqualTo("Outside of NYC");
    }

    @Test
    void libertyBatchRestApiRunsTheSameJobXml() {
        String body = "{\"applicationName\":\"chillflow\",\"moduleName\":\"web-admin.war\","
                + "\"jobXMLName\":\"seed-zones\",\"jobParameters\":{}}";
        HttpResponse<String> submitted = postJson(ChillflowServer.httpsBaseUrl() + "/ibm/api/batch/jobinstances",
                "admin", body);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        long instanceId = object(submitted).getJsonNumber("instanceId").longValue();

        JsonObject instance = awaitJson(ChillflowServer.httpsBaseUrl() + "/ibm/api/batch/jobinstances/" + instanceId,
                "admin", JOB_TIMEOUT, i -> terminal(i.getString("batchStatus")));
        assertThat(instance.getString("batchStatus")).as(instance.toString()).isEqualTo("COMPLETED");
        assertThat(TestDatabase.count("SELECT count(*) FROM dim.zone")).isEqualTo(265);

        // the same job repository: our API sees the execution Liberty's REST API started
        HttpResponse<String> executions = get(ChillflowServer.httpsBaseUrl() + "/ibm/api/batch/jobinstances/"
                + instanceId + "/jobexecutions", "admin");
        long executionId = ((JsonArray) ChillflowServer.json(executions)).getJsonObject(0)
                .getJsonNumber("executionId").longValue();
        JsonObject ours = object(get("/api/jobs/executions/" + executionId, "viewer"));
        assertThat(ours.getString("batchStatus")).isEqualTo("COMPLETED");
        assertThat(ours.getJsonArray("steps").getJsonObject(0).getJsonObject("metrics").getInt("writeCount"))
                .isEqualTo(265);
    }

    @Test
    void startingWithoutCredentialsIs401ProblemJson() {
        HttpResponse<String> response = postJson("/api/jobs/seed-zones/executions", null, "{}");
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");
    }

    @Test
    void wrongPasswordIsRefused() {
        HttpResponse<String> response = ChillflowServer.send(ChillflowServer.request("/api/zones", null)
                .header("Authorization", ChillflowServer.basic("operator", "not-the-password")).GET().build());
        assertProblem(response, 401);
    }

    @Test
    void viewerCannotStartAJob() {
        JsonObject problem = assertProblem(postJson("/api/jobs/seed-zones/executions", "viewer", "{}"), 403);
        assertThat(problem.getString("detail")).contains("role");
    }

    @Test
    void unknownJobIs404AndUnknownParameterIs400() {
        assertProblem(postJson("/api/jobs/no-such-job/executions", "operator", "{}"), 404);
        JsonObject problem = assertProblem(postJson("/api/jobs/seed-zones/executions", "operator",
                "{\"monthh\":\"2025-02\"}"), 400);
        assertThat(problem.getString("detail")).contains("monthh");
        assertProblem(postJson("/api/jobs/seed-zones/executions", "operator", "{not json"), 400);
        JsonObject outside = assertProblem(postJson("/api/jobs/seed-zones/executions", "operator",
                "{\"zonesFile\":\"/etc/passwd\"}"), 400);
        assertThat(outside.getString("detail")).contains("data directory");
        assertProblem(get("/api/jobs/executions/987654321", "viewer"), 404);
    }
}
