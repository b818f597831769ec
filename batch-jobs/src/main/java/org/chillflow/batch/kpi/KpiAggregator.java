package org.chillflow.batch.kpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.batch.metrics.BatchMetrics;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Computes {@code mart.zone_hourly_kpis} from {@code stg.complete_trip}, set-based in SQL, with the
 * original pipeline's formulas (docs/GLOSSARY.md). The run first decides which hours to recompute:
 * <ul>
 * <li>{@code full}: every hour that has trips or KPI rows;</li>
 * <li>{@code incremental}: the hours of trips written since the last run's high-water mark
 * ({@code ops.kpi_state}, the largest {@code updated_at} aggregated; minus a margin for transactions that
 * committed late);</li>
 * <li>{@code backfill}: every hour of [from, to).</li>
 * </ul>
 * then, in one transaction, upserts those hours' KPI rows (a row changes only when a value does, so a second
 * run writes nothing) and deletes the KPI rows of those hours that no trip supports any more (the
 * reference never removed stale rows). Each run is recorded in {@code ops.kpi_run}.
 */
@Named
@Dependent
public class KpiAggregator extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(KpiAggregator.class.getName());

    static final String TARGET = "zone_hourly_kpis";

    private static final String KPI_COLUMNS = "trips, avg_fare, avg_tip, avg_speed_kmh, avg_distance_km,"
            + " avg_duration_min, pct_card, outlier_rate, unique_vehicles";

    /** Tukey's fences: a speed beyond this many interquartile ranges outside the quartiles is an outlier. */
    static final double OUTLIER_IQR_FACTOR = 1.5;

    /** Fewer speeds than this in a zone-hour: no quartiles worth the name, outlier_rate stays NULL. */
    static final int OUTLIER_MIN_TRIPS = 4;

    private static final String HAS_SPEED = "t.dropoff_ts > t.pickup_ts AND t.avg_speed_kmh IS NOT NULL";

    /**
     * The original pipeline's KPI formulas over the trips of the hours in kpi_hours, grouped by pickup zone and
     * hour, plus outlier_rate (docs/GLOSSARY.md): the share of the zone-hour's trips with a speed whose speed lies
     * outside Tukey's fences of that zone-hour's speeds.
     */
    private static final String UPSERT = "WITH g AS (SELECT t.pu_zone_id AS zone_id,"
            + " date_trunc('hour', t.pickup_ts) AS hour_ts, count(*) AS trips,"
            + " avg(t.fare_amount) AS avg_fare, avg(t.tip_amount) AS avg_tip,"
            // the derived fields as the curation (or the stream) stored them, not computed again here;
            // a speed counts only for a positive duration, as in the original pipeline's formula
            + " avg(t.avg_speed_kmh) FILTER (WHERE " + HAS_SPEED + ") AS avg_speed_kmh,"
            + " avg(t.distance_km) AS avg_distance_km, avg(t.duration_min) AS avg_duration_min,"
            + " 100.0 * count(*) FILTER (WHERE t.payment_type = 1) / count(*) AS pct_card,"
            + " count(DISTINCT t.vehicle_id_h) AS unique_vehicles,"
            + " count(*) FILTER (WHERE " + HAS_SPEED + ") AS speeds,"
            + " array_agg(t.avg_speed_kmh) FILTER (WHERE " + HAS_SPEED + ") AS speed_values,"
            + " percentile_cont(0.25) WITHIN GROUP (ORDER BY t.avg_speed_kmh) FILTER (WHERE " + HAS_SPEED + ") AS q1,"
            + " percentile_cont(0.75) WITHIN GROUP (ORDER BY t.avg_speed_kmh) FILTER (WHERE " + HAS_SPEED + ") AS q3"
            + " FROM stg.complete_trip t JOIN kpi_hours h ON date_trunc('hour', t.pickup_ts) = h.hour_ts"
            + " WHERE t.pu_zone_id IS NOT NULL"
            + " GROUP BY t.pu_zone_id, date_trunc('hour', t.pickup_ts)),"
            // the groups that have trips, indexed: what DELETE_STALE keeps (see there)
            + " noted AS (INSERT INTO kpi_groups SELECT zone_id, hour_ts FROM g)"
            + " INSERT INTO mart.zone_hourly_kpis (zone_id, hour_ts, " + KPI_COLUMNS + ")"
            + " SELECT g.zone_id, g.hour_ts, g.trips, g.avg_fare, g.avg_tip, g.avg_speed_kmh, g.avg_distance_km,"
            + " g.avg_duration_min, g.pct_card,"
            // the outlier count reads each group's own speeds: one pass over the trips
            + " CASE WHEN g.speeds >= " + OUTLIER_MIN_TRIPS + " THEN 100.0 * (SELECT count(*) FROM unnest(g.speed_values) v"
            + "   WHERE v < g.q1 - " + OUTLIER_IQR_FACTOR + " * (g.q3 - g.q1) OR v > g.q3 + " + OUTLIER_IQR_FACTOR
            + "   * (g.q3 - g.q1)) / g.speeds END,"
            + " g.unique_vehicles FROM g"
            + " ON CONFLICT (zone_id, hour_ts) DO UPDATE SET trips = EXCLUDED.trips, avg_fare = EXCLUDED.avg_fare,"
            + " avg_tip = EXCLUDED.avg_tip, avg_speed_kmh = EXCLUDED.avg_speed_kmh,"
            + " avg_distance_km = EXCLUDED.avg_distance_km, avg_duration_min = EXCLUDED.avg_duration_min,"
            + " pct_card = EXCLUDED.pct_card, outlier_rate = EXCLUDED.outlier_rate,"
            + " unique_vehicles = EXCLUDED.unique_vehicles, updated_at = CURRENT_TIMESTAMP"
            + " WHERE (mart.zone_hourly_kpis.trips, mart.zone_hourly_kpis.avg_fare, mart.zone_hourly_kpis.avg_tip,"
            + " mart.zone_hourly_kpis.avg_speed_kmh, mart.zone_hourly_kpis.avg_distance_km,"
            + " mart.zone_hourly_kpis.avg_duration_min, mart.zone_hourly_kpis.pct_card,"
            + " mart.zone_hourly_kpis.outlier_rate, mart.zone_hourly_kpis.unique_vehicles)"
            + " IS DISTINCT FROM (EXCLUDED.trips, EXCLUDED.avg_fare,"
            + " EXCLUDED.avg_tip, EXCLUDED.avg_speed_kmh, EXCLUDED.avg_distance_km, EXCLUDED.avg_duration_min,"
            + " EXCLUDED.pct_card, EXCLUDED.outlier_rate, EXCLUDED.unique_vehicles)"; // EXCLUDED is already rounded to the columns' scales

    /**
     * KPI rows of the recomputed hours that no trip supports any more: those not among the groups the upsert
     * just computed. An index lookup per row, whatever the planner believes of stg.complete_trip (right after a
     * bulk load its statistics still say "empty", and the former NOT EXISTS over the trips took 1.8 s for 4,303
     * rows, against 40 ms for the upsert).
     */
    private static final String DELETE_STALE = "DELETE FROM mart.zone_hourly_kpis k USING kpi_hours h"
            + " WHERE k.hour_ts = h.hour_ts AND NOT EXISTS (SELECT 1 FROM kpi_groups g"
            + " WHERE g.zone_id = k.zone_id AND g.hour_ts = k.hour_ts)";

    @Inject
    @BatchProperty
    String mode;

    /** Backfill: first day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH:MM), inclusive. */
    @Inject
    @BatchProperty
    String from;

    /** Backfill: day or hour after the range (exclusive); a date means the end of that day is included. */
    @Inject
    @BatchProperty
    String to;

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Inject
    JobContext jobContext;

    @Inject
    BatchMetrics metrics;

    @Override
    public String process() throws Exception {
        KpiMode kpiMode = KpiMode.parse(mode);
        LocalDateTime[] range = kpiMode == KpiMode.BACKFILL ? backfillRange(from, to) : null;
        Duration margin = ConfigProvider.getConfig()
                .getOptionalValue("chillflow.kpi.incremental-margin", Duration.class).orElse(Duration.ofMinutes(10));
        long started = System.nanoTime();
        LocalDateTime startedAt = LocalDateTime.now();
        KpiRun run = JdbcTransactions.inTransaction(dataSource, connection -> aggregate(connection, kpiMode, range,
                margin, startedAt));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.kpiRun(kpiMode.parameter(), took, run.hours(), run.written());
        String exit = String.format(Locale.ROOT, "COMPLETED mode=%s hours=%d written=%d deleted=%d",
                kpiMode.parameter(), run.hours(), run.written(), run.deleted());
        LOG.info(() -> "aggregate-kpis: " + exit + " in " + took.toMillis() + " ms");
        return exit; // a batchlet's return value is its step's exit status
    }

    record KpiRun(int hours, int written, int deleted) {
    }

    private KpiRun aggregate(Connection connection, KpiMode kpiMode, LocalDateTime[] range, Duration margin,
            LocalDateTime startedAt) throws SQLException {
        // one aggregation at a time: a concurrent run waits here rather than interleaving its upserts
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('chillflow.kpi.zone_hourly'))");
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS kpi_hours (hour_ts timestamp PRIMARY KEY)"
                    + " ON COMMIT DELETE ROWS");
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS kpi_groups (zone_id integer, hour_ts timestamp,"
                    + " PRIMARY KEY (zone_id, hour_ts)) ON COMMIT DELETE ROWS");
        }
        Timestamp newWatermark;
        try (Statement statement = connection.createStatement();
                ResultSet max = statement.executeQuery("SELECT max(updated_at) FROM stg.complete_trip")) {
            max.next();
            newWatermark = max.getTimestamp(1);
        }
        switch (kpiMode) {
            case FULL -> execute(connection, "INSERT INTO kpi_hours SELECT DISTINCT date_trunc('hour', pickup_ts)"
                    + " FROM stg.complete_trip UNION SELECT hour_ts FROM mart.zone_hourly_kpis");
            case INCREMENTAL -> {
                Timestamp watermark = null;
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT watermark FROM ops.kpi_state WHERE target = ?")) {
                    query.setString(1, TARGET);
                    try (ResultSet row = query.executeQuery()) {
                        if (row.next()) {
                            watermark = row.getTimestamp(1);
                        }
                    }
                }
                if (watermark == null) { // never aggregated: everything is new
                    execute(connection, "INSERT INTO kpi_hours SELECT DISTINCT date_trunc('hour', pickup_ts)"
                            + " FROM stg.complete_trip");
                } else {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kpi_hours SELECT DISTINCT"
                            + " date_trunc('hour', pickup_ts) FROM stg.complete_trip WHERE updated_at > ?")) {
                        insert.setTimestamp(1, Timestamp.valueOf(watermark.toLocalDateTime().minus(margin)));
                        insert.executeUpdate();
                    }
                }
            }
            case BACKFILL -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kpi_hours SELECT"
                        + " generate_series(?::timestamp, ?::timestamp - interval '1 hour', interval '1 hour')")) {
                    insert.setTimestamp(1, Timestamp.valueOf(range[0]));
                    insert.setTimestamp(2, Timestamp.valueOf(range[1]));
                    insert.executeUpdate();
                }
            }
        }
        int hours;
        Timestamp first = null;
        Timestamp last = null;
        try (Statement statement = connection.createStatement();
                ResultSet span = statement.executeQuery("SELECT count(*), min(hour_ts), max(hour_ts) FROM kpi_hours")) {
            span.next();
            hours = span.getInt(1);
            first = span.getTimestamp(2);
            last = span.getTimestamp(3);
        }
        int written = hours == 0 ? 0 : execute(connection, UPSERT);
        int deleted = hours == 0 ? 0 : execute(connection, DELETE_STALE);
        if (kpiMode != KpiMode.BACKFILL && newWatermark != null) {
            try (PreparedStatement state = connection.prepareStatement("INSERT INTO ops.kpi_state (target, watermark)"
                    + " VALUES (?, ?) ON CONFLICT (target) DO UPDATE SET watermark = EXCLUDED.watermark,"
                    + " updated_at = CURRENT_TIMESTAMP")) {
                state.setString(1, TARGET);
                state.setTimestamp(2, newWatermark);
                state.executeUpdate();
            }
        }
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO ops.kpi_run (job_execution_id, mode,"
                + " window_from, window_to, hours, rows_written, rows_deleted, started_at, finished_at, runtime)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, ?)")) {
            record.setLong(1, jobContext.getExecutionId());
            record.setString(2, kpiMode.parameter());
            record.setTimestamp(3, range != null ? Timestamp.valueOf(range[0]) : first);
            record.setTimestamp(4, range != null ? Timestamp.valueOf(range[1])
                    : last == null ? null : Timestamp.valueOf(last.toLocalDateTime().plusHours(1)));
            record.setInt(5, hours);
            record.setInt(6, written);
            record.setInt(7, deleted);
            record.setTimestamp(8, Timestamp.valueOf(startedAt));
            record.setString(9, org.chillflow.batch.infrastructure.BatchRuntimeName.current());
            record.executeUpdate();
        }
        return new KpiRun(hours, written, deleted);
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** [from, to) of a backfill: dates cover whole days (to inclusive), date-times are taken as given. */
    static LocalDateTime[] backfillRange(String from, String to) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new IllegalArgumentException("mode backfill needs job parameters 'from' and 'to'"
                    + " (YYYY-MM-DD, or YYYY-MM-DDTHH:MM)");
        }
        LocalDateTime start = from.trim().length() == 10 ? LocalDate.parse(from.trim()).atStartOfDay()
                : LocalDateTime.parse(from.trim()).withMinute(0).withSecond(0).withNano(0);
        LocalDateTime end = to.trim().length() == 10 ? LocalDate.parse(to.trim()).plusDays(1).atStartOfDay()
                : LocalDateTime.parse(to.trim());
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("backfill range is empty: from " + from + " to " + to);
        }
        return new LocalDateTime[] {start, end};
    }
}
