package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as a user runs it: brought up with {@code podman-compose} (or {@code docker compose}: system
 * property {@code chillflow.compose.command}) on the images CHILLFLOW_IMAGE_* name (bin/containers images), waited on
 * until every service's own health check passes, then the bundled month ingested through the server in it and read
 * back, Prometheus scraping that server with the alert rules loaded; brought down with its volumes at the end.
 * Grafana is optional here and left out: no Grafana image can be pulled or built on these machines (not in Debian).
 * The host ports are free ones of this run (COMPOSE_*_PORT), so a running {@code make up} is never touched.
 */
class ComposeContainerIT {

    private static final Path PROJECT = Path.of(System.getProperty("chillflow.it.project.dir"));
    private static final String NAME = "chillflow-compose-it";
    private static final List<String> SERVICES = List.of("postgres", "redis", "redis-windows", "kafka", "chillflow", "prometheus");
    private static final List<String> COMPOSE = List.of(
            System.getProperty("chillflow.compose.command", "podman-compose").split(" "));
    private static final String ENGINE = System.getProperty("chillflow.container.engine", "podman");
    private static final Map<String, String> PORTS = new LinkedHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        for (String port : List.of("DB", "REDIS", "WINDOWS_REDIS", "KAFKA", "HTTP", "HTTPS", "PROMETHEUS", "GRAFANA")) {
            PORTS.put("COMPOSE_" + port + "_PORT", String.valueOf(freePort()));
        }
        compose("down", "-v"); // a run interrupted before its end
        List<String> up = new ArrayList<>(List.of("up", "-d"));
        up.addAll(SERVICES);
        compose(up.toArray(String[]::new));
        Instant started = Instant.now();
        for (String service : SERVICES) {
            awaitHealthy(service, Duration.ofMinutes(5));
        }
        System.out.println("ComposeContainerIT: " + SERVICES + " healthy " + Duration.between(started, Instant.now()).toSeconds()
                + " s after compose up");
    }

    @AfterAll
    static void down() throws Exception {
        compose("down", "-v");
        if (ENGINE.equals("podman")) {
            run(List.of("podman", "network", "rm", "-f", NAME + "_default"), Duration.ofMinutes(1)); // podman-compose 1.0 leaves it
        }
    }

    @Test
    void theBundledMonthIsIngestedThroughTheServerInCompose() throws Exception {
        // into the server's data volume, as a user copies a month there
        String container = container("chillflow");
        assertThat(run(List.of(ENGINE, "cp", PROJECT.resolve("data/nyc/lakehouse-learning/yellow_tripdata_sample.parquet").toString(),
                container + ":/config/data/yellow_tripdata_2025-02-sample.parquet"), Duration.ofMinutes(1))).isZero();
        // the compose file's development users: each password is the user's name, as ChillflowServer sends it
        HttpResponse<String> started = ChillflowServer.postJson(server("/api/jobs/ingest-month/executions"), "operator",
                "{\"input\":\"yellow_tripdata_2025-02-sample.parquet\",\"month\":\"2025-02\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = ChillflowServer.object(started).getJsonNumber("executionId").longValue();
        JsonObject execution = await(server("/api/jobs/executions/" + id), "viewer",
                e -> ChillflowServer.terminal(e.getString("batchStatus")));
        assertThat(execution.getString("batchStatus")).as(execution.toString()).isEqualTo("COMPLETED");
        JsonObject summary = await(server("/api/kpis/summary?month=2025-02"), "viewer", s -> s.getJsonNumber("trips").longValue() > 0);
        assertThat(summary.getJsonNumber("trips").longValue()).isEqualTo(4_900);
        assertThat(summary.getInt("zones")).isPositive();
    }

    @Test
    void prometheusScrapesTheServerUnderItsComposeNameWithTheAlertRulesLoaded() {
        JsonObject targets = await(prometheus("/api/v1/targets"), null, t -> t.getJsonObject("data").getJsonArray("activeTargets")
                .getValuesAs(JsonObject.class).stream().anyMatch(a -> a.getJsonObject("labels").getString("job").equals("chillflow")
                        && a.getString("health").equals("up")));
        assertThat(targets.toString()).contains("chillflow:9080");
        JsonObject rules = await(prometheus("/api/v1/rules"), null, r -> !r.getJsonObject("data").getJsonArray("groups").isEmpty());
        JsonObject group = rules.getJsonObject("data").getJsonArray("groups").getJsonObject(0);
        assertThat(group.getString("file")).endsWith("alerts/chillflow.rules.yml");
        assertThat(group.getJsonArray("rules")).isNotEmpty();
        JsonObject up = await(prometheus("/api/v1/query?query=up%7Bjob%3D%22chillflow%22%7D"), null,
                q -> !q.getJsonObject("data").getJsonArray("result").isEmpty());
        assertThat(up.getJsonObject("data").getJsonArray("result").getJsonObject(0).getJsonArray("value").getString(1))
                .isEqualTo("1");
    }

    /** Until the service's own health check (the compose file's) passes. */
    private static void awaitHealthy(String service, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String container = container(service);
        while (Instant.now().isBefore(deadline)) {
            // podman runs health checks from systemd timers, which a machine without systemd lacks: run it here
            if (ENGINE.equals("podman") ? run(List.of("podman", "healthcheck", "run", container), Duration.ofSeconds(30)) == 0
                    : output(List.of(ENGINE, "inspect", "--format", "{{.State.Health.Status}}", container)).trim().equals("healthy")) {
                return;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError(service + " not healthy in " + timeout + "; its log:\n" + output(List.of(ENGINE, "logs", "--tail", "30", container)));
    }

    private static String container(String service) throws Exception {
        String id = output(List.of(ENGINE, "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + NAME,
                "--filter", "label=com.docker.compose.service=" + service)).trim();
        assertThat(id).as("the container of " + service).isNotEmpty();
        return id.lines().findFirst().orElseThrow();
    }

    private static void compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(COMPOSE);
        command.addAll(List.of("-p", NAME, "-f", PROJECT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        assertThat(run(command, Duration.ofMinutes(5))).as(String.join(" ", command)).isZero();
    }

    /** Runs a command with the compose ports in its environment; its output in target/compose-it.log. */
    private static int run(List<String> command, Duration timeout) throws Exception {
        Path log = PROJECT.resolve("ear/target/compose-it.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(PORTS);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end in " + timeout);
        }
        return process.exitValue();
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    /**
     * A port nothing listens on, below Linux's ephemeral range (32768 and up) and not chosen already: a port the kernel
     * hands out for port 0 can be taken by an outgoing connection before compose binds it (a run failed with "address
     * already in use" on the windows' Redis).
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (PORTS.containsValue(String.valueOf(port))) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException inUse) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    private static String server(String path) {
        return "http://127.0.0.1:" + PORTS.get("COMPOSE_HTTP_PORT") + path;
    }

    private static String prometheus(String path) {
        return "http://127.0.0.1:" + PORTS.get("COMPOSE_PROMETHEUS_PORT") + path;
    }

    private static JsonObject await(String url, String user, Predicate<JsonObject> done) {
        return ChillflowServer.awaitJson(url, user, Duration.ofMinutes(3), done);
    }
}
