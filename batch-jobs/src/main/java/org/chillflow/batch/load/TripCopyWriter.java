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
 * Loads a chunk of curated trips into {@code stg.complete_trip}. While none of a chunk's trips is in the table yet (a
 * month loaded the first time, or the chunks a restart has still to do), PostgreSQL COPY writes the chunk straight
 * into the table. A chunk that meets a trip already there (the same month loaded again, or trips the stream wrote
 * first) is rolled back to a savepoint and goes the other way, as does every later chunk of this writer: COPY into a
 * temporary staging table (emptied at commit), then one {@code INSERT ... ON CONFLICT (trip_key) DO UPDATE} that
 * rewrites a row only when a value differs, so loading the same month again leaves the table identical. Either way the
 * chunk commits with its checkpoint, so a restart loads each trip once. Trip key and vehicle hash come from the row's
 * raw source position (see TripKeys).
 *
 * <p>While the month's own table is being filled ({@link MonthPartitionLoad}: a large month with no trip loaded yet), the
 * chunk's trips of that month are COPYed into it instead: no index to maintain, no conflict possible (the month had no
 * trip), duplicates of a replayed chunk removed when it is published. Trips of other months, which curation without a
 * month can leave, take the path above.
 */
@Named
@Dependent
public class TripCopyWriter extends AbstractItemWriter {

    /** Columns of stg.complete_trip filled from the curated file, in COPY order (the table's own order). */
    static final List<String> COLUMNS = CompleteTripTable.COLUMNS;

    private static final String COLUMN_LIST = CompleteTripTable.COLUMN_LIST;

    /** Straight into the table: each line ends with the source ('batch'); last_update_ts is the column's default. */
    private static final String DIRECT_COPY = "COPY stg.complete_trip (" + COLUMN_LIST + ", source) FROM STDIN";

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS complete_trip_chunk ON COMMIT DELETE ROWS"
            + " AS SELECT " + COLUMN_LIST + ", source FROM stg.complete_trip WITH NO DATA";

    private static final String STAGED_COPY = "COPY complete_trip_chunk (" + COLUMN_LIST + ", source) FROM STDIN";

    private static final String UPSERT = CompleteTripTable.upsert("SELECT " + COLUMN_LIST
            + ", source, CURRENT_TIMESTAMP FROM complete_trip_chunk");

    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Inject
    @jakarta.batch.api.BatchProperty
    String input;

    @Inject
    jakarta.batch.runtime.context.JobContext jobContext;

    @Inject
    org.chillflow.batch.metrics.BatchMetrics metrics;

    private String salt;
    private int fleetSize;
    private final java.util.Map<Long, String> vehicles = new java.util.HashMap<>();
    /** dim.zone's ids when the writer opened (a restart after seed-zones reads them again). */
    private final java.util.Set<Integer> zones = new java.util.HashSet<>();
    /** Chunks go straight into the table until one meets a trip already there. */
    private boolean direct = true;
    /** The month's own table while a load fills it, else null. */
    private MonthPartition monthTable;

    @Override
    public void open(java.io.Serializable checkpoint) throws Exception {
        Config config = ConfigProvider.getConfig();
        salt = config.getValue("chillflow.hash.salt", String.class);
        fleetSize = config.getValue("chillflow.hash.fleet-size", Integer.class);
        java.time.YearMonth month = input == null || input.isBlank() ? null : CuratedParts.month(input);
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT zone_id FROM dim.zone")) {
                while (rows.next()) {
                    zones.add(rows.getInt(1));
                }
            }
            MonthPartition partition = month == null ? null : MonthPartition.of(month);
            if (partition != null && partition.state(connection) == MonthPartition.State.LOADING) {
                monthTable = partition;
            }
            return null;
        });
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        // the table has no foreign keys (V3): this check is the zone integrity, before anything is written
        java.util.SortedSet<Integer> missing = new java.util.TreeSet<>();
        StringBuilder copy = new StringBuilder(monthTable == null ? items.size() * 328 : 0);
        StringBuilder month = new StringBuilder(monthTable == null ? 0 : items.size() * 328);
        for (Object item : items) {
            CuratedTrip trip = (CuratedTrip) item;
            if (!zones.contains(trip.trip().puZoneId())) {
                missing.add(trip.trip().puZoneId());
            }
            if (!zones.contains(trip.trip().doZoneId())) {
                missing.add(trip.trip().doZoneId());
            }
            line(monthTable != null && monthTable.contains(trip.trip().pickup()) ? month : copy, trip);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("zone ids " + missing + " are not in dim.zone: seed the zones"
                    + " (job seed-zones) and restart this execution");
        }
        String lines = copy.toString();
        String monthLines = month.toString();
        JdbcTransactions.inTransaction(dataSource, connection -> {
            var copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
            if (!monthLines.isEmpty()) {
                try {
                    copyApi.copyIn("COPY " + monthTable.table + " (" + COLUMN_LIST + ", source) FROM STDIN",
                            new StringReader(monthLines));
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into " + monthTable.table + " failed: " + e.getMessage(), e);
                }
            }
            if (lines.isEmpty()) {
                return null;
            }
            if (direct) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SAVEPOINT direct_copy");
                    try {
                        copyApi.copyIn(DIRECT_COPY, new StringReader(lines));
                        statement.execute("RELEASE SAVEPOINT direct_copy");
                        return null;
                    } catch (java.sql.SQLException e) {
                        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw e;
                        }
                        statement.execute("ROLLBACK TO SAVEPOINT direct_copy");
                        direct = false;
                    }
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into stg.complete_trip failed: " + e.getMessage(), e);
                }
            }
            try (var statement = connection.createStatement()) {
                statement.execute(STAGING);
                try {
                    copyApi.copyIn(STAGED_COPY, new StringReader(lines));
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into the staging table failed: " + e.getMessage(), e);
                }
                return statement.executeUpdate(UPSERT);
            }
        });
        metrics.rows(jobContext.getJobName(), "loaded", "none", items.size());
    }

    /** One COPY text line (tab-separated, \N for null) for a curated trip, in {@link #COLUMNS} order, then the source. */
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
        out.append('\t').append(vehicleId(vendor, sourceRow)).append("\tbatch\n");
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
