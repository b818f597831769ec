package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /**
     * A server that starts before its database (a pod scheduled before PostgreSQL's): the schema migration waits for
     * it (MicroProfile Fault Tolerance's retry) instead of failing the application's start, and once PostgreSQL
     * answers the server migrates, checks its JPA mapping and becomes ready with no restart by hand.
     */
    @Test
    void aServerStartedBeforeItsDatabaseWaitsForItAndBecomesReady() throws Exception {
        Path wlp = Path.of(System.getProperty("chillflow.it.wlp.dir"));
        String server = System.getProperty("chillflow.it.server.name");
        ChillflowServer.run(wlp.resolve("bin/server").toString(), "stop", server);
        java.util.concurrent.CompletableFuture<Void> outage = java.util.concurrent.CompletableFuture.runAsync(() -> {
            ProcessBuilder restart = new ProcessBuilder(Path.of(System.getProperty("chillflow.it.project.dir"))
                    .resolve("bin/services").toString(), "restart", "postgres").redirectErrorStream(true);
            restart.environment().put("CHILLFLOW_ENV", System.getProperty("chillflow.it.services.env", "test"));
            restart.environment().put("CHILLFLOW_PG_DOWN_FOR", "45");
            try {
                Process process = restart.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("bin/services restart postgres failed: " + output);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100 && TestDatabase.reachable(); i++) {
            Thread.sleep(100);
        }
        assertThat(TestDatabase.reachable()).as("PostgreSQL stopped").isFalse();
        // Liberty's start command returns once the server runs; the application is still waiting for its database
        new ProcessBuilder(wlp.resolve("bin/server").toString(), "start", server).inheritIO().start()
                .waitFor(3, java.util.concurrent.TimeUnit.MINUTES);
        outage.get(3, java.util.concurrent.TimeUnit.MINUTES);
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        HttpResponse<String> system = get("/api/system", "viewer");
        assertThat(system.statusCode()).as(system.body()).isEqualTo(200);
        assertThat(object(system).getString("jpa mapping")).isEqualTo("10 entities match the schema");
        Path log = wlp.resolve("usr/servers/" + server + "/logs/messages.log");
        String messages = java.nio.file.Files.readString(log);
        assertThat(messages).contains("schema migration waits for the database");
        assertThat(messages.lastIndexOf("CWWKZ0001I: Application chillflow started"))
                .as("the application started after it waited").isGreaterThan(messages.indexOf("schema migration waits"));
    }
}
