package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.object;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * The scheduler on the Liberty test server: the shipped schedules are listed, and the test schedule it-zones
 * (seed-zones every 3 s, configured off in it-server.env) fires once enabled, as the scheduler user, and
 * stops when disabled.
 */
@MicroShedTest
class ScheduleApiIT {

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @AfterEach
    void switchOff() {
        ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":false}");
    }

    @Test
    void schedulesAreListedAndTheTestScheduleFiresWhenEnabledAndStopsWhenDisabled() throws Exception {
        JsonObject hourly = awaitSchedule("kpi-hourly");
        assertThat(hourly.getString("job")).isEqualTo("aggregate-kpis");
        assertThat(hourly.getString("every")).isEqualTo("PT1H");
        assertThat(hourly.getJsonObject("parameters").getString("mode")).isEqualTo("incremental");
        assertThat(hourly.getString("nextFireAt")).endsWith(":00:00");
        assertThat(awaitSchedule("kpi-nightly").getString("offset")).isEqualTo("PT2H");

        // the test database outlives a run: what it-zones fired before does not count
        JsonObject previous = object(ChillflowServer.get("/api/schedules/it-zones", "viewer"));
        long previousExecution = previous.get("lastExecutionId") instanceof jakarta.json.JsonNumber n ? n.longValue() : -1;
        HttpResponse<String> enabled = ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":true}");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
        assertThat(object(enabled).getBoolean("enabled")).isTrue();
        long before = TestDatabase.count("SELECT count(*) FROM batch.jobinstance WHERE jobname = 'seed-zones'");

        // within a few periods the schedule has fired and its seed-zones execution completed
        JsonObject fired = null;
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonObject state = object(ChillflowServer.get("/api/schedules/it-zones", "viewer"));
            if (state.get("lastExecutionId") instanceof jakarta.json.JsonNumber latest
                    && latest.longValue() != previousExecution && state.getString("lastFiredAt", null) != null) {
                JsonObject execution = object(ChillflowServer.get("/api/jobs/executions/"
                        + latest.longValue(), "viewer"));
                if (execution.getString("batchStatus").equals("COMPLETED")) {
                    fired = state;
                    break;
                }
            }
            ChillflowServer.sleep(500);
        }
        assertThat(fired).as("it-zones fired and its execution completed").isNotNull();
        assertThat(fired.get("lastError")).isIn(null, JsonValue.NULL);
        assertThat(TestDatabase.count("SELECT count(*) FROM batch.jobinstance WHERE jobname = 'seed-zones'"
                + " AND submitter = 'scheduler'")).isPositive();
        assertThat(TestDatabase.count("SELECT count(*) FROM batch.jobinstance WHERE jobname = 'seed-zones'"))
                .isGreaterThan(before);

        // disabled: no more executions
        HttpResponse<String> disabled = ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":false}");
        assertThat(object(disabled).getBoolean("enabled")).isFalse();
        ChillflowServer.sleep(1_500); // a tick already past its claim may still be starting its job
        long afterDisable = TestDatabase.count("SELECT count(*) FROM batch.jobinstance WHERE jobname = 'seed-zones'");
        ChillflowServer.sleep(7_000); // more than two periods
        assertThat(TestDatabase.count("SELECT count(*) FROM batch.jobinstance WHERE jobname = 'seed-zones'"))
                .isEqualTo(afterDisable);
    }

    @Test
    void badChangesAreRefused() {
        assertThat(ChillflowServer.putJson("/api/schedules/no-such", "operator", "{\"enabled\":true}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> bad = ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(object(bad).getString("detail")).contains("enabled");
        assertThat(ChillflowServer.putJson("/api/schedules/it-zones", "viewer", "{\"enabled\":true}").statusCode())
                .isEqualTo(403);
    }

    private static JsonObject awaitSchedule(String name) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            HttpResponse<String> response = ChillflowServer.get("/api/schedules/" + name, "viewer");
            if (response.statusCode() == 200 || Instant.now().isAfter(deadline)) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                return object(response);
            }
            ChillflowServer.sleep(500);
        }
    }
}
