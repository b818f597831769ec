package org.chillflow.batch.zones;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.chillflow.batch.reject.SourceLine;
import org.chillflow.core.reference.InvalidRecordException;
import org.chillflow.core.reference.ZoneLookupCsv;

/** Turns a lookup line into a {@code Zone}; an invalid line raises the skippable InvalidRecordException. */
@Named
@Dependent
public class ZoneLineValidator implements ItemProcessor {

    @Override
    public Object processItem(Object item) throws InvalidRecordException {
        return ZoneLookupCsv.parse(((SourceLine) item).text());
    }
}
