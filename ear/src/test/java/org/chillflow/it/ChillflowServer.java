package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import org.microshed.testing.ApplicationEnvironment;

/**
 * The Liberty test server that the build started (MicroShed's manually started environment gives its URL),
 * seen as a black box over HTTP, plus the few things the tests do to the machine around it: restart the
 * server, stop and start the test Redis.
 */
final class ChillflowServer {

    static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(trustAllForLocalhost())
            .sslParameters(noHostnameCheck())
            .build();

    private ChillflowServer() {
    }

    static String baseUrl() {
        String url = ApplicationEnvironment.Resolver.load().getApplicationURL();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String httpsBaseUrl() {
        return "https://localhost:" + System.getProperty("chillflow.it.https.port");
    }

    static HttpRequest.Builder request(String pathOrUrl, String user) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            // an API client with basic credentials sends the CSRF header with any value (CsrfTokens)
            builder.header("Authorization", basic(user, user)).header("X-CSRF-Token", "it");
        }
        return builder;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String path, String user) {
        return send(request(path, user).GET().build());
    }

    static HttpResponse<String> postJson(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> putJson(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonStructure json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.read();
        }
    }

    static JsonObject object(HttpResponse<String> response) {
        return (JsonObject) json(response);
    }

    /** Asserts an RFC 9457 problem document with the given status. */
    static JsonObject assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonObject problem = object(response);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        return problem;
    }

    /** Polls until the predicate holds on a 200 JSON body, or fails after the timeout. */
    static JsonObject awaitJson(String pathOrUrl, String user, Duration timeout, Predicate<JsonObject> done) {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = send(request(pathOrUrl, user).GET().build());
            if (response.statusCode() == 200) {
                last = object(response);
                if (done.test(last)) {
                    return last;
                }
            }
            sleep(500);
        }
        throw new AssertionError("timed out after " + timeout + " waiting on " + pathOrUrl + "; last: " + last);
    }

    static boolean terminal(String batchStatus) {
        return switch (batchStatus) {
            case "COMPLETED", "FAILED", "STOPPED", "ABANDONED" -> true;
            default -> false;
        };
    }

    static void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = HTTP.send(request("/health/ready", null).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new AssertionError("server not ready after " + timeout + ": " + last);
    }

    /** Stops and starts the test server with Liberty's own script (same server name, same job store). */
    static void restart() {
        Path wlp = Path.of(System.getProperty("chillflow.it.wlp.dir"));
        String server = System.getProperty("chillflow.it.server.name");
        run(wlp.resolve("bin/server").toString(), "stop", server);
        run(wlp.resolve("bin/server").toString(), "start", server);
        awaitReady(Duration.ofMinutes(3));
    }

    /** kill -9 of the test server's JVM (no shutdown at all), then a normal start. */
    static void killAndStart() throws IOException {
        killAndStart(() -> {
        });
    }

    /**
     * kill -9, then {@code whileDown} (the server is gone), then a normal start. Returns once the killed JVM's Kafka
     * consumers have left their groups: nobody told the broker they died, so they keep their partitions until their
     * session times out (Kafka's 45 s), and a test that sent events before then would see some partitions consumed
     * and others not yet — skew the zone windows' watermark turns into late events.
     */
    static void killAndStart(Runnable whileDown) throws IOException {
        Path wlp = Path.of(System.getProperty("chillflow.it.wlp.dir"));
        String server = System.getProperty("chillflow.it.server.name");
        java.util.Set<String> killedMembers = consumerMembers();
        String pid = java.nio.file.Files.readString(wlp.resolve("usr/servers/.pid/" + server + ".pid")).trim();
        run("kill", "-9", pid);
        for (int i = 0; i < 100 && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false); i++) {
            sleep(100);
        }
        whileDown.run();
        run(wlp.resolve("bin/server").toString(), "start", server);
        awaitReady(Duration.ofMinutes(3));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        java.util.Set<String> left = consumerMembers();
        left.retainAll(killedMembers);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(1000);
            left = consumerMembers();
            left.retainAll(killedMembers);
        }
        assertThat(left).as("consumers of the killed server still in their groups").isEmpty();
    }

    /** The member ids of the server's Kafka consumer groups (chillflow-*), as the broker sees them now. */
    private static java.util.Set<String> consumerMembers() {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            java.util.List<String> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId)
                    .filter(g -> g.startsWith("chillflow-")).toList();
            java.util.Set<String> members = new java.util.HashSet<>();
            admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS).values()
                    .forEach(group -> group.members().forEach(m -> members.add(m.consumerId())));
            return members;
        } catch (Exception e) {
            throw new IllegalStateException("consumer groups of the test broker: " + e, e);
        }
    }

    /** {@code bin/services <action> <service>} on the test server's services (CHILLFLOW_ENV=test, or cluster). */
    static void services(String action, String service) {
        Path project = Path.of(System.getProperty("chillflow.it.project.dir"));
        run(project.resolve("bin/services").toString(), action, service);
    }

    /**
     * A fresh directory for another server named {@code name}: the test server's configuration and application
     * (server.xml, bootstrap.properties, jvm.options, apps, lib), anything there before removed; the caller writes its
     * server.env. Returns the directory.
     */
    static Path copyOfTestServer(String name) throws IOException {
        Path wlp = Path.of(System.getProperty("chillflow.it.wlp.dir"));
        Path server = wlp.resolve("usr/servers/" + name);
        if (java.nio.file.Files.exists(server)) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(server)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
        }
        Path source = wlp.resolve("usr/servers/" + System.getProperty("chillflow.it.server.name"));
        for (String part : java.util.List.of("server.xml", "bootstrap.properties", "jvm.options", "apps", "lib")) {
            copyTree(source.resolve(part), server.resolve(part));
        }
        return server;
    }

    /** Copies a directory tree (a server's configuration and application into another server's directory). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.createDirectories(target.getParent());
                    java.nio.file.Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs a command on the test server's services (CHILLFLOW_ENV); fails unless it exits 0 within 3 minutes. */
    static void run(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("CHILLFLOW_ENV", System.getProperty("chillflow.it.services.env", "test"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print(output); // what the services did, and when, beside the test's own lines
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // The test server's certificate is the self-signed one Liberty generates: trust it on localhost only.
    private static SSLContext trustAllForLocalhost() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            } }, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLParameters noHostnameCheck() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }
}
