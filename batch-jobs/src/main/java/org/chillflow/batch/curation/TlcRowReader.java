package org.chillflow.batch.curation;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.trip.source.TlcColumns;
import org.chillflow.core.trip.source.TlcParquetReader;
import org.chillflow.core.trip.source.TlcRow;
import org.chillflow.core.trip.source.TlcSource;

/**
 * Reads a TLC month (Parquet or CSV) row by row: in a partition, only the partition's row groups
 * ({@code rowGroupFrom}..{@code rowGroupTo}, from {@link RowGroupPartitionMapper}). The checkpoint is the
 * number of rows the partition consumed, so a restart continues with the first row of the chunk that did
 * not commit.
 */
@Named
@Dependent
public class TlcRowReader extends AbstractItemReader {

    private static final Logger LOG = Logger.getLogger(TlcRowReader.class.getName());

    @Inject
    @BatchProperty
    String input;

    /** Test hook: fail when the row at this 1-based position in the file is read; 0 = never. */
    @Inject
    @BatchProperty
    String failAtRow;

    /** First row group of this partition (inclusive). */
    @Inject
    @BatchProperty
    String rowGroupFrom;

    /** Row group after this partition's last; -1 = to the end of the file (also the CSV case). */
    @Inject
    @BatchProperty
    String rowGroupTo;

    private TlcSource source;
    private long consumed;
    private long failAt;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("job parameter 'input' (the TLC file to curate) is required");
        }
        failAt = org.chillflow.batch.contract.TestHooks.value("failAtRow", failAtRow);
        DataDirectory data = DataDirectory.configured();
        Path path = data.readFile("input", input);
        String shown = data.display(path);
        try {
            source = TlcSource.open(path);
        } catch (TlcColumns.UnmappableColumnsException e) {
            throw new IllegalArgumentException("input: " + shown + ": " + e.getMessage(), e);
        }
        int from = rowGroupFrom == null || rowGroupFrom.isBlank() ? 0 : Integer.parseInt(rowGroupFrom.trim());
        int to = rowGroupTo == null || rowGroupTo.isBlank() ? -1 : Integer.parseInt(rowGroupTo.trim());
        if (source instanceof TlcParquetReader parquet) {
            parquet.rowGroups(from, to < 0 ? parquet.rowGroupCount() : to);
        } else if (from != 0 || to > 0) {
            throw new IllegalArgumentException(shown + ": row-group ranges apply to Parquet files only");
        }
        if (!source.columns().ignored().isEmpty()) {
            LOG.info(() -> shown + ": columns not used " + source.columns().ignored());
        }
        consumed = checkpoint == null ? 0 : (Long) checkpoint;
        source.skip(consumed);
    }

    @Override
    public Object readItem() throws Exception {
        TlcRow row = source.next();
        if (row != null) {
            if (failAt > 0 && row.sourceRow() + 1 == failAt) {
                // not counted as consumed: the restart reads this row again
                throw new IllegalStateException("failAtRow=" + failAt + ": injected failure for restart testing");
            }
            consumed++;
        }
        return row;
    }

    @Override
    public Serializable checkpointInfo() {
        return consumed;
    }

    @Override
    public void close() throws Exception {
        if (source != null) {
            source.close();
        }
    }
}
