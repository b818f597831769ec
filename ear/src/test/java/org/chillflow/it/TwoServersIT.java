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
        awaitBothServersInEveryGroup();
    }

    @AfterAll
    static void stopTheSecondServer() {
        SecondTestServer.stop();
    }

    @Test
    void theWindowsOfTwoServersEqualTheComputationAlsoWhenOneStandsStillThroughTheReplay() throws Exception {
        // the second server stands still while the whole file is sent, longer than the test servers' partition-idle
        // and source-idle (5 s each), shorter than Kafka's session timeout (45 s): it keeps its partitions, and their
        // records wait for it while the first server gets through its own
        tenThousandEventsWith("one stopped for 15 s", send -> {
            SecondTestServer.pause();
            try {
                send.run();
                ChillflowServer.sleep(15_000);
            } finally {
                SecondTestServer.resume();
            }
        });
    }

    @Test
    void theWindowsOfTwoServersEqualTheComputationAlsoWhenOneIsKilledAndStartedAgain() throws Exception {
        // the second server dies while its partitions' records are being consumed: what it had not committed is
        // consumed again (by the first server once its consumers' sessions expire, or by itself when it is back), and
        // the windows count each trip once — a copy of a trip already counted in a final window is no late event
        tenThousandEventsWith("one killed and started again", send -> {
            send.run();
            SecondTestServer.kill();
            ChillflowServer.sleep(5_000);
            SecondTestServer.start();
            StreamAssemblyIT.drain();
        });
        awaitBothServersInEveryGroup(); // the next test has two servers again
    }

    /** What happens to the servers around the sending of a file ({@code send}). */
    private interface Disturbance {
        void around(Runnable send) throws Exception;
    }

    /**
     * StreamPulse's 10k file sent to zone-events while the servers are disturbed: every window (value and final flag)
     * equals the computation from the CSV text, and nothing is late or invalid.
     */
    private static void tenThousandEventsWith(String disturbance, Disturbance around) throws Exception {
        ZoneMetricsIT.clearWindows();
        Instant before = Instant.now();
        String file = "streampulse_load_test_10k.csv";
        List<String> lines = Files.readAllLines(ZoneMetricsIT.FILES.resolve(file), StandardCharsets.UTF_8);
        List<StreamPulseFile.Outgoing> events = StreamPulseFile.read(ZoneMetricsIT.FILES.resolve(file), false).events();
        around.around(() -> ZoneMetricsIT.send(events, "it-two-servers-" + UUID.randomUUID()));
        ZoneMetricsIT.assertWindowsMatch(ZoneMetricsIT.expected(lines.subList(1, lines.size())),
                file + " on two servers, " + disturbance);
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
        StreamAssemblyIT.assertEveryTripInAFinalWindow(dlqBefore);
    }

    @Test
    void aMonthReplayedThroughTwoServersEqualsTheBatchAlsoWhenOneIsKilledAndStartedAgain() throws Exception {
        StreamAssemblyIT.reset();
        long dlqBefore = StreamAssemblyIT.dlqEnd();
        StreamAssemblyIT.replayMonth(120_000); // paced (the month in about 20 s): the kill falls inside the replay
        Instant deadline = Instant.now().plusSeconds(60);
        while (StreamAssemblyIT.rows("stream").size() < 300 && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(100);
        }
        SecondTestServer.kill(); // its partitions wait until its consumers' sessions expire, then move to server 1
        int atKill = StreamAssemblyIT.rows("stream").size();
        assertThat(atKill).as("trips written before the kill").isBetween(300, 4_899);
        ChillflowServer.sleep(5_000);
        SecondTestServer.start(); // and it comes back, taking partitions again
        assertThat(StreamAssemblyIT.awaitStreamRows(4_900)).isEqualTo(StreamAssemblyIT.batchRows);
        StreamAssemblyIT.assertEveryTripInAFinalWindow(dlqBefore);
        awaitBothServersInEveryGroup(); // the next test has two servers again
    }

    @Test
    void aScheduleFiresOncePerSlotWithTwoServers() throws Exception {
        // it-zones: seed-zones every 3 s; both servers tick every second and race for the same slots
        try {
            var enabled = ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":true}");
            assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
            java.time.LocalDateTime from = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
            ChillflowServer.sleep(36_000);
            java.time.LocalDateTime to = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
            assertThat(ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":false}").statusCode())
                    .isEqualTo(200);
            ChillflowServer.sleep(2_000);
            long slots = java.time.Duration.between(from, to).toSeconds() / 3;
            String window = " FROM batch.jobexecution e JOIN batch.jobinstance i ON i.jobinstanceid = e.fk_jobinstanceid"
                    + " WHERE i.jobname = 'seed-zones' AND e.createtime >= '" + from + "' AND e.createtime < '" + to + "'";
            long executions = TestDatabase.count("SELECT count(*)" + window);
            assertThat(executions).as("seed-zones executions in " + slots + " slots of 3 s (once per slot, whichever server)")
                    .isBetween(slots - 2, slots + 1);
            // (which server wins a slot depends on the phase of their ticks: often always the same one)
        } finally {
            ChillflowServer.putJson("/api/schedules/it-zones", "operator", "{\"enabled\":false}");
        }
    }

    @Test
    void aJobOfAServerKilledMidLoadIsStaleOnTheOtherWhichRestartsItWithExactCounts() throws Exception {
        // on server 2; the servers share the data directory (as replicas share a volume)
        long id = TestLoads.startIngest(SecondTestServer.baseUrl(), "two-servers-2025-05", java.time.YearMonth.of(2025, 5), 100_000,
                13, 500);
        // server 1 sees the execution server 2 runs
        jakarta.json.JsonObject seen = ChillflowServer.object(ChillflowServer.get("/api/jobs/executions/" + id, "viewer"));
        assertThat(seen.getString("jobName")).isEqualTo("ingest-month");
        TestLoads.awaitLoaded(2_000);
        SecondTestServer.kill();
        try {
            // server 1: the execution is STARTED on a server that does not answer, so stale; marked failed; restarted
            String stale = ChillflowServer.get("/api/jobs/stale", "viewer").body();
            assertThat(stale).contains("\"executionId\":" + id);
            var marked = ChillflowServer.postJson("/api/jobs/executions/" + id + "/mark-failed", "operator", "");
            assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
            TestLoads.restartToCompletion(id);
            TestLoads.assertEveryCuratedTripOnce(id);
        } finally {
            SecondTestServer.start();
            awaitBothServersInEveryGroup();
        }
    }

    @Test
    void aJobStartedOnOneServerIsStoppedAndRestartedFromTheOther() throws Exception {
        // on server 2; the servers share the data directory (as replicas share a volume)
        long id = TestLoads.startIngest(SecondTestServer.baseUrl(), "two-servers-2025-07", java.time.YearMonth.of(2025, 7), 300_000,
                19, 500);
        TestLoads.awaitLoaded(2_000);
        // server 1 stops what server 2 runs: Liberty's JobOperator stops only its own server's executions, so server 1
        // records the request and server 2 stops it at its next schedule tick
        var stopped = ChillflowServer.postJson("/api/jobs/executions/" + id + "/stop", "operator", "");
        assertThat(stopped.statusCode()).as("requested of the server that runs it: " + stopped.body()).isEqualTo(202);
        jakarta.json.JsonObject ended = ChillflowServer.awaitJson("/api/jobs/executions/" + id, "viewer",
                java.time.Duration.ofMinutes(2), e -> ChillflowServer.terminal(e.getString("batchStatus")));
        assertThat(ended.getString("batchStatus")).as(ended.toString()).isEqualTo("STOPPED");
        // (the stop lands at a chunk boundary of each partition: how many rows remain depends on timing)
        // and restarts it, on itself
        TestLoads.restartToCompletion(id);
        TestLoads.assertEveryCuratedTripOnce(id);
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

    private static void awaitBothServersInEveryGroup() throws Exception {
        for (String group : List.of(GROUP, "chillflow-zone-windows-trips", "chillflow-trip-assembler")) {
            awaitBothServersIn(group);
        }
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
