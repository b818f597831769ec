package org.chillflow.cli.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

/**
 * A local mirror of the TLC's file server for the integration tests: the bundled February 2025 sample served as
 * {@code /trip-data/yellow_tripdata_2025-02.parquet} on the port the tests configure as
 * {@code chillflow.download.base-url} ({@code it.mirror.port}); any other file is a 404.
 */
public final class TlcMirror implements AutoCloseable {

    public static final int PORT = Integer.getInteger("it.mirror.port", 9187);
    public static final String BASE_URL = "http://127.0.0.1:" + PORT + "/trip-data";
    public static final Path FEB_2025 = Path.of(System.getProperty("chillflow.samples", "../data/nyc"))
            .resolve("lakehouse-learning/yellow_tripdata_sample.parquet");

    private final HttpServer server;

    public TlcMirror() throws IOException {
        Map<String, Path> files = Map.of("/trip-data/yellow_tripdata_2025-02.parquet", FEB_2025);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/", exchange -> {
            Path file = files.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
