package org.chillflow.batch.load;

import java.io.StringReader;
import java.util.List;

import javax.sql.DataSource;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.trip.CompleteTripTable;
import org.chillflow.core.trip.curated.CuratedTrip;
import org.chillflow.core.trip.quality.DerivedFields;
import org.chillflow.core.trip.RawTrip;
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

    /** Columns of stg.complete_trip filled from the curated file, in COPY order (the table's own order). */
    static final List<String> COLUMNS = CompleteTripTable.COLUMNS;

    private static final String COLUMN_LIST = CompleteTripTable.COLUMN_LIST;

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS complete_trip_load ON COMMIT DELETE ROWS"
            + " AS SELECT " + COLUMN_LIST + " FROM stg.complete_trip WITH NO DATA";

    private static final String COPY = "COPY complete_trip_load (" + COLUMN_LIST + ") FROM STDIN";

    /** Zone ids of the staged chunk that dim.zone does not hold. */
    private static final String MISSING_ZONES = "SELECT DISTINCT s.zone FROM (SELECT pu_zone_id AS zone FROM"
            + " complete_trip_load UNION SELECT do_zone_id FROM complete_trip_load) s"
            + " WHERE NOT EXISTS (SELECT 1 FROM dim.zone z WHERE z.zone_id = s.zone) ORDER BY 1";

    private static final String UPSERT = CompleteTripTable.upsert("SELECT " + COLUMN_LIST
            + ", 'batch', CURRENT_TIMESTAMP FROM complete_trip_load");

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Inject
    jakarta.batch.runtime.context.JobContext jobContext;

    @Inject
    org.chillflow.batch.metrics.BatchMetrics metrics;

    private String salt;
    private int fleetSize;
    private final java.util.Map<Long, String> vehicles = new java.util.HashMap<>();

    @Override
    public void open(java.io.Serializable checkpoint) {
        Config config = ConfigProvider.getConfig();
        salt = config.getValue("chillflow.hash.salt", String.class);
        fleetSize = config.getValue("chillflow.hash.fleet-size", Integer.class);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        StringBuilder copy = new StringBuilder(items.size() * 320);
        for (Object item : items) {
            line(copy, (CuratedTrip) item);
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
            try (var statement = connection.createStatement();
                    var missing = statement.executeQuery(MISSING_ZONES)) {
                List<Integer> zones = new java.util.ArrayList<>();
                while (missing.next()) {
                    zones.add(missing.getInt(1));
                }
                if (!zones.isEmpty()) {
                    // the table has no foreign keys (V3): this set-based check is the zone integrity
                    throw new IllegalStateException("zone ids " + zones + " are not in dim.zone: seed the zones"
                            + " (job seed-zones) and restart this execution");
                }
            }
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate(UPSERT);
            }
        });
        metrics.rows(jobContext.getJobName(), "loaded", "none", items.size());
    }

    /** One COPY text line (tab-separated, \N for null) for a curated trip, in {@link #COLUMNS} order. */
    private void line(StringBuilder out, CuratedTrip curated) {
        RawTrip t = curated.trip();
        DerivedFields d = curated.derived();
        int vendor = t.vendorId();
        long sourceRow = t.sourceRow();
        out.append(TripKeys.tripKey(salt, vendor, t.pickup(), t.puZoneId(), sourceRow)).append('\t').append(vendor);
        out.append('\t');
        TripKeys.appendDateTime(out, t.pickup(), ' ');
        out.append('\t');
        TripKeys.appendDateTime(out, t.dropoff(), ' ');
        out.append('\t').append(t.puZoneId()).append('\t').append(t.doZoneId());
        integer(out, t.passengerCount());
        real(out, t.tripDistance());
        integer(out, t.rateCode());
        out.append('\t');
        if (t.storeAndFwdFlag() == null) {
            out.append("\\N");
        } else {
            escape(out, t.storeAndFwdFlag());
        }
        integer(out, t.paymentType());
        amount(out, t.fareAmount());
        amount(out, t.extra());
        amount(out, t.mtaTax());
        amount(out, t.tipAmount());
        amount(out, t.tollsAmount());
        amount(out, t.improvementSurcharge());
        amount(out, t.totalAmount());
        amount(out, t.congestionSurcharge());
        amount(out, t.airportFee());
        amount(out, t.cbdCongestionFee());
        real(out, d.distanceKm());
        real(out, d.durationMin());
        real(out, d.avgSpeedKmh());
        out.append('\t').append(vehicleId(vendor, sourceRow)).append('\n');
    }

    /** The vehicle hash depends only on (vendor, row mod fleet size): a few thousand values, hashed once each. */
    private String vehicleId(int vendor, long sourceRow) {
        long key = ((long) vendor << 32) | Math.floorMod(sourceRow, (long) fleetSize);
        return vehicles.computeIfAbsent(key, k -> TripKeys.vehicleId(salt, vendor, sourceRow, fleetSize));
    }

    private static void integer(StringBuilder out, Integer value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.intValue());
        }
    }

    /** A double precision column: Java's shortest round-trip text, so a reload compares equal. */
    private static void real(StringBuilder out, Double value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.doubleValue());
        }
    }

    /**
     * A numeric(10,2) column. TLC amounts are cents: those are written as cents without Double.toString
     * (the slowest step of a line); any other value keeps the exact text, and PostgreSQL rounds it.
     */
    static void amount(StringBuilder out, Double value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
            return;
        }
        double v = value;
        double scaled = v * 100.0;
        long cents = Math.round(scaled);
        if (Math.abs(cents) < 1_000_000_000_000L && cents / 100.0 == v) {
            if (cents < 0) {
                out.append('-');
                cents = -cents;
            }
            out.append(cents / 100).append('.');
            long fraction = cents % 100;
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        } else {
            out.append(v);
        }
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
