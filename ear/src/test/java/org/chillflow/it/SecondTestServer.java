package org.chillflow.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A second Liberty server beside the test server, as an operator raising {@code replicas} gets one: the same
 * application, configuration and services (database, Redis, Kafka, consumer groups), its own ports
 * ({@value #HTTP_PORT}, {@value #HTTPS_PORT}) and JVM. Prepared from the test server's directory each time.
 */
final class SecondTestServer {

    static final String NAME = "chillflow-test-2";
    static final int HTTP_PORT = 9181;
    static final int HTTPS_PORT = 9544;
    private static final Path WLP = Path.of(System.getProperty("chillflow.it.wlp.dir"));
    private static final Path SERVER = WLP.resolve("usr/servers/" + NAME);

    private SecondTestServer() {
    }

    /** A fresh server directory from the test server's, then a start; returns once /health/ready answers 200. */
    static void start() throws IOException {
        stop();
        ChillflowServer.copyOfTestServer(NAME);
        Path source = WLP.resolve("usr/servers/" + System.getProperty("chillflow.it.server.name"));
        // the test server's environment (a later line wins), with this server's ports and the test server's SSO keys
        // (LTPA_KEYS_FILE, as replicas share one Secret): a console session signed in on one is valid on the other;
        String env = Files.readString(source.resolve("server.env"), StandardCharsets.UTF_8);
        // and the test server's data directory, as replicas share one volume: a job may run on either
        Files.writeString(SERVER.resolve("server.env"), env + "\n# SecondTestServer\nHTTP_PORT=" + HTTP_PORT
                + "\nHTTPS_PORT=" + HTTPS_PORT + "\nLTPA_KEYS_FILE=" + source.resolve("resources/security/ltpa.keys")
                + "\nCHILLFLOW_DATA_DIR=" + source.resolve("data") + "\n");
        ChillflowServer.run(WLP.resolve("bin/server").toString(), "start", NAME);
        awaitReady(Duration.ofMinutes(3));
    }

    static void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (ChillflowServer.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build()).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            ChillflowServer.sleep(1_000);
        }
        throw new AssertionError(NAME + " not ready after " + timeout + "; see " + SERVER.resolve("logs/messages.log"));
    }

    static String baseUrl() {
        return "http://localhost:" + HTTP_PORT;
    }

    /** SIGSTOP: the whole JVM stands still (what a long GC pause or a frozen node does), sockets stay open. */
    static void pause() throws IOException {
        ChillflowServer.run("kill", "-STOP", pid());
    }

    /** SIGCONT after {@link #pause()}. */
    static void resume() throws IOException {
        ChillflowServer.run("kill", "-CONT", pid());
    }

    /** kill -9: the JVM is gone without leaving its consumer groups or its batch executions. */
    static void kill() throws IOException {
        String pid = pid();
        ChillflowServer.run("kill", "-9", pid);
        for (int i = 0; i < 100 && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false); i++) {
            ChillflowServer.sleep(100);
        }
    }

    static void stop() {
        if (Files.exists(SERVER.resolve("server.xml"))) {
            try {
                resume(); // a paused JVM does not stop
            } catch (IOException | IllegalStateException notRunning) {
                // no pid: not running
            }
            try {
                ChillflowServer.run(WLP.resolve("bin/server").toString(), "stop", NAME);
            } catch (IllegalStateException notRunning) {
                // "is not running": nothing to stop
            }
        }
    }

    private static String pid() throws IOException {
        return Files.readString(WLP.resolve("usr/servers/.pid/" + NAME + ".pid")).trim();
    }
}
