package org.chillflow.core.trip.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chillflow.core.trip.ParquetFooters;

/**
 * Fetches one month of TLC trip records, {@code <type>_tripdata_YYYY-MM.parquet}, from the TLC's public file
 * server or any mirror with the same layout (the base URL is configuration: {@code chillflow.download.base-url}).
 * <ul>
 * <li>never a half file under the final name: bytes go to {@code <name>.part}, which is verified (the length the
 * server announced, then the Parquet footer) and only then renamed;</li>
 * <li>resumable: a {@code .part} left by a dropped connection is continued with an HTTP range request (a server
 * that ignores ranges sends the whole file again, and the part is started over);</li>
 * <li>errors name their cause: the HTTP status (404/403: no such month there), the network failure and how many
 * bytes were kept, a body that is not Parquet. The server's text is never echoed.</li>
 * </ul>
 */
public final class TlcMonthDownload {

    /** The TLC's public trip-record files (the CloudFront address its download page links to). */
    public static final String DEFAULT_BASE_URL = "https://d37ci6vzurychx.cloudfront.net/trip-data";

    /** Trip-record families the TLC publishes; ChillFlow curates the yellow ones. */
    public enum TripType {
        YELLOW, GREEN, FHV, FHVHV;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static TripType parse(String value) {
            String v = value == null || value.isBlank() ? "yellow" : value.trim().toLowerCase(Locale.ROOT);
            for (TripType type : values()) {
                if (type.wire().equals(v)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("type must be one of yellow, green, fhv, fhvhv");
        }
    }

    /** Bytes so far and the total (-1 while unknown); called about every megabyte. */
    public interface Progress {
        void update(long bytes, long total);
    }

    /**
     * @param resumedAt bytes already in the {@code .part} file when this download began (0 = from the start)
     * @param present   true when the file was already there and verified: nothing was fetched
     */
    public record Result(Path file, long bytes, long rows, long resumedAt, boolean present) {
    }

    /** A download that did not give a verified file; the message says why, and what was kept. */
    public static final class DownloadException extends IOException {
        private static final long serialVersionUID = 1L;

        public DownloadException(String message) {
            super(message);
        }

        public DownloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Duration timeout;
    private final String baseUrl;

    /**
     * The downloader as configuration sets it up: {@code chillflow.download.base-url} and
     * {@code chillflow.download.timeout} (what the command line and the download-month job both use).
     */
    public static TlcMonthDownload configured(org.eclipse.microprofile.config.Config config) {
        return new TlcMonthDownload(config.getOptionalValue("chillflow.download.base-url", String.class).orElse(null),
                config.getOptionalValue("chillflow.download.timeout", Duration.class).orElse(Duration.ofSeconds(30)));
    }

    /** The URL of a month's file on the configured server. */
    public URI url(TripType type, YearMonth month) {
        return url(baseUrl, type, month);
    }

    /**
     * @param timeout how long the server may keep silent: to connect, and between two reads of the body (a
     *                stalled transfer fails and keeps its part, rather than hanging)
     */
    public TlcMonthDownload(Duration timeout) {
        this(null, timeout);
    }

    /** @param baseUrl the file server or mirror; null or blank = {@link #DEFAULT_BASE_URL} */
    public TlcMonthDownload(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    public static String fileName(TripType type, YearMonth month) {
        return type.wire() + "_tripdata_" + month + ".parquet";
    }

    /** The base URL with the file appended; the base must be http(s). */
    public static URI url(String baseUrl, TripType type, YearMonth month) {
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
        URI uri = URI.create(base.endsWith("/") ? base + fileName(type, month) : base + "/" + fileName(type, month));
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("chillflow.download.base-url must be an http or https URL");
        }
        return uri;
    }

    /** The URL as shown in messages: without user information (a mirror's credentials stay out of logs). */
    public static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    /**
     * Downloads {@code url} to {@code target} (through {@code target.part}). A target already present is verified
     * and kept.
     *
     * @param stopped polled between blocks: true stops the download, keeping the part for a later resume
     */
    public Result fetch(URI url, Path target, Progress progress, BooleanSupplier stopped) throws IOException {
        if (Files.isRegularFile(target)) {
            return new Result(target, Files.size(target), verify(target, target), 0, true);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpURLConnection connection;
        int status;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(true);
            if (offset > 0) {
                connection.setRequestProperty("Range", "bytes=" + offset + "-");
            }
            status = connection.getResponseCode();
        } catch (IOException e) {
            throw new DownloadException(shown(url) + ": " + network(e) + keptNote(part, offset), e);
        }
        long total;
        long resumedAt = offset;
        try {
            String contentRange = connection.getHeaderField("Content-Range");
            if (status == 416 && offset > 0) {
                // the part already holds every byte (a crash between the last byte and the rename)
                total = rangeTotal(contentRange).orElse(offset);
            } else {
                if (status == 200) {
                    resumedAt = 0; // a full answer: the server ignored the range, or there was none
                } else if (status == 206) {
                    Matcher range = CONTENT_RANGE.matcher(contentRange == null ? "" : contentRange);
                    if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
                        throw new DownloadException(shown(url) + ": the server answered a range that does not continue"
                                + " the " + offset + " bytes kept; delete " + part.getFileName() + " to start over");
                    }
                } else {
                    throw new DownloadException(statusMessage(url, status));
                }
                long length = connection.getContentLengthLong();
                total = status == 206 ? rangeTotal(contentRange).orElse(length < 0 ? -1 : offset + length) : length;
                try (InputStream body = connection.getInputStream()) {
                    copy(body, part, resumedAt, total, progress, stopped, url);
                }
            }
        } finally {
            connection.disconnect();
        }
        long size = Files.size(part);
        if (total >= 0 && size != total) {
            throw new DownloadException(shown(url) + ": the connection ended after " + size + " of " + total
                    + " bytes" + keptNote(part, size));
        }
        long rows = verify(part, target);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return new Result(target, size, rows, resumedAt, false);
    }

    private static void copy(InputStream body, Path part, long from, long total, Progress progress,
            BooleanSupplier stopped, URI url) throws IOException {
        long done = from;
        long reported = -1;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                from == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (true) {
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    out.flush();
                    throw new DownloadException(shown(url) + ": " + network(e) + " after " + done
                            + (total >= 0 ? " of " + total : "") + " bytes" + keptNote(part, done), e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                done += n;
                if (done - reported >= 1 << 20) {
                    progress.update(done, total);
                    reported = done;
                }
                if (stopped.getAsBoolean()) {
                    out.flush();
                    throw new DownloadException("stopped after " + done + " bytes" + keptNote(part, done));
                }
            }
        }
        progress.update(done, total);
    }

    /** Reads the footer of {@code file}; a file that is not Parquet is deleted (it would only be resumed again). */
    private static long verify(Path file, Path target) throws DownloadException {
        try {
            return ParquetFooters.rowCount(file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the message below says what happened; the file's removal is the operator's then
            }
            throw new DownloadException(target.getFileName() + ": the downloaded bytes are not a Parquet file"
                    + " (no readable footer; a mirror's error page?), removed", e);
        }
    }

    private static OptionalLong rangeTotal(String contentRange) {
        String header = contentRange == null ? "" : contentRange;
        Matcher full = CONTENT_RANGE.matcher(header);
        if (full.matches() && !"*".equals(full.group(3))) {
            return OptionalLong.of(Long.parseLong(full.group(3)));
        }
        Matcher unsatisfied = Pattern.compile("bytes \\*/(\\d+)").matcher(header);
        return unsatisfied.matches() ? OptionalLong.of(Long.parseLong(unsatisfied.group(1))) : OptionalLong.empty();
    }

    static String statusMessage(URI url, int status) {
        return switch (status) {
            case 404 -> shown(url) + ": no such file (HTTP 404); the TLC publishes a month about two months after"
                    + " it ends: check the month and chillflow.download.base-url";
            case 403 -> shown(url) + ": refused (HTTP 403); the TLC's file server answers 403 for a file it does"
                    + " not have, a mirror for missing rights: check the month and chillflow.download.base-url";
            default -> shown(url) + ": the server answered HTTP " + status;
        };
    }

    private static String network(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e instanceof java.net.SocketTimeoutException ? "no answer in time (" + kind + ")"
                : e instanceof java.net.ConnectException ? "cannot connect (" + kind + ")"
                : "network failure (" + kind + ")";
    }

    private static String keptNote(Path part, long bytes) {
        return bytes > 0 ? "; " + bytes + " bytes kept in " + part.getFileName() + ": run again to resume" : "";
    }
}
