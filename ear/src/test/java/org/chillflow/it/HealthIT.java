package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.get;
import static org.chillflow.it.ChillflowServer.object;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/** Health, metrics, OpenAPI, and the stream module's consumer group on the real broker. */
@MicroShedTest
class HealthIT {

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void readinessHasOneNamedCheckPerServiceAllUp() {
        HttpResponse<String> response = get("/health/ready", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(checks(object(response))).containsEntry("postgresql", "UP").containsEntry("redis", "UP")
                .containsEntry("kafka", "UP");
    }

    @Test
    void readinessGoesDownWhenRedisStopsAndUpWhenItIsBack() {
        ChillflowServer.services("down", "redis");
        try {
            HttpResponse<String> down = get("/health/ready", null);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            Map<String, String> checks = checks(object(down));
            assertThat(checks).containsEntry("redis", "DOWN").containsEntry("postgresql", "UP")
                    .containsEntry("kafka", "UP");
        } finally {
            ChillflowServer.services("up", "redis");
        }
        HttpResponse<String> up = get("/health/ready", null);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(checks(object(up))).containsEntry("redis", "UP");
    }

    /**
     * MicroProfile Fault Tolerance on the zone metrics: while Redis is away the reads fail with 503; after half of the
     * last four failed, the circuit opens and the API says so at once; with Redis back, the trial read after the
     * breaker's delay closes it again.
     */
    @Test
    void zoneMetricsAnswer503WhileRedisIsAwayThenTheOpenCircuitSaysSoAndTheyRecover() throws InterruptedException {
        String top = "/api/metrics/regions/top?window=1m";
        ChillflowServer.services("down", "redis");
        try {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> failed = get(top, "viewer");
                assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
            }
            HttpResponse<String> open = get(top, "viewer");
            assertThat(open.statusCode()).as(open.body()).isEqualTo(503);
            assertThat(open.body()).contains("the next is tried in a few seconds");
            assertThat(open.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            ChillflowServer.services("up", "redis");
        }
        int status = 503;
        for (int i = 0; i < 30 && status == 503; i++) {
            Thread.sleep(1_000);
            status = get(top, "viewer").statusCode();
        }
        assertThat(status).as("200, or 404 when no window exists yet").isIn(200, 404);
    }

    @Test
    void livenessAndStartedAreUp() {
        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(checks(object(live))).containsEntry("jvm-heap", "UP");
        HttpResponse<String> started = get("/health/started", null);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(checks(object(started))).containsEntry("schema", "UP");
    }

    @Test
    void metricsArePrometheusTextWithoutCredentials() {
        HttpResponse<String> response = get("/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(response.body()).contains("# TYPE ").contains("mp_scope=\"base\"")
                .contains("connectionpool_create_total{datasource=\"jdbc_chillflow\"");
    }

    @Test
    void openApiDescribesTheApiAndItsUiIsServed() {
        HttpResponse<String> document = get("/openapi", null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("/api/jobs/{job}/executions").contains("/api/zones");
        assertThat(get("/openapi/ui/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void streamModuleJoinsItsConsumerGroupOnTheRealBroker() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        try (Admin admin = Admin.create(props)) {
            Instant deadline = Instant.now().plusSeconds(60);
            ConsumerGroupDescription group;
            do {
                group = admin.describeConsumerGroups(java.util.List.of("chillflow-trip-assembler"))
                        .describedGroups().get("chillflow-trip-assembler").get(10, TimeUnit.SECONDS);
                if (!group.members().isEmpty()) {
                    break;
                }
                ChillflowServer.sleep(500);
            } while (Instant.now().isBefore(deadline));
            assertThat(group.members()).as("members of chillflow-trip-assembler").isNotEmpty();
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .contains("trip-events", "trips-completed", "zone-events", "chillflow-dlq");
        }
    }

    /** StreamPulse's /health wrote a record into its events topic on every probe; ours only asks. */
    @Test
    void healthProbesNeverWriteIntoATopic() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        try (Admin admin = Admin.create(props)) {
            Map<String, Long> before = endOffsets(admin);
            Instant deadline = Instant.now().plusSeconds(60);
            // wait for a quiet moment: earlier tests' records may still be in flight
            while (Instant.now().isBefore(deadline)) {
                ChillflowServer.sleep(1_000);
                Map<String, Long> now = endOffsets(admin);
                if (now.equals(before)) {
                    break;
                }
                before = now;
            }
            for (int i = 0; i < 5; i++) {
                assertThat(get("/health", null).statusCode()).isIn(200, 503);
                assertThat(get("/health/ready", null).statusCode()).isIn(200, 503);
            }
            assertThat(endOffsets(admin)).isEqualTo(before);
        }
    }

    private static Map<String, Long> endOffsets(Admin admin) throws Exception {
        var topics = admin.describeTopics(java.util.List.of("trip-events", "trips-completed", "zone-events", "chillflow-dlq"))
                .allTopicNames().get(10, TimeUnit.SECONDS);
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> query = new java.util.HashMap<>();
        topics.values().forEach(t -> t.partitions().forEach(p -> query.put(
                new org.apache.kafka.common.TopicPartition(t.name(), p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
        return admin.listOffsets(query).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().offset()));
    }

    private static Map<String, String> checks(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
    }
}
