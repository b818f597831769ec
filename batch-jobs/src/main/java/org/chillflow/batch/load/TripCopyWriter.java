package org.chillflow.batch.load;

import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.trip.TripKeys;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.PGConnection;

/**
 * Loads a chunk of curated trips into {@code stg.complete_trip}: PostgreSQL COPY into a temporary staging
 * table (unlogged by nature, emptied at commit), then one {@code INSERT ... ON CONFLICT (trip_key) DO
 * UPDATE} that rewrites a row only when a value differs, so loading the same month again leaves the table
 * identical. Trip key and vehicle hash come from the row's raw source position (see TripKeys).
 */
@Named
@Dependent
public class TripCopyWriter extends AbstractItemWriter {

    /** Columns of stg.complete_trip filled from the curated file, in COPY order. */
    static final List<String> COLUMNS = List.of("trip_key", "vendor_id", "pickup_ts", "dropoff_ts", "pu_zone_id",
            "do_zone_id", "passenger_count", "trip_distance", "rate_code", "store_and_fwd_flag", "payment_type",
            "fare_amount", "extra", "mta_tax", "tip_amount", "tolls_amount", "improvement_surcharge", "total_amount",
            "congestion_surcharge", "airport_fee", "cbd_congestion_fee", "distance_km", "duration_min",
            "avg_speed_kmh", "vehicle_id_h");

    private static final String COLUMN_LIST = String.join(", ", COLUMNS);

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS complete_trip_load ON COMMIT DELETE ROWS"
            + " AS SELECT " + COLUMN_LIST + " FROM stg.complete_trip WITH NO DATA";

    private static final String COPY = "COPY complete_trip_load (" + COLUMN_LIST + ") FROM STDIN";

    private static final String UPSERT = "INSERT INTO stg.complete_trip (" + COLUMN_LIST + ", source, last_update_ts)"
            + " SELECT " + COLUMN_LIST + ", 'batch', CURRENT_TIMESTAMP FROM complete_trip_load"
            + " ON CONFLICT (trip_key) DO UPDATE SET "
            + COLUMNS.stream().skip(1).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
            + ", source = EXCLUDED.source, last_update_ts = EXCLUDED.last_update_ts, updated_at = CURRENT_TIMESTAMP"
            + " WHERE (" + COLUMNS.stream().skip(1).map(c -> "stg.complete_trip." + c).collect(Collectors.joining(", "))
            + ", stg.complete_trip.source) IS DISTINCT FROM ("
            + COLUMNS.stream().skip(1).map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")) + ", EXCLUDED.source)";

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Inject
    jakarta.batch.runtime.context.JobContext jobContext;

    @Inject
    org.chillflow.batch.metrics.BatchMetrics metrics;

    private String salt;
    private int fleetSize;

    @Override
    public void open(java.io.Serializable checkpoint) {
        Config config = ConfigProvider.getConfig();
        salt = config.getValue("chillflow.hash.salt", String.class);
        fleetSize = config.getValue("chillflow.hash.fleet-size", Integer.class);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        StringBuilder copy = new StringBuilder(items.size() * 256);
        for (Object item : items) {
            line(copy, (Group) item);
        }
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute(STAGING);
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(copy.toString()));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into the staging table failed: " + e.getMessage(), e);
            }
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate(UPSERT);
            }
        });
        metrics.rows(jobContext.getJobName(), "loaded", "none", items.size());
    }

    /** One COPY text line (tab-separated, \N for null) for a curated row. */
    private void line(StringBuilder out, Group g) {
        int vendor = g.getInteger("vendor_id", 0);
        long sourceRow = g.getLong("source_row", 0);
        LocalDateTime pickup = timestamp(g.getLong("pickup_ts", 0));
        int puZone = g.getInteger("pu_zone_id", 0);
        out.append(TripKeys.tripKey(salt, vendor, pickup, puZone, sourceRow));
        GroupType type = g.getType();
        for (String column : COLUMNS.subList(1, COLUMNS.size() - 1)) {
            out.append('\t');
            if (!type.containsField(column) || g.getFieldRepetitionCount(column) == 0) {
                out.append("\\N");
                continue;
            }
            PrimitiveType field = type.getType(column).asPrimitiveType();
            switch (field.getPrimitiveTypeName()) {
                case INT32 -> out.append(g.getInteger(column, 0));
                case INT64 -> out.append(column.endsWith("_ts") ? text(timestamp(g.getLong(column, 0)))
                        : Long.toString(g.getLong(column, 0)));
                case DOUBLE -> out.append(g.getDouble(column, 0));
                default -> escape(out, g.getString(column, 0));
            }
        }
        out.append('\t').append(TripKeys.vehicleId(salt, vendor, sourceRow, fleetSize)).append('\n');
    }

    private static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    private static String text(LocalDateTime time) {
        return time.toLocalDate() + " " + time.toLocalTime();
    }

    private static void escape(StringBuilder out, String value) {
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
