package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.chillflow.core.stream.window.StreamPulseFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * Two Liberty servers on the same services, as OpenShift runs two replicas: the consumer groups split the partitions
 * between them. Every window of StreamPulse's 10k file equals the independent computation of {@link ZoneMetricsIT}
 * also when one server's JVM is stopped (SIGSTOP) through the replay, longer than the partition-idle and source-idle
 * timeouts, and then resumed (before windows were per partition, the running server's watermark, saved in Redis, was
 * the one the stopped server found when it resumed, and it refused its events as late); and the sample month replayed
 * through both,
 * with one stopped during the replay, writes exactly the batch load's rows and counts every trip in a final window.
 */
@MicroShedTest
class TwoServersIT {

    private static final String GROUP = "chillflow-zone-windows";

    @BeforeAll
    static void startTheSecondServer() throws Exception {
        StreamAssemblyIT.batchReference(); // the sample month loaded by the batch: the rows the stream must equal
        SecondTestServer.start();
        for (String group : List.of(GROUP, "chillflow-zone-windows-trips", "chillflow-trip-assembler")) {
            awaitBothServersIn(group);
        }
    }

    @AfterAll
    static void stopTheSecondServer() {
        SecondTestServer.stop();
    }

    @Test
    void theWindowsOfTwoServersEqualTheComputationAlsoWhenOneStandsStillThroughTheReplay() throws Exception {
        ZoneMetricsIT.clearWindows();
        Instant before = Instant.now();
        String file = "streampulse_load_test_10k.csv";
        List<String> lines = Files.readAllLines(ZoneMetricsIT.FILES.resolve(file), StandardCharsets.UTF_8);
        List<StreamPulseFile.Outgoing> events = StreamPulseFile.read(ZoneMetricsIT.FILES.resolve(file), false).events();
        String source = "it-two-servers-" + UUID.randomUUID();
        // the second server stands still while the whole file is sent, longer than the test servers' partition-idle
        // and source-idle (5 s each), shorter than Kafka's session timeout (45 s): it keeps its partitions, and their
        // records wait for it while the first server gets through its own
        SecondTestServer.pause();
        try {
            ZoneMetricsIT.send(events, source);
            ChillflowServer.sleep(15_000);
        } finally {
            SecondTestServer.resume();
        }
        ZoneMetricsIT.assertWindowsMatch(ZoneMetricsIT.expected(lines.subList(1, lines.size())),
                file + " on two servers, one stopped for 15 s");
        assertThat(ZoneMetricsIT.deadLetters(before, 0)).as("nothing late or invalid").isEmpty();
    }

    @Test
    void aMonthReplayedThroughTwoServersEqualsTheBatchAndCountsEveryTripAlsoWithOneStopped() throws Exception {
        StreamAssemblyIT.reset();
        long dlqBefore = StreamAssemblyIT.dlqEnd();
        // the second server stands still through the whole replay: its assembler lanes and its windows' partitions
        // wait for it, and the first server's windows wait for its lanes' marks instead of closing without them
        SecondTestServer.pause();
        try {
            var started = ChillflowServer.postJson("/api/stream/replay", "operator", "{\"input\":\"stream-feb-curated\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            ChillflowServer.sleep(15_000);
            assertThat(StreamAssemblyIT.rows("stream").size()).as("rows written while one server stands still")
                    .isBetween(1, 4_899);
        } finally {
            SecondTestServer.resume();
        }
        assertThat(StreamAssemblyIT.awaitStreamRows(4_900)).isEqualTo(StreamAssemblyIT.batchRows);
        var windows = StreamAssemblyIT.awaitHourWindows(4_900, true);
        assertThat(windows.values().stream().mapToLong(w -> w[0]).sum()).as("completed trips in the 1-hour windows")
                .isEqualTo(4_900);
        assertThat(windows.values()).as("every window final").allMatch(w -> w[1] == 1);
        assertThat(StreamAssemblyIT.deadLettersSince(dlqBefore)).as("dead letters").isEmpty();
    }

    @Test
    void aConsoleSessionSignedInOnOneServerCallsTheOther() throws Exception {
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        var login = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ChillflowServer.baseUrl() + "/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=operator&password=operator")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isIn(302, 303);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("failed");
        // the same browser (its SSO cookie: cookies do not depend on the port) on the other server
        String other = SecondTestServer.baseUrl();
        var session = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(other + "/api/session")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        jakarta.json.JsonObject json = ChillflowServer.object(session);
        assertThat(json.getString("user")).isEqualTo("operator");
        // a change there, with the token that server gives the session (CSRF tokens live in a server's HTTP session)
        var changed = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(other + "/api/schedules/kpi-hourly"))
                .header("Content-Type", "application/json").header("X-CSRF-Token", json.getString("csrfToken"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        // without a sign-in the other server refuses: it is the shared keys that made the session valid there
        var anonymous = ChillflowServer.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(other + "/api/session"))
                .header("X-Requested-With", "test").build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** Waits until the group has members on both servers and each of them holds partitions of zone-events. */
    private static void awaitBothServersIn(String group) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        try (Admin admin = Admin.create(config)) {
            Instant deadline = Instant.now().plusSeconds(120);
            String last = "";
            while (Instant.now().isBefore(deadline)) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(10, TimeUnit.SECONDS).get(group);
                Set<String> withPartitions = description.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty())
                        .map(m -> m.consumerId()).collect(Collectors.toSet());
                last = description.members().size() + " members, " + withPartitions.size() + " with partitions";
                if (withPartitions.size() >= 2) {
                    return;
                }
                ChillflowServer.sleep(1_000);
            }
            throw new AssertionError("the second server did not join " + group + " in 120 s: " + last);
        }
    }
}
