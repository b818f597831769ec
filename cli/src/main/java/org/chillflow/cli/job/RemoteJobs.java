package org.chillflow.cli.job;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * The batch control plane of a running server, from the command line: {@code chillflow job … --server URL} goes
 * through the server's API ({@code /api/jobs}), so a scripted job runs where the console, the schedules and
 * Liberty's {@code batchManager} see it, under the same checks (roles, the job catalogue, the data directory,
 * no test hooks in production). Credentials come from {@code CHILLFLOW_USER} / {@code CHILLFLOW_PASSWORD}, or a
 * prompt on a terminal; they travel as HTTP basic authentication, so use an https:// URL outside a development
 * machine.
 */
public final class RemoteJobs {

    /** A call the server refused or could not answer: the message names the status and the server's reason. */
    public static final class RemoteException extends org.chillflow.cli.errors.CommandFailure {
        private static final long serialVersionUID = 1L;

        RemoteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private final URI server;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RemoteJobs(String server, String user, char[] password) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.server = URI.create(base);
        if (!"http".equals(this.server.getScheme()) && !"https".equals(this.server.getScheme())) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL");
        }
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + new String(password))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Credentials from CHILLFLOW_USER / CHILLFLOW_PASSWORD, or asked for on the terminal. */
    static RemoteJobs connect(String server) {
        String user = System.getenv("CHILLFLOW_USER");
        String password = System.getenv("CHILLFLOW_PASSWORD");
        java.io.Console console = System.console();
        if ((user == null || user.isBlank()) && console != null) {
            user = console.readLine("user for %s: ", server);
        }
        char[] secret = password != null ? password.toCharArray()
                : console != null ? console.readPassword("password of %s: ", user) : null;
        if (user == null || user.isBlank() || secret == null) {
            throw new IllegalArgumentException("--server needs credentials: set CHILLFLOW_USER and CHILLFLOW_PASSWORD"
                    + " (or run on a terminal to be asked)");
        }
        return new RemoteJobs(server, user.trim(), secret);
    }

    /** Starts a job; file parameters are names inside the server's data directory. */
    long start(String job, Map<String, String> parameters) throws IOException, InterruptedException {
        JsonObjectBuilder body = Json.createObjectBuilder();
        parameters.forEach(body::add);
        JsonObject started = json(send("POST", "/api/jobs/" + job + "/executions", body.build().toString(), 201));
        return started.getJsonNumber("executionId").longValue();
    }

    JsonObject execution(long id) throws IOException, InterruptedException {
        return json(send("GET", "/api/jobs/executions/" + id, null, 200));
    }

    JsonObject stop(long id) throws IOException, InterruptedException {
        return json(send("POST", "/api/jobs/executions/" + id + "/stop", "", 200));
    }

    long restart(long id) throws IOException, InterruptedException {
        return json(send("POST", "/api/jobs/executions/" + id + "/restart", "", 201)).getJsonNumber("executionId")
                .longValue();
    }

    String log(long id, int lines) throws IOException, InterruptedException {
        return send("GET", "/api/jobs/executions/" + id + "/log?lines=" + lines, null, 200);
    }

    /** Polls until the execution ends (or the timeout passes), drawing the steps' progress on standard error. */
    JsonObject await(long id, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject execution = execution(id);
            if (ENDED.contains(execution.getString("batchStatus")) || Instant.now().isAfter(deadline)) {
                System.err.print("\r" + " ".repeat(60) + "\r");
                return execution;
            }
            StringBuilder progress = new StringBuilder();
            for (JsonValue value : execution.getJsonArray("steps")) {
                JsonObject step = value.asJsonObject();
                progress.append(step.getString("stepName")).append(' ').append(step.getString("batchStatus"));
                if (step.containsKey("percent") && !step.isNull("percent")) {
                    progress.append(String.format(Locale.ROOT, " %.0f %%", step.getJsonNumber("percent").doubleValue()));
                }
                progress.append("  ");
            }
            System.err.print("\r" + progress);
            Thread.sleep(1000);
        }
    }

    /** Prints an execution as the local report does; 0 when it COMPLETED. */
    static int report(JsonObject execution) {
        System.out.printf("execution %d of %s: %s (exit status %s)%n", execution.getJsonNumber("executionId").longValue(),
                execution.getString("jobName"), execution.getString("batchStatus"),
                execution.getString("exitStatus", null));
        for (JsonValue value : execution.getJsonArray("steps")) {
            JsonObject step = value.asJsonObject();
            StringBuilder line = new StringBuilder("  step ").append(step.getString("stepName")).append(": ")
                    .append(step.getString("batchStatus"));
            if (step.containsKey("metrics") && step.get("metrics").getValueType() == JsonValue.ValueType.OBJECT) {
                step.getJsonObject("metrics").forEach((name, metric) -> line.append(", ").append(name).append('=')
                        .append(metric));
            }
            System.out.println(line);
        }
        return "COMPLETED".equals(execution.getString("batchStatus")) ? 0 : 1;
    }

    private String send(String method, String path, String body, int expected) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json, text/plain");
        if (body != null) {
            // a script is no browser: basic authentication plus this header passes the API's CSRF check
            request.header("Content-Type", "application/json").header("X-CSRF-Token", "cli")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RemoteException(server + ": cannot reach the server (" + e.getClass().getSimpleName() + ")", e);
        }
        if (response.statusCode() != expected) {
            throw new RemoteException(method + " " + path + ": HTTP " + response.statusCode() + problem(response), null);
        }
        return response.body();
    }

    /** The problem's detail (the API's errors name their cause), never anything else of the body. */
    private static String problem(HttpResponse<String> response) {
        if (response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            try {
                JsonObject problem = json(response.body());
                if (problem.containsKey("detail") && !problem.isNull("detail")) {
                    return ": " + problem.getString("detail");
                }
            } catch (RuntimeException ignored) {
                // not a problem document: the status says enough
            }
        }
        return switch (response.statusCode()) {
            case 401 -> ": the server refused the credentials (CHILLFLOW_USER / CHILLFLOW_PASSWORD)";
            case 403 -> ": this user's role may not do that";
            default -> "";
        };
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
