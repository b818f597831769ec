package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server in the production profile (MP_CONFIG_PROFILE unset), as a deployment without server.env runs it: a
 * second Liberty server made from the test server's configuration and application, on ports of its own, with the
 * environment a Secret would give it.
 * <ul>
 * <li>with development and example secrets it refuses to serve at all: the whole server stops (Liberty's batch REST
 * API included), and its log names each weak setting, never a value;</li>
 * <li>with real secrets it serves the console and the API over HTTPS only (plain HTTP is redirected or refused), its
 * cookies are Secure, HttpOnly and SameSite, HSTS is a year, and {@code /health} says status only.</li>
 * </ul>
 * Kafka and Redis are addresses where nothing listens: the production server must not join the test server's consumer
 * groups or touch its Redis state; its schedules never tick.
 */
class ProductionProfileIT {

    private static final String NAME = "chillflow-prod-it";
    private static final int HTTP_PORT = 9480;
    private static final int HTTPS_PORT = 9843;
    private static final Path WLP = Path.of(System.getProperty("chillflow.it.wlp.dir"));
    private static final Path SERVER = WLP.resolve("usr/servers/" + NAME);

    /** Real (test-only) secrets; the database role is bin/services' chillflow_prod_it. */
    private static Map<String, String> strongSecrets() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHILLFLOW_ADMIN_PASSWORD", "prod-it-admin-password");
        env.put("CHILLFLOW_OPERATOR_PASSWORD", "prod-it-operator-password");
        env.put("CHILLFLOW_VIEWER_PASSWORD", "prod-it-viewer-password");
        env.put("CHILLFLOW_SCHEDULER_PASSWORD", "prod-it-scheduler-password");
        env.put("CHILLFLOW_DB_USER", "chillflow_prod_it");
        env.put("CHILLFLOW_DB_PASSWORD", "prod-profile-it-only-db-password");
        env.put("KEYSTORE_PASSWORD", "prod-it-keystore-password");
        env.put("CHILLFLOW_HASH_SALT", "prod-it-hash-salt-of-the-test");
        return env;
    }

    @AfterEach
    void stop() {
        run(WLP.resolve("bin/server").toString(), "stop", NAME);
    }

    @Test
    void withDevelopmentAndExampleSecretsTheWholeServerStops() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHILLFLOW_ADMIN_PASSWORD", "admin");
        env.put("CHILLFLOW_OPERATOR_PASSWORD", "change-me-operator-password");
        env.put("CHILLFLOW_VIEWER_PASSWORD", "viewer");
        env.put("CHILLFLOW_SCHEDULER_PASSWORD", "scheduler");
        env.put("CHILLFLOW_DB_PASSWORD", "chillflow");
        env.put("KEYSTORE_PASSWORD", "chillflow-dev-keystore");
        // CHILLFLOW_HASH_SALT unset: the shipped development salt
        env.put("CHILLFLOW_REDIS_PASSWORD", "change-me-redis-password");
        prepare(env);
        run(WLP.resolve("bin/server").toString(), "start", NAME);

        Path log = SERVER.resolve("logs/messages.log");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline) && serverRunning()) {
            ChillflowServer.sleep(1_000);
        }
        assertThat(serverRunning()).as("the server stopped itself").isFalse();
        String messages = Files.readString(log);
        assertThat(messages).contains("refuses to serve in profile 'prod'")
                .contains("CHILLFLOW_ADMIN_PASSWORD is the development default")
                .contains("CHILLFLOW_OPERATOR_PASSWORD is a placeholder")
                .contains("CHILLFLOW_DB_PASSWORD is the development default")
                .contains("KEYSTORE_PASSWORD is the development default")
                .contains("CHILLFLOW_HASH_SALT is the development default")
                .contains("CHILLFLOW_REDIS_PASSWORD is a placeholder")
                .doesNotContain("chillflow-dev-keystore").doesNotContain("change-me-operator-password");
        // nothing answers: neither the application nor Liberty's batch REST API
        for (String url : List.of("http://localhost:" + HTTP_PORT + "/api/zones",
                "https://localhost:" + HTTPS_PORT + "/ibm/api/batch/jobinstances")) {
            try {
                HttpResponse<String> answer = ChillflowServer.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", ChillflowServer.basic("admin", "admin")).timeout(Duration.ofSeconds(5)).build());
                throw new AssertionError(url + " answered " + answer.statusCode());
            } catch (IllegalStateException refused) {
                assertThat(refused).as(url).hasMessageContaining("failed").hasCauseInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void withRealSecretsItServesHttpsOnlyWithSecureCookiesAndQuietHealth() throws Exception {
        prepare(strongSecrets());
        run(WLP.resolve("bin/server").toString(), "start", NAME);
        String http = "http://localhost:" + HTTP_PORT;
        String https = "https://localhost:" + HTTPS_PORT;
        awaitApplication(https + "/login.html");

        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> console = noRedirects.send(HttpRequest.newBuilder(URI.create(http + "/login.html?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).as("the console over HTTP").isEqualTo(301);
        assertThat(console.headers().firstValue("Location")).hasValue(https + "/login.html?x=1");
        HttpResponse<String> post = ChillflowServer.send(HttpRequest.newBuilder(URI.create(http + "/api/jobs/seed-zones/executions"))
                .header("Authorization", ChillflowServer.basic("operator", "prod-it-operator-password"))
                .header("X-CSRF-Token", "it").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(post.statusCode()).as("a state change over HTTP").isEqualTo(403);
        assertThat(post.body()).contains("HTTPS required");

        // HTTPS: HSTS for a year, the security headers, the API with the real password
        HttpResponse<String> zones = ChillflowServer.send(HttpRequest.newBuilder(URI.create(https + "/api/zones"))
                .header("Authorization", ChillflowServer.basic("viewer", "prod-it-viewer-password")).build());
        assertThat(zones.statusCode()).isEqualTo(200);
        assertThat(zones.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(zones.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(zones.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");

        // the console's sign-in over HTTPS: both cookies Secure, HttpOnly, SameSite=Strict
        HttpResponse<String> login = ChillflowServer.send(HttpRequest.newBuilder(URI.create(https + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", https)
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password="
                        + URLEncoder.encode("prod-it-viewer-password", StandardCharsets.UTF_8))).build());
        assertThat(login.statusCode()).isIn(302, 303);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("LtpaToken2="))
                .anySatisfy(c -> assertThat(c).startsWith("JSESSIONID="));
        assertThat(cookies).allSatisfy(c -> assertThat(c).contains("Secure").contains("HttpOnly").contains("SameSite=Strict"));

        // a failure-injection parameter is a test hook: refused by a production server, naming it
        HttpResponse<String> hook = ChillflowServer.send(HttpRequest.newBuilder(URI.create(https + "/api/jobs/seed-zones/executions"))
                .header("Authorization", ChillflowServer.basic("operator", "prod-it-operator-password"))
                .header("X-CSRF-Token", "it").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"failAtLine\":\"3\"}")).build());
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(400);
        assertThat(hook.body()).contains("failAtLine is a test hook");

        // health over plain HTTP (probes, Prometheus): status only, no address, no error text
        HttpResponse<String> health = ChillflowServer.send(HttpRequest.newBuilder(URI.create(http + "/health")).build());
        assertThat(health.body()).contains("\"postgresql\"").contains("\"redis\"").contains("\"kafka\"")
                .doesNotContain("jdbc:").doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain("Exception")
                .doesNotContain("\"data\":{\"");
    }

    /** A fresh server directory: the test server's configuration and application, this test's server.env. */
    private static void prepare(Map<String, String> secrets) throws IOException {
        ChillflowServer.copyOfTestServer(NAME);
        Map<String, String> env = new LinkedHashMap<>();
        // no MP_CONFIG_PROFILE: production
        env.put("HTTP_PORT", Integer.toString(HTTP_PORT));
        env.put("HTTPS_PORT", Integer.toString(HTTPS_PORT));
        env.put("CHILLFLOW_DB_NAME", URI.create(System.getProperty("chillflow.it.db.url").substring(5)).getPath().substring(1));
        env.put("CHILLFLOW_KAFKA_BOOTSTRAP", "127.0.0.1:1"); // nothing listens: no consumer group is joined
        env.put("CHILLFLOW_KAFKA_GROUP_PREFIX", "chillflow-prod-it");
        env.put("CHILLFLOW_REDIS_PORT", "1");
        env.put("CHILLFLOW_SCHEDULE_TICK", "PT1H");
        env.put("CHILLFLOW_SCHEDULE_KPI_HOURLY_ENABLED", "false");
        env.put("CHILLFLOW_SCHEDULE_KPI_NIGHTLY_ENABLED", "false");
        env.put("CHILLFLOW_SCHEDULE_INBOX_ENABLED", "false");
        env.putAll(secrets);
        StringBuilder text = new StringBuilder("# ProductionProfileIT: TEST-ONLY values\n");
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(SERVER.resolve("server.env"), text);
    }

    private static void awaitApplication(String url) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (ChillflowServer.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            ChillflowServer.sleep(1_000);
        }
        throw new AssertionError(url + " did not answer 200 within 3 minutes; see " + SERVER.resolve("logs/messages.log"));
    }

    private static boolean serverRunning() {
        return run(WLP.resolve("bin/server").toString(), "status", NAME) == 0;
    }

    private static int run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
