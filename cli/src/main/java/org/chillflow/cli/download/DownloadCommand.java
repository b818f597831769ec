package org.chillflow.cli.download;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chillflow.core.trip.download.TlcMonthDownload;
import org.chillflow.core.trip.download.TlcMonthDownload.DownloadException;
import org.chillflow.core.trip.download.TlcMonthDownload.TripType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chillflow download month --month 2025-02}: the original pipeline's ingestion stage. The file lands in the
 * data directory's {@code inbox}, where {@code make pipeline} and the server's inbox schedule pick it up.
 */
@Command(mixinStandardHelpOptions = true, name = "download", description = "Fetch TLC trip-record files",
        subcommands = DownloadCommand.Month.class)
public class DownloadCommand {

    @Command(mixinStandardHelpOptions = true, name = "month", description = "Fetch one month's TLC trip records into"
            + " <data dir>/inbox (resumable; verified: length and Parquet footer; never a half file under the final name)."
            + " Base URL: chillflow.download.base-url / CHILLFLOW_DOWNLOAD_BASE_URL.")
    public static class Month implements Callable<Integer> {

        @Option(names = "--month", required = true, description = "YYYY-MM")
        YearMonth month;

        @Option(names = "--type", defaultValue = "yellow", description = "yellow (default), green, fhv or fhvhv;"
                + " ChillFlow curates yellow")
        String type;

        @Option(names = "--to", paramLabel = "DIR", description = "target directory (default: <data dir>/inbox)")
        Path to;

        @Override
        public Integer call() throws Exception {
            Config config = ConfigProvider.getConfig();
            TripType tripType = TripType.parse(type);
            TlcMonthDownload download = TlcMonthDownload.configured(config);
            java.net.URI url = download.url(tripType, month);
            Path directory = to != null ? to
                    : Path.of(config.getValue("chillflow.data.dir", String.class)).resolve("inbox");
            Path target = directory.resolve(TlcMonthDownload.fileName(tripType, month));
            PrintStream err = System.err;
            err.println("downloading " + TlcMonthDownload.shown(url) + " -> " + target);
            ProgressBar bar = new ProgressBar(err, System.console() != null);
            try {
                TlcMonthDownload.Result result = download.fetch(url, target, bar::update, () -> false);
                bar.done();
                System.out.printf(Locale.ROOT, "%s: %s, %,d bytes, %,d rows%s%n", result.file(),
                        result.present() ? "already present (verified)" : "downloaded", result.bytes(), result.rows(),
                        result.resumedAt() > 0 ? String.format(Locale.ROOT, " (resumed at %,d bytes)", result.resumedAt()) : "");
                return 0;
            } catch (DownloadException e) {
                bar.done();
                err.println("chillflow: " + e.getMessage());
                return 1;
            }
        }
    }

    /** A one-line bar on a terminal (redrawn with \r); a line every 10 % elsewhere (logs, CI). */
    static final class ProgressBar {
        private final PrintStream out;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private int lastDecile = -1;
        private boolean drawn;

        ProgressBar(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void update(long bytes, long total) {
            double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
            String rate = String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
            if (total <= 0) {
                if (terminal) {
                    out.printf(Locale.ROOT, "\r%,.1f MB  %s", bytes / 1e6, rate);
                    drawn = true;
                }
                return;
            }
            int percent = (int) Math.min(100, bytes * 100 / total);
            if (terminal) {
                int filled = percent * 30 / 100;
                out.printf(Locale.ROOT, "\r[%s%s] %3d %%  %,.1f of %,.1f MB  %s", "#".repeat(filled),
                        " ".repeat(30 - filled), percent, bytes / 1e6, total / 1e6, rate);
                drawn = true;
            } else if (percent / 10 > lastDecile) {
                lastDecile = percent / 10;
                out.printf(Locale.ROOT, "%3d %%  %,.1f of %,.1f MB  %s%n", percent, bytes / 1e6, total / 1e6, rate);
            }
        }

        void done() {
            if (drawn) {
                out.println();
                drawn = false;
            }
        }
    }
}
