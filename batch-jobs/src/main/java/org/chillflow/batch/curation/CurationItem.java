package org.chillflow.batch.curation;

import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.source.TlcRow;

/** A source row and what curation decided about it (no verdict when the row could not be parsed). */
public record CurationItem(TlcRow row, DqVerdict verdict) {

    public boolean kept() {
        return verdict != null && verdict.kept();
    }
}
