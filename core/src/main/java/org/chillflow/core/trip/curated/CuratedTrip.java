package org.chillflow.core.trip.curated;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DerivedFields;
/** A trip as curation kept it: the source values, the derived fields and the DQ flags ({@code a,b} or null). */
public record CuratedTrip(RawTrip trip, DerivedFields derived, String dqFlags) {
}
