package org.chillflow.core.trip.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.chillflow.core.trip.ParquetFooters;
import org.chillflow.core.trip.download.TlcMonthDownload.DownloadException;
import org.chillflow.core.trip.download.TlcMonthDownload.TripType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The downloader against a real HTTP server on loopback (the JDK's), serving the bundled February 2025 sample as
 * the TLC names it, with the failures a download meets: a dropped connection, a truncated file, 404, 403, an
 * HTML page instead of Parquet, a server that ignores ranges.
 */
class TlcMonthDownloadTest {

    private static final Path SAMPLE = Path.of(System.getProperty("chillflow.samples", "../data/nyc"))
            .resolve("lakehouse-learning/yellow_tripdata_sample.parquet");
    private static final YearMonth FEB = YearMonth.of(2025, 2);

    @TempDir
    Path inbox;

    private MirrorServer server;
    private byte[] file;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Bytes of the body after which the next answer drops the connection; -1 = never. */
    private volatile int dropAfter = -1;
    private volatile boolean honourRanges = true;

    @BeforeEach
    void serve() throws IOException {
        file = Files.readAllBytes(SAMPLE);
        server = new MirrorServer(this::answer);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void downloadsVerifiesAndRenamesAndKeepsAPresentFile() throws Exception {
        TlcMonthDownload.Result result = fetch(FEB);
        Path target = inbox.resolve("yellow_tripdata_2025-02.parquet");
        assertThat(result.file()).isEqualTo(target);
        assertThat(Files.readAllBytes(target)).isEqualTo(file);
        assertThat(result.rows()).isEqualTo(ParquetFooters.rowCount(SAMPLE)).isEqualTo(5_000);
        assertThat(result.present()).isFalse();
        assertThat(inbox.resolve("yellow_tripdata_2025-02.parquet.part")).doesNotExist();

        TlcMonthDownload.Result again = fetch(FEB);
        assertThat(again.present()).isTrue();
        assertThat(ranges).hasSize(1); // verified on disk, not fetched again
    }

    @Test
    void aDroppedConnectionKeepsThePartAndTheNextRunResumesWithARange() throws Exception {
        dropAfter = 70_000;
        assertThatThrownBy(() -> fetch(FEB)).isInstanceOf(DownloadException.class)
                .hasMessageContaining("70000 bytes kept in yellow_tripdata_2025-02.parquet.part: run again to resume");
        assertThat(inbox.resolve("yellow_tripdata_2025-02.parquet")).doesNotExist();
        assertThat(Files.size(inbox.resolve("yellow_tripdata_2025-02.parquet.part"))).isEqualTo(70_000);

        dropAfter = -1;
        TlcMonthDownload.Result result = fetch(FEB);
        assertThat(result.resumedAt()).isEqualTo(70_000);
        assertThat(ranges).containsExactly("", "bytes=70000-");
        assertThat(Files.readAllBytes(result.file())).isEqualTo(file);
    }

    @Test
    void aServerThatIgnoresRangesSendsTheWholeFileAndThePartStartsOver() throws Exception {
        dropAfter = 50_000;
        assertThatThrownBy(() -> fetch(FEB)).isInstanceOf(DownloadException.class);
        dropAfter = -1;
        honourRanges = false;
        TlcMonthDownload.Result result = fetch(FEB);
        assertThat(result.resumedAt()).isZero();
        assertThat(Files.readAllBytes(result.file())).isEqualTo(file);
    }

    @Test
    void missingAndRefusedMonthsNameTheStatusAndLeaveNothing() {
        assertThatThrownBy(() -> fetch(YearMonth.of(2031, 1))).isInstanceOf(DownloadException.class)
                .hasMessageContaining("/trip-data/yellow_tripdata_2031-01.parquet: no such file (HTTP 404)");
        assertThatThrownBy(() -> fetch(YearMonth.of(2025, 3))).isInstanceOf(DownloadException.class)
                .hasMessageContaining("refused (HTTP 403)");
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void bytesThatAreNotParquetNeverGetTheFinalName() {
        assertThatThrownBy(() -> fetch(YearMonth.of(2025, 4))).isInstanceOf(DownloadException.class)
                .hasMessage("yellow_tripdata_2025-04.parquet: the downloaded bytes are not a Parquet file"
                        + " (no readable footer; a mirror's error page?), removed")
                .message().doesNotContain("maintenance");
        assertThatThrownBy(() -> fetch(YearMonth.of(2025, 5))).isInstanceOf(DownloadException.class)
                .hasMessageContaining("not a Parquet file");
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void aStoppedDownloadKeepsItsPart() throws Exception {
        AtomicBoolean stop = new AtomicBoolean(true);
        URI url = TlcMonthDownload.url(base(), TripType.YELLOW, FEB);
        Path target = inbox.resolve(TlcMonthDownload.fileName(TripType.YELLOW, FEB));
        assertThatThrownBy(() -> new TlcMonthDownload(Duration.ofSeconds(10)).fetch(url, target, (b, t) -> { },
                stop::get)).isInstanceOf(DownloadException.class).hasMessageStartingWith("stopped after ");
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling(target.getFileName() + ".part")).exists();
    }

    @Test
    void urlsAndTypes() {
        assertThat(TlcMonthDownload.url("https://mirror.example/tlc/", TripType.GREEN, FEB))
                .hasToString("https://mirror.example/tlc/green_tripdata_2025-02.parquet");
        assertThat(TlcMonthDownload.url(null, TripType.YELLOW, FEB))
                .hasToString(TlcMonthDownload.DEFAULT_BASE_URL + "/yellow_tripdata_2025-02.parquet");
        assertThat(TlcMonthDownload.shown(URI.create("https://user:secret@mirror.example:8443/t/f.parquet")))
                .isEqualTo("https://mirror.example:8443/t/f.parquet");
        assertThatThrownBy(() -> TlcMonthDownload.url("file:///etc", TripType.YELLOW, FEB))
                .hasMessage("chillflow.download.base-url must be an http or https URL");
        assertThat(TripType.parse(" FHVHV")).isEqualTo(TripType.FHVHV);
        assertThat(TripType.parse(null)).isEqualTo(TripType.YELLOW);
        assertThatThrownBy(() -> TripType.parse("blue")).hasMessage("type must be one of yellow, green, fhv, fhvhv");
    }

    private TlcMonthDownload.Result fetch(YearMonth month) throws Exception {
        URI url = TlcMonthDownload.url(base(), TripType.YELLOW, month);
        return new TlcMonthDownload(Duration.ofSeconds(10)).fetch(url,
                inbox.resolve(TlcMonthDownload.fileName(TripType.YELLOW, month)), (bytes, total) -> { }, () -> false);
    }

    private String base() {
        return "http://127.0.0.1:" + server.port() + "/trip-data";
    }

    /** The mirror's answers by path, with Range support and the injected faults. */
    private void answer(String path, String range, OutputStream out) throws IOException {
        switch (path) {
            case "/trip-data/yellow_tripdata_2025-02.parquet" -> {
                ranges.add(range == null ? "" : range);
                int from = range != null && honourRanges ? Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1")) : 0;
                String head = from > 0 ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + from + "-"
                        + (file.length - 1) + "/" + file.length + "\r\n" : "HTTP/1.1 200 OK\r\n";
                out.write((head + "Content-Length: " + (file.length - from) + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                int end = dropAfter >= 0 ? Math.min(file.length, from + dropAfter) : file.length;
                out.write(file, from, end - from); // then the socket closes: short of Content-Length when dropping
            }
            case "/trip-data/yellow_tripdata_2025-03.parquet" -> MirrorServer.status(out, 403, new byte[0]);
            case "/trip-data/yellow_tripdata_2025-04.parquet" -> MirrorServer.status(out, 200,
                    "<html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8));
            // a truncated copy on the mirror: complete as HTTP goes, no Parquet footer
            case "/trip-data/yellow_tripdata_2025-05.parquet" -> MirrorServer.status(out, 200,
                    Arrays.copyOf(file, file.length / 2));
            default -> MirrorServer.status(out, 404, new byte[0]);
        }
    }

    /**
     * A minimal HTTP/1.1 server on loopback, one connection per request, closed after the answer: what a test needs
     * to drop a connection in the middle of a body (the JDK's HttpServer keeps it open).
     */
    static final class MirrorServer implements AutoCloseable {

        interface Handler {
            void answer(String path, String range, OutputStream out) throws IOException;
        }

        private final ServerSocket socket;
        private final Thread acceptor;

        MirrorServer(Handler handler) throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                StandardCharsets.US_ASCII));
                        String path = in.readLine().split(" ")[1];
                        String range = null;
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.regionMatches(true, 0, "Range:", 0, 6)) {
                                range = line.substring(6).trim();
                            }
                        }
                        OutputStream out = client.getOutputStream();
                        handler.answer(path, range, out);
                        out.flush();
                    } catch (IOException | RuntimeException e) {
                        // closed, or a client that went away: the next connection is served
                    }
                }
            }, "mirror-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        static void status(OutputStream out, int status, byte[] body) throws IOException {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
