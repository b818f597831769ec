package org.chillflow.batch.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.logging.Logger;

import org.chillflow.core.trip.CompleteTripTable;

/**
 * One month's partition of {@code stg.complete_trip} (V9: partitioned by pickup month, everything else in the default
 * partition), and the table a large first load of the month fills before it becomes that partition.
 *
 * <p>A month has three states, read from the catalog so that a restart, another runtime or another server sees the same:
 * {@link State#ABSENT} (its trips, if any, are in the default partition), {@link State#LOADING} (a table
 * {@code stg.complete_trip_YYYY_MM} without indexes that is not a partition yet: load chunks COPY into it) and
 * {@link State#ATTACHED}. {@link #prepare} and {@link #publish} take the month's advisory lock, so two loads of one
 * month cannot both create or attach it.
 */
final class MonthPartition {

    private static final Logger LOG = Logger.getLogger(MonthPartition.class.getName());

    /** PostgreSQL's unique_violation and check_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";

    enum State { ABSENT, LOADING, ATTACHED }

    final YearMonth month;
    /** Unqualified name in schema stg. */
    final String name;
    /** Qualified name. */
    final String table;
    final LocalDateTime from;
    final LocalDateTime to;

    private MonthPartition(YearMonth month) {
        this.month = month;
        this.name = String.format(java.util.Locale.ROOT, "complete_trip_%04d_%02d", month.getYear(), month.getMonthValue());
        this.table = "stg." + name;
        this.from = month.atDay(1).atStartOfDay();
        this.to = month.plusMonths(1).atDay(1).atStartOfDay();
    }

    static MonthPartition of(YearMonth month) {
        return new MonthPartition(month);
    }

    /** Whether a trip picked up at {@code pickup} belongs to this month's partition. */
    boolean contains(LocalDateTime pickup) {
        return !pickup.isBefore(from) && pickup.isBefore(to);
    }

