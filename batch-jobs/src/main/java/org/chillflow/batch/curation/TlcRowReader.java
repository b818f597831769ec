package org.chillflow.batch.curation;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.trip.TlcColumns;
import org.chillflow.core.trip.TlcRow;
import org.chillflow.core.trip.TlcSource;

/**
 * Reads a TLC month (Parquet or CSV) row by row. The checkpoint is the number of rows consumed, so a
 * restart continues with the first row of the chunk that did not commit.
 */
@Named
@Dependent
public class TlcRowReader extends AbstractItemReader {

    private static final Logger LOG = Logger.getLogger(TlcRowReader.class.getName());

    @Inject
    @BatchProperty
    String input;

    /** Test hook: fail when this 1-based row is about to be read; 0 = never. */
    @Inject
    @BatchProperty
    String failAtRow;

    @Inject
    StepContext stepContext;

    private TlcSource source;
    private long consumed;
    private long failAt;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("job parameter 'input' (the TLC file to curate) is required");
        }
        failAt = failAtRow == null || failAtRow.isBlank() ? 0 : Long.parseLong(failAtRow.trim());
        Path path = Path.of(input);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(input, null, "input file not found or not a regular file");
        }
        try {
            source = TlcSource.open(path);
        } catch (TlcColumns.UnmappableColumnsException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        if (source instanceof org.chillflow.core.trip.TlcParquetReader parquet) {
            // known before reading (Parquet footer): the API turns it into a percentage
            stepContext.setPersistentUserData(new StepProgress(parquet.rowCount()));
        }
        if (!source.columns().ignored().isEmpty()) {
            LOG.info(() -> path + ": columns not used " + source.columns().ignored());
        }
        consumed = checkpoint == null ? 0 : (Long) checkpoint;
        source.skip(consumed);
    }

    @Override
    public Object readItem() throws Exception {
        if (failAt > 0 && consumed + 1 == failAt) {
            throw new IllegalStateException("failAtRow=" + failAt + ": injected failure for restart testing");
        }
        TlcRow row = source.next();
        if (row != null) {
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
