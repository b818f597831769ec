package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import java.util.function.Supplier;

import org.chillflow.core.reference.InvalidRecordException;

/**
 * One data row of a TLC source file: its 0-based position among the file's rows, its text (for the
 * rejects file) and either the parsed trip or the reason it could not be parsed. The text is produced on
 * demand: only rejected rows need it, and formatting every Parquet row cost a third of curation time.
 */
public final class TlcRow {

    private final long sourceRow;
    private final Supplier<String> text;
    private final RawTrip trip;
    private final InvalidRecordException error;

    public TlcRow(long sourceRow, Supplier<String> text, RawTrip trip, InvalidRecordException error) {
        this.sourceRow = sourceRow;
        this.text = text;
        this.trip = trip;
        this.error = error;
    }

    public TlcRow(long sourceRow, String text, RawTrip trip, InvalidRecordException error) {
        this(sourceRow, () -> text, trip, error);
    }

    public long sourceRow() {
        return sourceRow;
    }

    /** The row as found in the file (CSV line, or name=value pairs for Parquet). */
    public String raw() {
        return text.get();
    }

    public RawTrip trip() {
        return trip;
    }

    public InvalidRecordException error() {
        return error;
    }

    public boolean parsed() {
        return error == null;
    }
}
