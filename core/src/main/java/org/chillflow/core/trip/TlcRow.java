package org.chillflow.core.trip;

import org.chillflow.core.reference.InvalidRecordException;

/**
 * One data row of a TLC source file: its 0-based position among the file's rows, its text (kept for the
 * rejects file), and either the parsed trip or the reason it could not be parsed.
 */
public record TlcRow(long sourceRow, String raw, RawTrip trip, InvalidRecordException error) {

    public boolean parsed() {
        return error == null;
    }
}
