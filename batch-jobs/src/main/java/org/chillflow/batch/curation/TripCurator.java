package org.chillflow.batch.curation;

import java.time.YearMonth;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.source.TlcRow;

/** Applies the derived fields and data-quality rules to each row; every row goes on to the writer. */
@Named
@Dependent
public class TripCurator implements ItemProcessor {

    /** YYYY-MM; empty = no month check. */
    @Inject
    @BatchProperty
    String month;

    /** Test hook: fail on this 1-based row; 0 = never. */
    @Inject
    @BatchProperty
    String failAtRow;

    private YearMonth requested;
    private long failAt;
    private boolean configured;

    @Override
    public Object processItem(Object item) {
        if (!configured) {
            requested = month == null || month.isBlank() ? null : YearMonth.parse(month.trim());
            failAt = org.chillflow.batch.contract.TestHooks.value("failProcessAtRow", failAtRow);
            configured = true;
        }
        TlcRow row = (TlcRow) item;
        if (failAt > 0 && row.sourceRow() + 1 == failAt) {
            throw new IllegalStateException("failProcessAtRow=" + failAt + ": injected failure for restart testing");
        }
        return CurationItem.of(row, row.parsed() ? DqVerdict.evaluate(row.trip(), requested) : null);
    }
}
