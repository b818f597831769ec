package org.chillflow.batch.load;

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

    /** Rows are sent in PostgreSQL's binary COPY format (BinaryCopyRows says why). */
    private static final String BINARY = " WITH (FORMAT binary)";

    /** Straight into the table: each row ends with the source ('batch'); last_update_ts is the column's default. */
    private static final String DIRECT_COPY = "COPY stg.complete_trip (" + COLUMN_LIST + ", source) FROM STDIN" + BINARY;

    private static final String SOURCE = "batch";

    /** Fields of a row: the columns and the source. */
    private static final int FIELDS = COLUMNS.size() + 1;

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS complete_trip_chunk ON COMMIT DELETE ROWS"
            + " AS SELECT " + COLUMN_LIST + ", source FROM stg.complete_trip WITH NO DATA";

    private static final String STAGED_COPY = "COPY complete_trip_chunk (" + COLUMN_LIST + ", source) FROM STDIN" + BINARY;

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
    /** Vehicle hashes by vendor, indexed by row mod fleet size. */
    private final java.util.Map<Integer, String[]> vehicles = new java.util.HashMap<>();
    /** dim.zone's ids when the writer opened (a restart after seed-zones reads them again). */
    private final java.util.BitSet zones = new java.util.BitSet();
    /** A chunk's rows for the table, and for the month's own table: kept from chunk to chunk (BinaryCopyRows.clear). */
    private final BinaryCopyRows copyRows = new BinaryCopyRows();
    private final BinaryCopyRows monthRows = new BinaryCopyRows();
    /** Chunks go straight into the table until one meets a trip already there. */
    private boolean direct = true;
    /** The month's own table while a load fills it, else null. */
    private MonthPartition monthTable;

    @Override
    public void open(java.io.Serializable checkpoint) throws Exception {
        Config config = ConfigProvider.getConfig();
        salt = config.getValue("chillflow.hash.salt", String.class);
        fleetSize = config.getValue("chillflow.hash.fleet-size", Integer.class);
        if (fleetSize <= 0) {
            // checked here, before any chunk: the vehicle hashes are kept in arrays of this size
            throw new IllegalStateException("chillflow.hash.fleet-size must be a positive number, was " + fleetSize);
        }
        java.time.YearMonth month = input == null || input.isBlank() ? null : CuratedParts.month(input);
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT zone_id FROM dim.zone")) {
                while (rows.next()) {
                    int zone = rows.getInt(1);
                    if (zone >= 0) {
                        zones.set(zone);
                    }
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
        BinaryCopyRows copy = copyRows.clear();
        BinaryCopyRows month = monthRows.clear();
        for (Object item : items) {
            CuratedTrip trip = (CuratedTrip) item;
            int pickupZone = trip.trip().puZoneId();
            int dropoffZone = trip.trip().doZoneId();
            if (!isZone(pickupZone)) {
                missing.add(pickupZone);
            }
            if (!isZone(dropoffZone)) {
                missing.add(dropoffZone);
            }
            row(monthTable != null && monthTable.contains(trip.trip().pickup()) ? month : copy, trip);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("zone ids " + missing + " are not in dim.zone: seed the zones"
                    + " (job seed-zones) and restart this execution");
        }
        JdbcTransactions.inTransaction(dataSource, connection -> {
            var copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
            if (month.rows() > 0) {
                try {
                    copyApi.copyIn("COPY " + monthTable.table + " (" + COLUMN_LIST + ", source) FROM STDIN" + BINARY,
                            month.finish());
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into " + monthTable.table + " failed: " + e.getMessage(), e);
                }
            }
            if (copy.rows() == 0) {
                return null;
            }
            if (direct) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SAVEPOINT direct_copy");
                    try {
                        copyApi.copyIn(DIRECT_COPY, copy.finish());
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
                    copyApi.copyIn(STAGED_COPY, copy.finish());
                } catch (java.io.IOException e) {
                    throw new java.sql.SQLException("COPY into the staging table failed: " + e.getMessage(), e);
                }
                return statement.executeUpdate(UPSERT);
            }
        });
        metrics.rows(jobContext.getJobName(), "loaded", "none", items.size());
    }

    private boolean isZone(int zoneId) {
        return zoneId >= 0 && zones.get(zoneId);
    }

    /** One binary COPY row for a curated trip, in {@link #COLUMNS} order, then the source. */
    private void row(BinaryCopyRows out, CuratedTrip curated) {
        RawTrip t = curated.trip();
        DerivedFields d = curated.derived();
        int vendor = t.vendorId();
        long sourceRow = t.sourceRow();
        out.row(FIELDS)
                .text(TripKeys.tripKey(salt, vendor, t.pickup(), t.puZoneId(), sourceRow))
                .int4(vendor)
                .timestamp(t.pickup())
                .timestamp(t.dropoff())
                .int4(t.puZoneId())
                .int4(t.doZoneId())
                .int4(t.passengerCount())
                .float8(t.tripDistance())
                .int4(t.rateCode())
                .text(t.storeAndFwdFlag())
                .int4(t.paymentType())
                .numeric(t.fareAmount())
                .numeric(t.extra())
                .numeric(t.mtaTax())
                .numeric(t.tipAmount())
                .numeric(t.tollsAmount())
                .numeric(t.improvementSurcharge())
                .numeric(t.totalAmount())
                .numeric(t.congestionSurcharge())
                .numeric(t.airportFee())
                .numeric(t.cbdCongestionFee())
                .float8(d.distanceKm())
                .float8(d.durationMin())
                .float8(d.avgSpeedKmh())
                .text(vehicleId(vendor, sourceRow))
                .text(SOURCE);
    }

    /**
     * The vehicle hash depends only on (vendor, row mod fleet size): a few thousand values, hashed once each and kept
     * by vendor in an array (a map keyed by boxed longs was 7 % of a load's samples).
     */
    private String vehicleId(int vendor, long sourceRow) {
        String[] fleet = vehicles.computeIfAbsent(vendor, v -> new String[fleetSize]);
        int index = (int) Math.floorMod(sourceRow, (long) fleetSize);
        String id = fleet[index];
        if (id == null) {
            id = TripKeys.vehicleId(salt, vendor, sourceRow, fleetSize);
            fleet[index] = id;
        }
        return id;
    }
}
