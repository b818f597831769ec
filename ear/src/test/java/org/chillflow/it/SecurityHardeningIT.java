package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.terminal;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * What the security hardening closes, on the test server (development profile; the production profile is
 * {@link ProductionProfileIT}): job files confined to the data directory whatever starts the job, Liberty's batch
 * REST API for admins only, headers and cookies, throttled password guessing, quiet health, 400 for bad input, and
 * an export that cannot starve a job or the stream.
 */
@MicroShedTest
class SecurityHardeningIT {

    private static final String SECRET_LINE = "root:x:0:0:secret-first-line-of-a-file-outside";
    private static Path data;
    private static Path outside;

    @BeforeAll
    static void ready() throws Exception {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        data = Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers", System.getProperty("chillflow.it.server.name"),
                "data");
        Files.createDirectories(data);
        // a directory outside the data directory, a file in it that must never be read, links that lead there
        outside = Files.createTempDirectory("chillflow-outside");
        Files.writeString(outside.resolve("secret.csv"), SECRET_LINE + "\n");
        Path link = data.resolve("escape.csv");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside.resolve("secret.csv"));
        Path dirLink = data.resolve("escape-dir");
        Files.deleteIfExists(dirLink);
        Files.createSymbolicLink(dirLink, outside);
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet"), data.resolve("hardening-2025-02.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // --- 1. confinement where the files are opened, whatever started the job

    @Test
    void libertysBatchRestSubmitIsForAdminsOnlyAndReadingForEveryRole() {
        String body = batchSubmit("seed-zones", Map.of());
        for (String user : List.of("viewer", "operator")) {
            HttpResponse<String> refused = batchRest("POST", "/ibm/api/batch/jobinstances", user, body);
            assertThat(refused.statusCode()).as(user + " submitting through the batch REST API").isIn(401, 403);
            assertThat(batchRest("GET", "/ibm/api/batch/jobinstances", user, null).statusCode()).as(user + " reading").isEqualTo(200);
        }
        assertThat(batchRest("GET", "/ibm/api/batch/jobinstances", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> admin = batchRest("POST", "/ibm/api/batch/jobinstances", "admin", body);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
        JsonObject execution = awaitExecution(object(admin).getJsonNumber("instanceId").longValue());
        assertThat(execution.getString("batchStatus")).isEqualTo("COMPLETED");
    }

    @Test
    void aBatchRestSubmitOfAFileOutsideTheDataDirectoryFailsWithoutRevealingIt() {
        for (String zonesFile : List.of("/etc/passwd", outside.resolve("secret.csv").toString(), "../../../../../../etc/passwd",
                "escape.csv")) {
            HttpResponse<String> submitted = batchRest("POST", "/ibm/api/batch/jobinstances", "admin",
                    batchSubmit("seed-zones", Map.of("zonesFile", zonesFile)));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            long instance = object(submitted).getJsonNumber("instanceId").longValue();
            JsonObject execution = awaitExecution(instance);
            assertThat(execution.getString("batchStatus")).as(zonesFile).isEqualTo("FAILED");
            assertThat(execution.getString("exitStatus")).as(zonesFile)
                    .startsWith("FAILED: zonesFile must be a file name inside the data directory")
                    .doesNotContain("root:").doesNotContain("secret-first-line");
            // nor in the job log that every viewer can read
            String log = ChillflowServer.get("/api/jobs/executions/" + execution.getJsonNumber("executionId").longValue()
                    + "/log?lines=5000", "viewer").body();
            assertThat(log).doesNotContain("secret-first-line").doesNotContain("root:x:0:0");
        }
    }

    @Test
    void aBatchRestCurationCannotWriteOutsideTheDataDirectory() throws Exception {
        for (String output : List.of(outside.resolve("written").toString(), "escape-dir/written", "../written-outside")) {
            HttpResponse<String> submitted = batchRest("POST", "/ibm/api/batch/jobinstances", "admin",
                    batchSubmit("curate-month", Map.of("input", "hardening-2025-02.parquet", "output", output)));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            JsonObject execution = awaitExecution(object(submitted).getJsonNumber("instanceId").longValue());
            assertThat(execution.getString("batchStatus")).as(output).isEqualTo("FAILED");
            assertThat(execution.getString("exitStatus")).as(output).contains("output must be a file name inside the data directory");
        }
        try (var files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.csv");
        }
        assertThat(data.getParent().resolve("written-outside")).doesNotExist();
        // a restart with a changed parameter is checked the same way
        HttpResponse<String> submitted = batchRest("POST", "/ibm/api/batch/jobinstances", "admin",
                batchSubmit("seed-zones", Map.of("zonesFile", "no-such-lookup.csv")));
        long instance = object(submitted).getJsonNumber("instanceId").longValue();
        JsonObject failed = awaitExecution(instance);
        assertThat(failed.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(failed.getString("exitStatus")).contains("zonesFile 'no-such-lookup.csv'").contains("not found in the data directory");
        HttpResponse<String> restarted = batchRest("PUT", "/ibm/api/batch/jobinstances/" + instance + "?action=restart", "admin",
                "{\"jobParameters\":{\"zonesFile\":\"/etc/passwd\"}}");
        assertThat(restarted.statusCode()).as(restarted.body()).isIn(200, 201, 202);
        JsonObject again = awaitExecution(instance, failed.getJsonNumber("executionId").longValue());
        assertThat(again.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(again.getString("exitStatus")).startsWith("FAILED: zonesFile must be a file name inside the data directory")
                .doesNotContain("root:");
    }

    @Test
    void ourApiRefusesTheSamePathsAtOnceNamingTheParameter() {
        for (Map.Entry<String, String> call : Map.of(
                "seed-zones", "{\"zonesFile\":\"escape.csv\"}",
                "curate-month", "{\"input\":\"hardening-2025-02.parquet\",\"output\":\"escape-dir/x\"}",
                "load-trips", "{\"input\":\"/etc\"}").entrySet()) {
            HttpResponse<String> refused = ChillflowServer.postJson("/api/jobs/" + call.getKey() + "/executions", "operator",
                    call.getValue());
            JsonObject problem = ChillflowServer.assertProblem(refused, 400);
            assertThat(problem.getString("detail")).as(call.getKey()).contains("data directory").doesNotContain(data.toString());
        }
    }

    // --- 2. sessions and headers

    @Test
    void everyResponseCarriesTheSecurityHeadersAndHttpsAddsHsts() {
        for (String path : List.of("/", "/login.html", "/api/zones", "/health/ready", "/metrics", "/openapi")) {
            HttpResponse<String> response = ChillflowServer.get(path, path.startsWith("/api") ? "viewer" : null);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElse("")).as(path).contains("frame-ancestors 'none'");
            assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path + " over HTTP").isEmpty();
        }
        assertThat(ChillflowServer.get("/login.html", null).headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        HttpResponse<String> https = ChillflowServer.get(ChillflowServer.httpsBaseUrl() + "/api/zones", "viewer");
        assertThat(https.headers().firstValue("Strict-Transport-Security").orElse("")).startsWith("max-age=");
        assertThat(ChillflowServer.get(ChillflowServer.httpsBaseUrl() + "/ibm/api/batch/jobinstances", "viewer").headers()
                .firstValue("Strict-Transport-Security")).as("Liberty's own endpoints too").isPresent();
        assertThat(https.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void consoleCookiesAreHttpOnlyAndSameSiteAndASignInFromAnotherSiteIsRefused() throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = ChillflowServer.baseUrl();
        HttpResponse<String> login = browser.send(form(base, "viewer", "viewer").header("Origin", base).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).isNotEmpty().allSatisfy(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
        // the development profile serves plain HTTP, so its cookies are not Secure (ProductionProfileIT: they are)
        for (String origin : List.of("https://evil.example", "null")) {
            HttpResponse<String> forged = browser.send(form(base, "viewer", "viewer").header("Origin", origin).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).as("a sign-in posted from " + origin).isEqualTo(403);
            assertThat(forged.headers().allValues("Set-Cookie")).isEmpty();
        }
        HttpResponse<String> crossSite = browser.send(form(base, "viewer", "viewer").header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
    }

    // --- 3. guessing passwords costs

    @Test
    void wrongPasswordsLockTheUserForAWhileThenTheRightOneWorks() throws Exception {
        // the service identity: no other test signs in with its password, so the count starts here
        String user = "scheduler";
        int status = 0;
        int attempts = 0;
        while (status != 429 && attempts < 10) {
            attempts++;
            status = ChillflowServer.send(ChillflowServer.request("/api/zones", null)
                    .header("Authorization", ChillflowServer.basic(user, "wrong-" + attempts)).build()).statusCode();
            assertThat(status).isIn(401, 429);
        }
        assertThat(attempts).as("the 5th wrong password locks (chillflow.login.max-failures)").isEqualTo(5);
        HttpResponse<String> right = ChillflowServer.send(ChillflowServer.request("/api/zones", null)
                .header("Authorization", ChillflowServer.basic(user, user)).build());
        assertThat(right.statusCode()).as("even the right password waits out the lockout").isEqualTo(429);
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 6L);
        ChillflowServer.assertProblem(right, 429);
        // the form is throttled by the same count
        HttpResponse<String> form = HttpClient.newHttpClient().send(form(ChillflowServer.baseUrl(), user, "wrong").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(429);
        ChillflowServer.sleep((retryAfter + 1) * 1000);
        assertThat(ChillflowServer.get("/api/session", user).statusCode()).as("after the lockout").isEqualTo(200);
        assertThat(ChillflowServer.get("/metrics", null).body())
                .containsPattern("chillflow_login_failures_total\\{[^}]*method=\"basic\"")
                .containsPattern("chillflow_login_lockouts_total\\{[^}]*scope=\"user\"");
        String messages = Files.readString(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "logs", "messages.log"));
        assertThat(messages).contains("sign-in locked for user 'scheduler'");
    }

    // --- 5. health without addresses

    @Test
    void publicHealthSaysStatusOnly() {
        for (String path : List.of("/health", "/health/ready", "/health/live", "/health/started")) {
            String body = ChillflowServer.get(path, null).body();
            assertThat(body).as(path).doesNotContain("jdbc:").doesNotContain("127.0.0.1").doesNotContain("clusterId")
                    .doesNotContain("\"data\":{\"").doesNotContain("Exception");
        }
    }

    // --- 7. bad input answers 400 (or 404), never 500

    @Test
    void badInputIsA400ProblemNamingTheParameter() {
        Map<String, String> gets = Map.of(
                "/api/jobs/executions/abc", "id",
                "/api/jobs/executions/99999999999999999999", "id",
                "/api/jobs/seed-zones/executions?limit=ten", "limit",
                "/api/kpis/zones/hourly?page=x", "page",
                "/api/kpis/summary?month=%2B999999999-12", "month",
                "/api/kpis/daily?from=9999-01-01", "from",
                "/api/metrics/timeline/1?hours=abc", "hours",
                "/api/stream/replays/abc", "id");
        gets.forEach((path, parameter) -> assertThat(ChillflowServer.assertProblem(ChillflowServer.get(path, "viewer"), 400)
                .getString("detail")).as(path).startsWith(parameter));
        ChillflowServer.assertProblem(ChillflowServer.get("/api/jobs/no-such-job/executions", "viewer"), 404);
        Map<String, String> starts = Map.of(
                "[1]", "JSON object",
                "\"x\"", "JSON object",
                "not json", "not JSON",
                "{\"input\":\"hardening-2025-02.parquet\",\"month\":\"+999999999-12\"}", "month",
                "{\"input\":\"hardening-2025-02.parquet\",\"chunkSize\":\"many\"}", "chunkSize",
                "{\"input\":\"hardening-2025-02.parquet\",\"partitions\":\"1000\"}", "partitions");
        starts.forEach((body, named) -> assertThat(ChillflowServer.assertProblem(
                ChillflowServer.postJson("/api/jobs/curate-month/executions", "operator", body), 400).getString("detail"))
                .as(body).contains(named));
        assertThat(ChillflowServer.assertProblem(ChillflowServer.postJson("/api/jobs/aggregate-kpis/executions", "operator",
                "{\"mode\":\"sometimes\"}"), 400).getString("detail")).contains("mode");
        assertThat(ChillflowServer.assertProblem(ChillflowServer.postJson("/api/stream/replay", "operator",
                "{\"month\":\"2025-02\",\"speed\":1e12}"), 400).getString("detail")).contains("speed");
        ChillflowServer.assertProblem(ChillflowServer.postJson("/api/stream/replay", "operator", "[1]"), 400);
    }

    // --- 6. bounded resources

    @Test
    void aSlowExportDoesNotStarveAJobOrTheStream() throws Exception {
        // the bundled month in the mart, so that the export has rows to hold open
        JsonObject ingest = run("ingest-month", "{\"input\":\"hardening-2025-02.parquet\",\"month\":\"2025-02\","
                + "\"output\":\"hardening-2025-02-curated\"}");
        assertThat(ingest.getString("batchStatus")).as(ingest.toString()).isEqualTo("COMPLETED");

        // more clients than the export pool has connections (4) read exports slowly, holding their cursors open...
        List<CompletableFuture<Long>> exports = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String format = i % 2 == 0 ? "csv" : "json";
            // a client (and connection) each, HTTP/1.1: ten downloads, not ten streams of one HTTP/2 connection
            HttpClient slow = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            exports.add(slow.sendAsync(ChillflowServer.request("/api/kpis/export?format=" + format, "viewer").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
                        if (response.statusCode() == 503) {
                            // more exports than the export pool: refused with Retry-After, never a broken download
                            assertThat(response.headers().firstValue("Retry-After")).isPresent();
                            return -1L;
                        }
                        assertThat(response.statusCode()).isEqualTo(200);
                        try (InputStream in = response.body()) {
                            byte[] chunk = new byte[64 * 1024];
                            long bytes = 0;
                            for (int n; (n = in.read(chunk)) >= 0;) {
                                bytes += n;
                                Thread.sleep(20);
                            }
                            return bytes;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
        // ...while a job runs and a replay flows through the stream: both finish, and the API's own queries (the job's
        // execution view) are answered meanwhile
        HttpResponse<String> replay = ChillflowServer.postJson("/api/stream/replay", "operator", "{\"month\":\"2025-02\"}");
        assertThat(replay.statusCode()).as(replay.body()).isIn(202, 409);
        JsonObject seed = run("seed-zones", "{}");
        assertThat(seed.getString("batchStatus")).isEqualTo("COMPLETED");
        if (replay.statusCode() == 202) {
            JsonObject replayed = awaitJson(replay.headers().firstValue("Location").orElseThrow(), "viewer", JOB_TIMEOUT,
                    r -> !r.getString("state").equals("RUNNING"));
            assertThat(replayed.getString("state")).isEqualTo("COMPLETED");
        }
        int completed = 0;
        for (CompletableFuture<Long> export : exports) {
            long bytes = export.get(3, java.util.concurrent.TimeUnit.MINUTES);
            if (bytes >= 0) {
                assertThat(bytes).as("bytes exported").isGreaterThan(10_000);
                completed++;
            }
        }
        assertThat(completed).as("exports that the export pool (4) served").isGreaterThanOrEqualTo(4);
    }

    // --- helpers

    private static JsonObject run(String job, String parameters) {
        HttpResponse<String> started = ChillflowServer.postJson("/api/jobs/" + job + "/executions", "operator", parameters);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return awaitJson(started.headers().firstValue("Location").orElseThrow(), "viewer", JOB_TIMEOUT,
                e -> terminal(e.getString("batchStatus")));
    }

    private static HttpRequest.Builder form(String base, String user, String password) {
        return HttpRequest.newBuilder(URI.create(base + "/auth/login")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)));
    }

    private static String batchSubmit(String job, Map<String, String> parameters) {
        StringBuilder json = new StringBuilder("{\"applicationName\":\"chillflow\",\"moduleName\":\"web-admin.war\","
                + "\"jobXMLName\":\"" + job + "\",\"jobParameters\":{");
        String separator = "";
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            json.append(separator).append('"').append(p.getKey()).append("\":\"").append(p.getValue().replace("\\", "\\\\"))
                    .append('"');
            separator = ",";
        }
        return json.append("}}").toString();
    }

    /** A call to Liberty's batch REST API (HTTPS) as a user (password = name on the test server), or anonymous. */
    private static HttpResponse<String> batchRest(String method, String path, String user, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ChillflowServer.httpsBaseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", ChillflowServer.basic(user, user));
        }
        return ChillflowServer.send(request.build());
    }

    /** The instance's newest execution, through our API, once it has ended. */
    private static JsonObject awaitExecution(long instanceId) {
        return awaitExecution(instanceId, 0);
    }

    /** The instance's newest execution after {@code after} (an execution id), through our API, once it has ended. */
    private static JsonObject awaitExecution(long instanceId, long after) {
        JsonObject found = null;
        java.time.Instant deadline = java.time.Instant.now().plus(JOB_TIMEOUT);
        while (java.time.Instant.now().isBefore(deadline)) {
            HttpResponse<String> executions = batchRest("GET", "/ibm/api/batch/jobinstances/" + instanceId + "/jobexecutions",
                    "admin", null);
            if (executions.statusCode() == 200) {
                long newest = ChillflowServer.json(executions).asJsonArray().stream()
                        .mapToLong(e -> e.asJsonObject().getJsonNumber("executionId").longValue()).max().orElse(0);
                if (newest > after) {
                    found = object(ChillflowServer.get("/api/jobs/executions/" + newest, "viewer"));
                    if (terminal(found.getString("batchStatus"))) {
                        return found;
                    }
                }
            }
            ChillflowServer.sleep(500);
        }
        throw new AssertionError("instance " + instanceId + " did not end: " + found);
    }
}
