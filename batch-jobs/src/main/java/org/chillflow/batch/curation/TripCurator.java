package org.chillflow.batch.curation;

import java.time.YearMonth;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.core.trip.DqVerdict;
import org.chillflow.core.trip.TlcRow;

/** Applies the derived fields and data-quality rules to each row; every row goes on to the writer. */
@Named
@Dependent
public class TripCurator implements ItemProcessor {

    /** YYYY-MM; empty = no month check. */
    @Inject
    @BatchProperty
    String month;

    private YearMonth requested;
    private boolean parsedMonth;

    @Override
    public Object processItem(Object item) {
        if (!parsedMonth) {
            requested = month == null || month.isBlank() ? null : YearMonth.parse(month.trim());
            parsedMonth = true;
        }
        TlcRow row = (TlcRow) item;
        return new CurationItem(row, row.parsed() ? DqVerdict.evaluate(row.trip(), requested) : null);
    }
}
