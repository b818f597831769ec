package org.chillflow.core.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.TripKeys;
import org.chillflow.core.trip.source.TlcRow;
import org.chillflow.core.trip.source.TlcSource;

/** The real trips of the February 2025 sample that split into events (both times, a vendor and a pickup zone). */
final class SampleTrips {

    private static final Path FEB_2025 = Path.of(System.getProperty("chillflow.samples", "../data/nyc"))
            .resolve("lakehouse-learning/yellow_tripdata_sample.parquet");

    private SampleTrips() {
    }

    static List<RawTrip> splittable() throws Exception {
        List<RawTrip> trips = new ArrayList<>();
        try (TlcSource source = TlcSource.open(FEB_2025)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                RawTrip trip = row.trip();
                if (trip != null && trip.pickup() != null && trip.dropoff() != null && trip.vendorId() != null
                        && trip.puZoneId() != null) {
                    trips.add(trip);
                }
            }
        }
        return trips;
    }

    /** The trip's key as the batch load makes it. */
    static String key(RawTrip trip) {
        return TripKeys.tripKey("salt", trip.vendorId(), trip.pickup(), trip.puZoneId(), trip.sourceRow());
    }
}
