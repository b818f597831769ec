package org.chillflow.batch.curation;

import org.chillflow.core.trip.curated.CuratedTripFiles.Reject;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.source.TlcRow;

/**
 * What curation decided about one source row, as the chunk keeps it until its writer runs: the row's position, the
 * verdict (none when the row could not be parsed) and, for a refused row, its reject with the row's text. A kept row
 * does not hold its {@link TlcRow}: the source values behind the row's lazy text (three arrays per row) stayed alive
 * through a chunk of 25,000 rows, outgrew the survivor space on Liberty's 1 GB heap and were promoted; without them
 * the server's GC pauses over four curates fell from 12 to 13 s to 8.4 to 8.6 s (docs/performance-history.md).
 */
public record CurationItem(long sourceRow, DqVerdict verdict, Reject reject) {

    /** The item for a row as read: kept, refused by a rule, or unparsed. */
    public static CurationItem of(TlcRow row, DqVerdict verdict) {
        if (verdict == null) {
            return new CurationItem(row.sourceRow(), null, Reject.unparsed(row));
        }
        return new CurationItem(row.sourceRow(), verdict, verdict.kept() ? null : Reject.of(row, verdict));
    }

    public boolean kept() {
        return verdict != null && verdict.kept();
    }
}
