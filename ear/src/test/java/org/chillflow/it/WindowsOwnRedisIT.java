package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.send;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.chillflow.core.stream.window.StreamPulseFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import redis.clients.jedis.Jedis;

/**
 * The zone windows on a Redis of their own ({@code chillflow.windows.redis.*}): a second real redis-server beside the
 * test services, the test server restarted with {@code CHILLFLOW_WINDOWS_REDIS_HOST/PORT} pointing at it. The 10k
 * StreamPulse file's windows, read through the API, equal the independent computation, and every window key is in the
 * windows' Redis and none in the stream's; the server is not ready while the windows' Redis is away, and ready again
 * once it is back. Afterwards the server runs as before, the windows in the stream's Redis.
 */
@MicroShedTest
class WindowsOwnRedisIT {

    /** Free beside the test services (Redis 6380, a cluster from 7001), the dev ones (6379, 6479) and the bench ones (6381, 6481). */
    private static final int PORT = 6388;
    private static final Path PROJECT = Path.of(System.getProperty("chillflow.it.project.dir"));
    private static final Path DATA = PROJECT.resolve("ear/target/windows-redis-it");
    private static final Path SERVER_ENV = Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr/servers",
            System.getProperty("chillflow.it.server.name"), "server.env");
    private static final String MARK = "# WindowsOwnRedisIT\n";

    private static String envBefore;

    @BeforeAll
    static void serverWithTheWindowsOnTheirOwnRedis() throws IOException {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        startRedis();
        try (Jedis windows = windowsRedis()) {
            windows.flushAll();
        }
        envBefore = Files.readString(SERVER_ENV, StandardCharsets.UTF_8);
        Files.writeString(SERVER_ENV, envBefore + "\n" + MARK + "CHILLFLOW_WINDOWS_REDIS_HOST=127.0.0.1\n"
                + "CHILLFLOW_WINDOWS_REDIS_PORT=" + PORT + "\n", StandardCharsets.UTF_8);
        ChillflowServer.restart();
    }

    @AfterAll
    static void serverAsBefore() throws IOException {
        if (envBefore != null) {
            Files.writeString(SERVER_ENV, envBefore, StandardCharsets.UTF_8);
            ChillflowServer.restart();
        }
        try (Jedis windows = windowsRedis()) {
            windows.shutdown();
        } catch (RuntimeException alreadyDown) {
            // a failed test may have left it stopped
        }
    }

    @Test
    void theWindowsAreComputedInTheirOwnRedisAndNoneInTheStreams() throws Exception {
        ZoneMetricsIT.clearWindows();
        Path file = ZoneMetricsIT.FILES.resolve("streampulse_load_test_10k.csv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ZoneMetricsIT.send(StreamPulseFile.read(file, false).events(), "it-own-redis-" + UUID.randomUUID());
        ZoneMetricsIT.assertWindowsMatch(ZoneMetricsIT.expected(lines.subList(1, lines.size())), "10k, own Redis");
        try (Jedis windows = windowsRedis()) {
            assertThat(windows.keys("chillflow:win:{*")).as("window keys in the windows' Redis").isNotEmpty();
            assertThat(windows.keys("chillflow:wm:*")).as("watermarks in the windows' Redis").isNotEmpty();
        }
        assertThat(TestRedis.keys("chillflow:win*")).as("window keys in the stream's Redis").isEmpty();
    }

    @Test
    void theServerIsNotReadyWhileTheWindowsRedisIsAway() throws Exception {
        try (Jedis windows = windowsRedis()) {
            windows.shutdown();
        }
        JsonObject ready = ChillflowServer.object(awaitReadyStatus(503));
        assertThat(ready.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals("redis")).map(c -> c.getString("status")).toList())
                .as("the readiness check named redis").containsExactly("DOWN");
        startRedis();
        ChillflowServer.awaitReady(Duration.ofMinutes(1));
    }

    private static HttpResponse<String> awaitReadyStatus(int status) {
        Instant deadline = Instant.now().plusSeconds(30);
        HttpResponse<String> response = send(ChillflowServer.request("/health/ready", null).GET().build());
        while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(500);
            response = send(ChillflowServer.request("/health/ready", null).GET().build());
        }
        assertThat(response.statusCode()).as("/health/ready with the windows' Redis stopped").isEqualTo(status);
        return response;
    }

    private static Jedis windowsRedis() {
        return new Jedis("127.0.0.1", PORT);
    }

    /** A real redis-server, as the services run it (append-only file, no snapshots), its data under ear/target. */
    private static void startRedis() throws IOException {
        Files.createDirectories(DATA);
        ChillflowServer.run("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", Integer.toString(PORT),
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--dir", DATA.toString(),
                "--pidfile", DATA.resolve("redis.pid").toString(), "--logfile", DATA.resolve("redis.log").toString());
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            try (Jedis windows = windowsRedis()) {
                if ("PONG".equals(windows.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                ChillflowServer.sleep(100);
            }
        }
        throw new AssertionError("redis-server on " + PORT + " did not answer in 10 s; see " + DATA.resolve("redis.log"));
    }
}
