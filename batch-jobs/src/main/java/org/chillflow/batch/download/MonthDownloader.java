package org.chillflow.batch.download;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;
import java.util.logging.Logger;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.config.ParameterValues;
import org.chillflow.core.trip.download.TlcMonthDownload;
import org.chillflow.core.trip.download.TlcMonthDownload.TripType;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The download-month job's step: fetches a TLC month into {@code <data dir>/inbox} (confined like every job path).
 * Stop keeps the {@code .part} file; a restart resumes it. The exit status names the file relative to the data
 * directory, its size and its rows.
 */
@Named
@Dependent
public class MonthDownloader extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(MonthDownloader.class.getName());

    @Inject
    @BatchProperty
    String month;

    @Inject
    @BatchProperty
    String type;

    private volatile boolean stopped;

    @Override
    public String process() throws Exception {
        YearMonth yearMonth = ParameterValues.month("month", month, true);
        TripType tripType = TripType.parse(type);
        TlcMonthDownload download = TlcMonthDownload.configured(ConfigProvider.getConfig());
        java.net.URI url = download.url(tripType, yearMonth);
        DataDirectory data = DataDirectory.configured();
        Path inbox = data.writeDirectory("inbox", data.root().resolve("inbox").toString());
        Path target = data.writable("output", inbox.resolve(TlcMonthDownload.fileName(tripType, yearMonth)).toString());
        LOG.info(() -> "download-month: " + TlcMonthDownload.shown(url) + " -> " + data.display(target));
        TlcMonthDownload.Result result = download.fetch(url, target, (bytes, total) -> {
        }, () -> stopped);
        String exit = String.format(Locale.ROOT, "COMPLETED file=%s bytes=%d rows=%d%s", data.display(result.file()),
                result.bytes(), result.rows(), result.present() ? " (already present)" : "");
        LOG.info(() -> "download-month: " + exit);
        return exit;
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