    State state(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT c.relispartition FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'stg' AND c.relname = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return !row.next() ? State.ABSENT : row.getBoolean(1) ? State.ATTACHED : State.LOADING;
            }
        }
    }

    /**
     * Before a load of this month: true when its chunks are to be COPYed into the month's own table. That is when the
     * month has no trip anywhere yet (a table is then created), or a load of it is under way (a restart). A month that
     * holds trips is loaded into the partitioned table as before (COPY or upsert, rows visible chunk by chunk).
     */
    boolean prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            lock(connection);
            State state = state(connection);
            if (state == State.LOADING) {
                return true;
            }
            if (state == State.ATTACHED) {
                if (hasRows(connection, table)) {
                    return false;
                }
                // emptied since (TRUNCATE, DELETE): load it afresh rather than maintain its indexes row by row
                statement.execute("ALTER TABLE stg.complete_trip DETACH PARTITION " + table);
                statement.execute("DROP TABLE " + table);
            } else if (hasRows(connection, "stg.complete_trip")) {
                return false;
            }
            // the month's bounds as a constraint: each COPYed row is checked on the way in, and ATTACH PARTITION, which
            // finds its partition constraint implied, skips the scan of the loaded month it would otherwise make.
            // Autovacuum off while it loads: a month's inserts make it due within the load, and its scan of the table
            // competes with the COPYs and the index builds for the cores (the PostgreSQL log showed it on the month's
            // table in benchmark runs, cancelled by a lock at block 54,380 of about 100,000); publish analyses it, then
            // turns autovacuum back on for the table's later life.
            statement.execute("CREATE TABLE " + table + " (LIKE stg.complete_trip INCLUDING DEFAULTS, CONSTRAINT "
                    + boundsConstraint() + " CHECK (pickup_ts >= '" + Timestamp.valueOf(from) + "' AND pickup_ts < '"
                    + Timestamp.valueOf(to) + "')) WITH (autovacuum_enabled = false)");
            return true;
        }
    }

    /**
     * After the load: makes the loaded table the month's partition. Its primary key and indexes are built once (a sort
     * each, instead of one random B-tree insert per row during COPY); rows a replayed chunk wrote twice are kept once;
     * the table is attached and analysed. Should trips of the month have reached the default partition meanwhile (the
     * stream wrote some during the load), attaching is refused and the rows go through the ordinary upsert instead.
     * The KPI watermark is moved back to the loaded rows' oldest write, so an incremental aggregation sees them all as
     * new although they became visible only now. Does nothing unless the month is {@link State#LOADING}.
     *
     * @return the rows published, or -1 when there was nothing to publish
     */
    long publish(Connection connection) throws SQLException {
        lock(connection);
        if (state(connection) != State.LOADING) {
            return -1;
        }
        try (Statement statement = connection.createStatement()) {
            Timestamp oldest;
            long rows;
            try (ResultSet row = statement.executeQuery("SELECT min(updated_at), count(*) FROM " + table)) {
                row.next();
                oldest = row.getTimestamp(1);
                rows = row.getLong(2);
            }
            statement.execute("SAVEPOINT month_key");
            try {
                statement.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + "_pkey PRIMARY KEY (trip_key, pickup_ts)");
                statement.execute("RELEASE SAVEPOINT month_key");
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT month_key");
                int twice = statement.executeUpdate("DELETE FROM " + table + " a USING " + table + " b"
                        + " WHERE a.trip_key = b.trip_key AND a.pickup_ts = b.pickup_ts AND a.ctid < b.ctid");
                LOG.info(() -> table + ": " + twice + " rows written twice (a replayed chunk) kept once");
                rows -= twice;
                statement.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + "_pkey PRIMARY KEY (trip_key, pickup_ts)");
            }
            statement.execute("CREATE INDEX " + name + "_pickup_ts_idx ON " + table + " (pickup_ts)");
            statement.execute("CREATE INDEX " + name + "_pu_zone_id_idx ON " + table + " (pu_zone_id)");
            statement.execute("CREATE INDEX " + name + "_do_zone_id_idx ON " + table + " (do_zone_id)");
            statement.execute("SAVEPOINT month_attach");
            try {
                statement.execute("ALTER TABLE stg.complete_trip ATTACH PARTITION " + table + " FOR VALUES FROM ('"
                        + Timestamp.valueOf(from) + "') TO ('" + Timestamp.valueOf(to) + "')");
                statement.execute("RELEASE SAVEPOINT month_attach");
                // the partition's own constraint says the same from now on (IF EXISTS: a table created before it)
                statement.execute("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + boundsConstraint());
                statement.execute("ANALYZE " + table);
                statement.execute("ALTER TABLE " + table + " RESET (autovacuum_enabled)");
            } catch (SQLException e) {
                if (!CHECK_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT month_attach");
                LOG.info(() -> table + ": trips of " + month + " reached the table during the load; upserting the "
                        + "loaded rows instead of attaching them (" + e.getMessage() + ")");
                statement.executeUpdate(CompleteTripTable.upsert("SELECT " + CompleteTripTable.COLUMN_LIST
                        + ", source, last_update_ts FROM " + table));
                statement.execute("DROP TABLE " + table);
            }
            if (oldest != null) {
                try (PreparedStatement back = connection.prepareStatement(
                        "UPDATE ops.kpi_state SET watermark = ? WHERE watermark > ?")) {
                    back.setTimestamp(1, oldest);
                    back.setTimestamp(2, oldest);
                    back.executeUpdate();
                }
            }
            return rows;
        }
    }

    /** The loading table's check of the month's bounds. */
    private String boundsConstraint() {
        return name + "_month";
    }

    private void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, table);
            lock.execute();
        }
    }

    private boolean hasRows(Connection connection, String relation) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + relation + " WHERE pickup_ts >= ? AND pickup_ts < ?)")) {
            query.setTimestamp(1, Timestamp.valueOf(from));
            query.setTimestamp(2, Timestamp.valueOf(to));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
