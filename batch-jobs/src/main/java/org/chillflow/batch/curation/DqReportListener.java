package org.chillflow.batch.curation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.ops.JobReports;
import org.chillflow.batch.infrastructure.BatchRuntimeName;
import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.trip.quality.DqReport;

/**
 * When curation completes, sums the chunks' counts into the month's DQ report: {@code ops.dq_report}
 * (one row per job instance) and {@code dq-report.json} beside the curated parts; the step's exit status
 * says rows in, out and rejected.
 */
@Named
@Dependent
public class DqReportListener extends AbstractStepListener {

    private static final Logger LOG = Logger.getLogger(DqReportListener.class.getName());

    @Inject
    @BatchProperty
    String input;

    @Inject
    @BatchProperty
    String month;

    @Inject
    @BatchProperty
    String output;

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Override
    public void afterStep() throws Exception {
        if (stepContext.getException() != null) {
            return;
        }
        long instance = jobContext.getInstanceId();
        String runtime = BatchRuntimeName.current();
        long[] rows = new long[2];
        Map<String, Long> counts = new LinkedHashMap<>();
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement sums = connection.prepareStatement(JobReports.SUM_DQ_CHUNKS)) {
                sums.setString(1, runtime);
                sums.setLong(2, instance);
                try (ResultSet result = sums.executeQuery()) {
                    result.next();
                    rows[0] = result.getLong(1);
                    rows[1] = result.getLong(2);
                }
            }
            try (PreparedStatement byCode = connection.prepareStatement(JobReports.SUM_DQ_COUNTS)) {
                byCode.setString(1, runtime);
                byCode.setLong(2, instance);
                try (ResultSet result = byCode.executeQuery()) {
                    while (result.next()) {
                        counts.put(result.getString(1), result.getLong(2));
                    }
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement(JobReports.UPSERT_DQ_REPORT)) {
                upsert.setString(1, runtime);
                upsert.setLong(2, instance);
                upsert.setLong(3, jobContext.getExecutionId());
                upsert.setString(4, input);
                upsert.setString(5, month == null || month.isBlank() ? null : month.trim());
                upsert.setString(6, output);
                upsert.setLong(7, rows[0]);
                upsert.setLong(8, rows[1]);
                upsert.setDouble(9, Math.round(retention(rows) * 100.0) / 100.0);
                upsert.setString(10, DqReport.json(counts));
                return upsert.executeUpdate();
            }
        });
        double retention = retention(rows);
        String json = String.format(Locale.ROOT,
                "{\"input\":\"%s\",\"month\":%s,\"rows_in\":%d,\"rows_out\":%d,\"rejected\":%d,"
                        + "\"retention_rate\":%.2f,\"counts\":%s}%n",
                input.replace("\\", "\\\\").replace("\"", "\\\""),
                month == null || month.isBlank() ? "null" : "\"" + month.trim() + "\"",
                rows[0], rows[1], rows[0] - rows[1], retention, DqReport.json(counts));
        Files.writeString(DataDirectory.configured().writeDirectory("output", output).resolve("dq-report.json"), json, StandardCharsets.UTF_8);
        String exit = String.format(Locale.ROOT, "COMPLETED in=%d out=%d rejected=%d retention=%.2f%%",
                rows[0], rows[1], rows[0] - rows[1], retention);
        stepContext.setExitStatus(exit);
        LOG.info(() -> "curate-month " + input + ": " + exit + " " + counts);
    }

    /** Percent of rows kept, as the original pipeline: out / in x 100, 0 for an empty input. */
    private static double retention(long[] inOut) {
        return inOut[0] == 0 ? 0.0 : inOut[1] * 100.0 / inOut[0];
    }
}
