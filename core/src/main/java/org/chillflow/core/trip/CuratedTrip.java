package org.chillflow.core.trip;

/** A trip as curation kept it: the source values, the derived fields and the DQ flags ({@code a,b} or null). */
public record CuratedTrip(RawTrip trip, DerivedFields derived, String dqFlags) {
}
