package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.microshed.testing.testcontainers.ApplicationContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The server's container image, started as OpenShift starts it, with its services in containers on one network
 * (MicroShed Testing's {@link ApplicationContainer} for the server, Testcontainers for PostgreSQL, Redis and Kafka):
 * the environment the ConfigMap and the Secret give the pod (production profile, real secrets, Redis AUTH, HTTPS
 * only), waited on through the image's readiness probe, then the bundled month ingested through the API, replayed
 * through the stream and read back from the zone metrics; last, the pod is killed mid-load and replaced by a new one
 * (OpenShift's way: another name, another address), which finds the execution stale, and the operator's mark-failed
 * and restart finish the load with every curated trip once. Images from {@code bin/containers images}, or any image
 * named by CHILLFLOW_IMAGE_* (make test containers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerImageContainerIT {

    static {
        // the server-suite settings name the Liberty test server; here MicroShed runs the image itself
        System.clearProperty("microshed_manual_env");
        System.clearProperty("microshed_hostname");
        System.clearProperty("microshed_http_port");
        System.clearProperty("microshed_app_context_root");
    }

    private static final Network NETWORK = Network.newNetwork();
    private static final String SECRET = "container-it-" + UUID.randomUUID();
    private static final Path PROJECT = Path.of(System.getProperty("chillflow.it.project.dir"));

    static GenericContainer<?> postgres = new GenericContainer<>(image("POSTGRES", "localhost/chillflow-postgres:15"))
            .withNetwork(NETWORK).withNetworkAliases("chillflow-postgresql")
            .withEnv("POSTGRES_DB", "chillflow").withEnv("POSTGRES_USER", "chillflow")
            .withEnv("POSTGRES_PASSWORD", secret("CHILLFLOW_DB_PASSWORD")).withExposedPorts(5432)
            .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));

    static GenericContainer<?> redis = new GenericContainer<>(image("REDIS", "localhost/chillflow-redis:7"))
            .withNetwork(NETWORK).withNetworkAliases("chillflow-redis")
            .withCommand("redis-server", "--bind", "0.0.0.0", "--appendonly", "yes", "--dir", "/data",
                    "--requirepass", secret("CHILLFLOW_REDIS_PASSWORD"))
            .withExposedPorts(6379).waitingFor(Wait.forListeningPort());

    /** The zone windows' own Redis (the ConfigMap's CHILLFLOW_WINDOWS_REDIS_HOST), with the stream's Redis password. */
    static GenericContainer<?> windowsRedis = new GenericContainer<>(image("REDIS", "localhost/chillflow-redis:7"))
            .withNetwork(NETWORK).withNetworkAliases("chillflow-redis-windows")
            .withCommand("redis-server", "--bind", "0.0.0.0", "--appendonly", "yes", "--dir", "/data",
                    "--requirepass", secret("CHILLFLOW_REDIS_PASSWORD"))
            .withExposedPorts(6379).waitingFor(Wait.forListeningPort());

    static GenericContainer<?> kafka = new GenericContainer<>(image("KAFKA", "localhost/chillflow-kafka:4.4.0"))
            // the address Strimzi's bootstrap service has in the ConfigMap (plain text here: no KafkaUser)
            .withNetwork(NETWORK).withNetworkAliases("chillflow-kafka-kafka-bootstrap")
            .withEnv("KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094")
            .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://chillflow-kafka-kafka-bootstrap:9093")
            .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9094")
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withExposedPorts(9093).waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));

    /** The data volume (OpenShift: the PVC at /config/data), writable by the pod's arbitrary UID. */
    private static final Path DATA = dataVolume();

    /** The pod serving now (the last test replaces it). */
    static ApplicationContainer server = pod("chillflow-pod-1");

    /**
     * A pod of the image under its own address: the manifest gives each pod its IP as CHILLFLOW_SERVER_ADDRESS (the
     * downward API), here a network alias does.
     */
    static ApplicationContainer pod(String address) {
        return openShiftPod(new ApplicationContainer(image("SERVER", "localhost/chillflow:dev").asCanonicalNameString()))
                .withNetwork(NETWORK).withNetworkAliases(address).withAppContextRoot("/").withExposedPorts(9443)
                .withEnv(podEnvironment()).withEnv("CHILLFLOW_SERVER_ADDRESS", address)
                // the image's readiness probe, as the OpenLibertyApplication declares it: HTTPS 9443 /health/ready
                .waitingFor(Wait.forHttps("/health/ready").forPort(9443).allowInsecure()
                        .withStartupTimeout(Duration.ofMinutes(4)));
    }

    /**
     * As OpenShift's restricted SCC runs a pod: an arbitrary UID in group 0, the root file system read-only but for
     * the server's output, its logs and /tmp (emptyDir volumes), the data directory on a volume (the PVC).
     */
    static <C extends GenericContainer<?>> C openShiftPod(C container) {
        container.withCreateContainerCmdModifier(cmd -> {
            cmd.withUser(OPENSHIFT_UID + ":0");
            cmd.getHostConfig().withReadonlyRootfs(true);
        });
        // emptyDir volumes (on OpenShift writable by the pod's group): the server's output, its logs, /tmp
        for (String path : new String[] {"/opt/ol/wlp/output", "/logs", "/tmp"}) {
            container.withFileSystemBind(writableDirectory().toString(), path, org.testcontainers.containers.BindMode.READ_WRITE);
        }
        container.withFileSystemBind(DATA.toString(), "/config/data", org.testcontainers.containers.BindMode.READ_WRITE);
        return container;
    }

    /** A UID from OpenShift's default range, which the image has never heard of. */
    static final int OPENSHIFT_UID = 1000370000;

    /** A fresh directory anyone may write, as an emptyDir volume is for the pod. */
    private static Path writableDirectory() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("chillflow-container-volume");
            java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path dataVolume() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("chillflow-container-data");
            java.nio.file.Files.copy(PROJECT.resolve("data/nyc/lakehouse-learning/yellow_tripdata_sample.parquet"),
                    dir.resolve("yellow_tripdata_2025-02-sample.parquet"));
            for (Path p : new Path[] {dir, dir.resolve("yellow_tripdata_2025-02-sample.parquet")}) {
                java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        java.nio.file.Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the pod gets: the ConfigMap of deploy/openshift/base as it is (the services below answer at its addresses:
     * chillflow-postgresql, chillflow-redis, chillflow-redis-windows, chillflow-kafka-kafka-bootstrap:9093), and the Secret's keys with values
     * of this run.
     */
    static Map<String, String> podEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        try (java.io.Reader yaml = java.nio.file.Files.newBufferedReader(
                PROJECT.resolve("deploy/openshift/base/configmap.yaml"))) {
            Map<?, ?> configMap = new org.yaml.snakeyaml.Yaml().load(yaml);
            ((Map<?, ?>) configMap.get("data")).forEach((key, value) -> env.put(key.toString(), value.toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // every key of the Secret's template, each with a value of this run
        try {
            for (String line : java.nio.file.Files.readAllLines(PROJECT.resolve("deploy/openshift/base/secret.env.example"))) {
                if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                    String key = line.substring(0, line.indexOf('='));
                    env.put(key, secret(key));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return env;
    }

    /** The keys matching a pattern in a Redis container (its redis-cli, with the Secret's password), one a line. */
    static String keys(GenericContainer<?> container, String pattern) {
        try {
            var scan = container.execInContainer("redis-cli", "--no-auth-warning", "-a", secret("CHILLFLOW_REDIS_PASSWORD"),
                    "--scan", "--pattern", pattern);
            assertThat(scan.getExitCode()).as(scan.getStderr()).isZero();
            return scan.getStdout();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This run's value of a Secret key. */
    static String secret(String key) {
        return SECRET + "-" + key.toLowerCase();
    }

    static String password(String user) {
        return secret("CHILLFLOW_" + user.toUpperCase() + "_PASSWORD");
    }

    @BeforeAll
    static void start() {
        Startables.deepStart(postgres, redis, windowsRedis, kafka).join();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        kafka.stop();
        windowsRedis.stop();
        redis.stop();
        postgres.stop();
        NETWORK.close();
    }

    @Test
    void theProbesAndTheMetricsAnswerOverHttps() {
        for (String probe : new String[] {"/health/started", "/health/live", "/health/ready"}) {
            HttpResponse<String> response = get(probe, null);
            assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(200);
        }
        assertThat(get("/health/ready", null).body()).contains("\"postgresql\"").contains("\"redis\"")
                .contains("\"kafka\"").doesNotContain("DOWN");
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("chillflow_");
        HttpResponse<String> login = get("/login.html", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form");
        assertThat(get("/api/system", "viewer").body()).contains("\"jpa mapping\":\"10 entities match the schema\"");
    }

    @Test
    void theBundledMonthIsIngestedThroughTheApiThenReplayedThroughTheStreamIntoTheZoneWindows() {
        HttpResponse<String> started = post("/api/jobs/ingest-month/executions", "operator",
                "{\"input\":\"yellow_tripdata_2025-02-sample.parquet\",\"month\":\"2025-02\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = ChillflowServer.object(started).getJsonNumber("executionId").longValue();
        JsonObject execution = await("/api/jobs/executions/" + id, e -> ChillflowServer.terminal(e.getString("batchStatus")));
        assertThat(execution.getString("batchStatus")).as(execution.toString()).isEqualTo("COMPLETED");
        JsonObject summary = await("/api/kpis/summary?month=2025-02", s -> s.getJsonNumber("trips").longValue() > 0);
        assertThat(summary.getJsonNumber("trips").longValue()).isEqualTo(4_900);

        HttpResponse<String> replay = post("/api/stream/replay", "operator", "{\"month\":\"2025-02\"}");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        JsonObject top = await("/api/metrics/regions/top?window=1h&limit=265",
                t -> t.getJsonArray("regions") != null && !t.getJsonArray("regions").isEmpty());
        assertThat(top.getJsonArray("regions")).isNotEmpty();
        // the windows are in their own Redis, as the ConfigMap says, and none in the stream's
        assertThat(keys(windowsRedis, "chillflow:win:*")).as("window keys in the windows' Redis").isNotBlank();
        assertThat(keys(redis, "chillflow:win*")).as("window keys in the stream's Redis").isBlank();
        JsonObject status = await("/api/stream/status", s -> s.getJsonNumber("streamRowsInTable").longValue() == 4_900);
        assertThat(status.getJsonNumber("streamRowsInTable").longValue()).isEqualTo(4_900);
    }

    /**
     * The same image and pod, in the production profile with the development passwords the repository's server.env
     * holds: the server refuses to serve and stops (exit code 78), saying why and naming no secret.
     */
    @Test
    void theImageRefusesDevelopmentPasswordsOutsideTheDevelopmentProfile() {
        Map<String, String> env = new LinkedHashMap<>(podEnvironment());
        for (String user : new String[] {"ADMIN", "OPERATOR", "VIEWER", "SCHEDULER"}) {
            env.put("CHILLFLOW_" + user + "_PASSWORD", user.toLowerCase());
        }
        GenericContainer<?> pod = new GenericContainer<>(image("SERVER", "localhost/chillflow:dev"));
        pod.withNetwork(NETWORK).withEnv(env).withStartupCheckStrategy(new RunsToItsEnd().withTimeout(Duration.ofMinutes(3)));
        try (GenericContainer<?> refused = openShiftPod(pod)) {
            refused.start(); // returns once the container has stopped on its own
            String logs = refused.getLogs();
            assertThat(logs).contains("refuses to serve").contains("CHILLFLOW_ADMIN_PASSWORD")
                    .doesNotContain("\"admin\"");
            Long exit = refused.getDockerClient().inspectContainerCmd(refused.getContainerId()).exec().getState()
                    .getExitCodeLong();
            assertThat(exit).isEqualTo(78L);
        }
    }

    /**
     * The pod is killed (SIGKILL, as a node failure or an eviction past its grace period) while ingest-month loads a
     * generated month, and a new pod of the same image takes its place. The execution stays STARTED under the old
     * pod's server id, whose batch address no longer answers: the new pod reports it stale, an operator marks it
     * FAILED, and its restart loads every curated trip exactly once.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aPodKilledMidLoadIsReplacedAndItsStaleExecutionIsMarkedFailedAndRestartedWithExactCounts() throws Exception {
        Path month = DATA.resolve("replaced-2025-03.parquet");
        org.chillflow.core.trip.source.TlcMonthGenerator.generate(org.chillflow.core.trip.source.TlcMonthGenerator.sample(
                PROJECT.resolve("data/nyc/lakehouse-learning/yellow_tripdata_sample.parquet")), YearMonth.of(2025, 3), 300_000, 7, month);
        java.nio.file.Files.setPosixFilePermissions(month, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        HttpResponse<String> started = post("/api/jobs/ingest-month/executions", "operator", "{\"input\":\"replaced-2025-03.parquet\","
                + "\"month\":\"2025-03\",\"output\":\"replaced-2025-03-curated\",\"chunkSize\":\"1000\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = ChillflowServer.object(started).getJsonNumber("executionId").longValue();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (marchTrips(false) < 5_000 && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(100);
        }
        server.getDockerClient().killContainerCmd(server.getContainerId()).exec();
        long partial = marchTrips(false);
        assertThat(partial).as("rows loaded when the pod was killed").isBetween(5_000L, 299_999L);
        server.stop();
        server = pod("chillflow-pod-2");
        server.start();
        assertThat(ownerOf(id)).as("the job store names the killed pod as the execution's server")
                .startsWith("chillflow-pod-1/");

        JsonObject left = ChillflowServer.object(get("/api/jobs/executions/" + id, "viewer"));
        assertThat(left.getString("batchStatus")).as("the new pod leaves another server's execution alone").isEqualTo("STARTED");
        assertThat(get("/api/jobs/stale", "viewer").body()).contains("\"executionId\":" + id);
        HttpResponse<String> marked = post("/api/jobs/executions/" + id + "/mark-failed", "operator", "");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(ChillflowServer.object(marked).getString("batchStatus")).isEqualTo("FAILED");
        HttpResponse<String> restarted = post("/api/jobs/executions/" + id + "/restart", "operator", "");
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(201);
        long restartId = ChillflowServer.object(restarted).getJsonNumber("executionId").longValue();
        JsonObject done = await("/api/jobs/executions/" + restartId, e -> ChillflowServer.terminal(e.getString("batchStatus")));
        assertThat(done.getString("batchStatus")).as(done.toString()).isEqualTo("COMPLETED");

        long curated = TestLoads.curated(ChillflowServer.object(get("/api/jobs/executions/" + id, "viewer")));
        System.out.println("ServerImageContainerIT: pod killed with " + partial + " rows loaded; after mark-failed and restart "
                + marchTrips(false) + " rows, " + curated + " curated");
        assertThat(curated).isGreaterThan(partial);
        assertThat(marchTrips(false)).as("rows").isEqualTo(curated);
        assertThat(marchTrips(true)).as("distinct trips").isEqualTo(curated);
    }

    /** The server id the job store holds for an execution. */
    private static String ownerOf(long executionId) throws java.sql.SQLException {
        try (java.sql.Connection db = database(); java.sql.ResultSet rows = db.createStatement().executeQuery(
                "SELECT serverid FROM batch.jobexecution WHERE jobexecid = " + executionId)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static java.sql.Connection database() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + postgres.getHost() + ":"
                + postgres.getMappedPort(5432) + "/chillflow", "chillflow", secret("CHILLFLOW_DB_PASSWORD"));
    }

    /** stg.complete_trip's trips picked up in March 2025 (the generated month), read from the PostgreSQL container. */
    private static long marchTrips(boolean distinct) throws java.sql.SQLException {
        try (java.sql.Connection db = database(); java.sql.ResultSet rows = db.createStatement().executeQuery(
                "SELECT count(" + (distinct ? "DISTINCT trip_key" : "*") + ") FROM stg.complete_trip"
                        + " WHERE pickup_ts >= '2025-03-01' AND pickup_ts < '2025-04-01'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Started once the container has ended, whatever its exit code (the test reads the code). */
    static final class RunsToItsEnd extends org.testcontainers.containers.startupcheck.StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(com.github.dockerjava.api.DockerClient docker, String containerId) {
            return Boolean.TRUE.equals(getCurrentState(docker, containerId).getRunning()) ? StartupStatus.NOT_YET_KNOWN
                    : StartupStatus.SUCCESSFUL;
        }
    }

    private static JsonObject await(String path, Predicate<JsonObject> done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(path, "viewer");
            if (response.statusCode() == 200) {
                last = ChillflowServer.object(response);
                if (done.test(last)) {
                    return last;
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(path + " did not reach the expected state in 4 minutes; last: " + last);
    }

    private static HttpResponse<String> get(String path, String user) {
        return ChillflowServer.send(request(path, user).GET().build());
    }

    private static HttpResponse<String> post(String path, String user, String json) {
        return ChillflowServer.send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpRequest.Builder request(String path, String user) {
        URI uri = URI.create("https://" + server.getHost() + ":" + server.getMappedPort(9443) + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password(user)).getBytes(StandardCharsets.UTF_8))).header("X-CSRF-Token", "it");
        }
        return builder;
    }

    static DockerImageName image(String name, String local) {
        String configured = System.getenv("CHILLFLOW_IMAGE_" + name);
        return DockerImageName.parse(configured == null || configured.isBlank() ? local : configured);
    }
}
