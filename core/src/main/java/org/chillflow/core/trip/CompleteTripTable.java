package org.chillflow.core.trip;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code stg.complete_trip} as both writers fill it — the batch load (COPY into a staging table, then one upsert) and
 * the stream's assembler (a JDBC batch of upserts): its columns in one order, and the one upsert by trip key, so a trip
 * seen by both paths ends as one row and a row changes only when a value does.
 */
public final class CompleteTripTable {

    /** The columns a writer fills, in this order (COPY lines, statement parameters); then source and last_update_ts. */
    public static final List<String> COLUMNS = List.of("trip_key", "vendor_id", "pickup_ts", "dropoff_ts", "pu_zone_id",
            "do_zone_id", "passenger_count", "trip_distance", "rate_code", "store_and_fwd_flag", "payment_type",
            "fare_amount", "extra", "mta_tax", "tip_amount", "tolls_amount", "improvement_surcharge", "total_amount",
            "congestion_surcharge", "airport_fee", "cbd_congestion_fee", "distance_km", "duration_min",
            "avg_speed_kmh", "vehicle_id_h");

    public static final String COLUMN_LIST = String.join(", ", COLUMNS);

    private CompleteTripTable() {
    }

    /** Rows written by one path: {@code batch} or {@code stream}. */
    public static long count(javax.sql.DataSource dataSource, String source) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM stg.complete_trip WHERE source = ?")) {
            query.setString(1, source);
            try (java.sql.ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * The upsert of rows given as {@link #COLUMNS}, then the source ('batch' or 'stream') and the last update time.
     *
     * @param rows a {@code SELECT …} or {@code VALUES (…)} yielding those columns
     */
    public static String upsert(String rows) {
        return "INSERT INTO stg.complete_trip (" + COLUMN_LIST + ", source, last_update_ts) " + rows
                + " ON CONFLICT (trip_key) DO UPDATE SET "
                + COLUMNS.stream().skip(1).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                + ", source = EXCLUDED.source, last_update_ts = EXCLUDED.last_update_ts, updated_at = CURRENT_TIMESTAMP"
                + " WHERE (" + COLUMNS.stream().skip(1).map(c -> "stg.complete_trip." + c).collect(Collectors.joining(", "))
                + ", stg.complete_trip.source) IS DISTINCT FROM ("
                + COLUMNS.stream().skip(1).map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")) + ", EXCLUDED.source)";
    }
}
