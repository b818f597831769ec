package org.chillflow.cli.kpi;

import org.chillflow.core.domain.Units;

/**
 * Trips inserted by hand in a test carry no derived fields; the curation (and the stream) store them with every
 * trip and the KPI aggregation reads them. This statement fills them in for the hand-made rows, with the
 * formulas of docs/GLOSSARY.md written out independently of {@code DerivedFields}.
 */
public final class DerivedFieldsFixture {

    public static final String UPDATE = "UPDATE stg.complete_trip SET distance_km = trip_distance * " + Units.KM_PER_MILE
            + ", duration_min = extract(epoch FROM dropoff_ts - pickup_ts) / 60,"
            + " avg_speed_kmh = CASE WHEN dropoff_ts <> pickup_ts THEN trip_distance * " + Units.KM_PER_MILE
            + " / (extract(epoch FROM dropoff_ts - pickup_ts) / 3600) END"
            + " WHERE distance_km IS NULL AND duration_min IS NULL";

    private DerivedFieldsFixture() {
    }
}
