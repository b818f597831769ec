package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * Every state-changing endpoint refuses a caller without credentials (401), with the wrong role (403) and
 * without a CSRF token (403); a console session must send its own session's token.
 */
@MicroShedTest
class ApiSecurityIT {

    /** An operator-only call: method, path, body. */
    private record Call(String method, String path, String body) {
    }

    private static final List<Call> STATE_CHANGING = List.of(
            new Call("POST", "/api/jobs/seed-zones/executions", "{}"),
            new Call("POST", "/api/jobs/executions/987654321/stop", ""),
            new Call("POST", "/api/jobs/executions/987654321/restart", ""),
            new Call("POST", "/api/stream/replay", "{\"month\":\"2025-02\"}"),
            new Call("DELETE", "/api/stream/replays/987654321", null),
            new Call("PUT", "/api/schedules/kpi-hourly", "{\"enabled\":false}"));

    @BeforeAll
    static void ready() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void everyStateChangingEndpointRefusesNoCredentialsTheWrongRoleAndAMissingCsrfToken() {
        for (Call call : STATE_CHANGING) {
            String what = call.method() + " " + call.path();
            assertThat(send(call, null, null).statusCode()).as(what + " without credentials").isEqualTo(401);
            HttpResponse<String> viewer = send(call, ChillflowServer.basic("viewer", "viewer"), "x");
            assertThat(viewer.statusCode()).as(what + " as viewer").isEqualTo(403);
            HttpResponse<String> noToken = send(call, ChillflowServer.basic("operator", "operator"), null);
            assertThat(noToken.statusCode()).as(what + " without a CSRF token").isEqualTo(403);
            assertThat(noToken.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(noToken.body()).contains("CSRF");
        }
    }

    @Test
    void aConsoleSessionMustSendItsOwnToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = ChillflowServer.baseUrl();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=operator&password=" + URLEncoder.encode("operator", StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isIn(302, 303);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("failed");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("SameSite=Strict"));

        JsonObject session = parse(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(session.getString("user")).isEqualTo("operator");
        assertThat(session.getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString))
                .containsExactly("viewer", "operator");
        String token = session.getString("csrfToken");

        String toggle = "{\"enabled\":false}";
        for (String sent : new String[] { null, "wrong-token" }) {
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(base + "/api/schedules/kpi-hourly"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(toggle));
            if (sent != null) {
                put.header("X-CSRF-Token", sent);
            }
            assertThat(browser.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("token " + sent).isEqualTo(403);
        }
        HttpResponse<String> allowed = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/schedules/kpi-hourly"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", token)
                .PUT(HttpRequest.BodyPublishers.ofString(toggle)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);

        // signed out, the cookie authenticates nothing any more
        browser.send(HttpRequest.newBuilder(URI.create(base + "/auth/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> after = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("X-Requested-With", "test").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).as("no browser password dialog")
                .doesNotStartWith("Basic");
    }

    private static HttpResponse<String> send(Call call, String authorization, String csrf) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ChillflowServer.baseUrl() + call.path()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (csrf != null) {
            builder.header("X-CSRF-Token", csrf);
        }
        return ChillflowServer.send(builder.build());
    }

    private static JsonObject parse(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ChillflowServer.object(response);
    }
}
