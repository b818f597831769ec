package org.chillflow.batch.load;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.trip.ParquetReadBuffers;
import org.chillflow.core.trip.curated.CuratedTrip;
import org.chillflow.core.trip.curated.CuratedTripReader;


/**
 * Reads the curated parts of a month ({@code part-*.parquet} in file-name order, which is source-row
 * order), in a partition only its run of files. The checkpoint is the number of rows the partition consumed.
 */
@Named
@Dependent
public class CuratedPartReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String input;

    /** Test hook: fail when the curated row at this 1-based position (all parts in order) is about to be read. */
    @Inject
    @BatchProperty
    String failAtRow;

    /** This partition's part files: indexes [partFrom, partTo) in file-name order (all when absent). */
    @Inject
    @BatchProperty
    String partFrom;

    @Inject
    @BatchProperty
    String partTo;

    private Iterator<Path> parts;
    private CuratedTripReader current;
    private long consumed;
    private long failAt;
    private long offset; // curated rows before this partition's first file

    @Override
    public void open(Serializable checkpoint) throws Exception {
        List<Path> files = CuratedParts.list(input);
        int from = partFrom == null || partFrom.isBlank() ? 0 : Integer.parseInt(partFrom.trim());
        int to = partTo == null || partTo.isBlank() ? files.size() : Integer.parseInt(partTo.trim());
        failAt = org.chillflow.batch.contract.TestHooks.value("failAtRow", failAtRow);
        parts = files.subList(from, to).iterator();
        offset = CuratedParts.rows(files.subList(0, from));
        long resumeAfter = checkpoint == null ? 0 : (Long) checkpoint;
        while (consumed < resumeAfter && next() != null) {
            consumed++;
        }
    }

    @Override
    public Object readItem() throws IOException {
        if (failAt > 0 && offset + consumed + 1 == failAt) {
            throw new IllegalStateException("failAtRow=" + failAt + ": injected failure for restart testing");
        }
        CuratedTrip row = next();
        if (row != null) {
            consumed++;
        }
        return row;
    }

    private CuratedTrip next() throws IOException {
        while (true) {
            if (current != null) {
                CuratedTrip trip = current.next();
                if (trip != null) {
                    return trip;
                }
                current.close();
                current = null;
            }
            if (!parts.hasNext()) {
                return null;
            }
            current = CuratedTripReader.open(parts.next(), ParquetReadBuffers.SMALL_BYTES);
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
