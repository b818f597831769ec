package org.chillflow.batch.curation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.batch.infrastructure.BatchRuntimeName;
import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.batch.metrics.BatchMetrics;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.trip.curated.CuratedTripFiles;
import org.chillflow.core.trip.curated.CuratedTripFiles.Reject;
import org.chillflow.core.trip.quality.DqAction;
import org.chillflow.core.trip.quality.DqReport;
import org.chillflow.core.trip.quality.DqVerdict;

/**
 * Writes one chunk: kept trips to {@code part-<firstRow>.parquet}, rejected rows to
 * {@code rejects-<firstRow>.csv}, and the chunk's counts to {@code ops.dq_chunk} (upsert by first row).
 * A chunk redone after a failure overwrites its own files and counts, so a restart never duplicates.
 */
@Named
@Dependent
public class CuratedPartWriter extends AbstractItemWriter {

    private static final String UPSERT_CHUNK = org.chillflow.core.ops.JobReports.UPSERT_DQ_CHUNK;

    @Inject
    @BatchProperty
    String output;

    /** Test hook: fail the chunk holding this 1-based row after its files are written; 0 = never. */
    @Inject
    @BatchProperty
    String failAtRow;

    @Inject
    JobContext jobContext;

    @Inject
    BatchMetrics metrics;

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    /** The output directory, resolved (and created) inside the data directory on the first chunk. */
    private Path dir;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        if (dir == null) {
            dir = DataDirectory.configured().writeDirectory("output", output);
        }
        long firstRow = ((CurationItem) items.get(0)).sourceRow();
        List<DqVerdict> kept = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        DqReport report = new DqReport();
        for (Object item : items) {
            CurationItem curation = (CurationItem) item;
            if (curation.verdict() == null) {
                rejects.add(curation.reject());
                report.addUnparsed(curation.reject().rule());
            } else {
                report.add(curation.verdict());
                if (curation.kept()) {
                    kept.add(curation.verdict());
                } else {
                    rejects.add(curation.reject());
                }
            }
        }
        Path curated = CuratedTripFiles.curatedPart(dir, firstRow);
        if (kept.isEmpty()) {
            Files.deleteIfExists(curated);
        } else {
            CuratedTripFiles.writeCurated(curated, kept);
        }
        Path rejected = CuratedTripFiles.rejectsPart(dir, firstRow);
        if (rejects.isEmpty()) {
            Files.deleteIfExists(rejected);
        } else {
            CuratedTripFiles.writeRejects(rejected, rejects);
        }
        long failAt = org.chillflow.batch.contract.TestHooks.value("failWriteAtRow", failAtRow);
        long lastRow = ((CurationItem) items.get(items.size() - 1)).sourceRow();
        if (failAt > 0 && failAt - 1 >= firstRow && failAt - 1 <= lastRow) {
            // after the files: the redo must replace them, not add to them
            throw new IllegalStateException("failWriteAtRow=" + failAt + ": injected failure for restart testing");
        }
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_CHUNK)) {
                upsert.setString(1, BatchRuntimeName.current());
                upsert.setLong(2, jobContext.getInstanceId());
                upsert.setLong(3, firstRow);
                upsert.setLong(4, report.rowsIn());
                upsert.setLong(5, report.rowsOut());
                upsert.setString(6, DqReport.json(report.nonZeroCounts()));
                return upsert.executeUpdate();
            }
        });
        String job = jobContext.getJobName();
        metrics.rows(job, "curated", "none", report.rowsOut());
        metrics.rows(job, "rejected", report.countsFor(DqAction.REJECT));
        metrics.rows(job, "rejected", report.unparsedCounts());
        metrics.rows(job, "flagged", report.countsFor(DqAction.FLAG));
    }
}
