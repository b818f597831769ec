package org.chillflow.core.kpi;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * Read side of the KPI mart, shared by the API and the CLI: hourly rows (paged or streamed for export), a
 * month's summary, daily rollups, the benchmark views and the aggregation status. Plain JDBC over views and
 * tables of V1/V4; nothing here writes.
 */
public final class KpiQueries {

    /** The four classic NYC-taxi benchmark queries, by the name the API uses, and their views. */
    public static final Map<String, String> BENCHMARKS = Map.of(
            "trips-by-vendor", "SELECT * FROM mart.v_bench_trips_by_vendor ORDER BY vendor_id",
            "avg-total-by-passengers", "SELECT * FROM mart.v_bench_avg_total_by_passengers ORDER BY passenger_count NULLS LAST",
            "trips-by-passengers-year", "SELECT * FROM mart.v_bench_trips_by_passengers_year ORDER BY year, passenger_count NULLS LAST",
            "trips-by-passengers-year-distance", "SELECT * FROM mart.v_bench_trips_by_passengers_year_distance"
                    + " ORDER BY year, passenger_count NULLS LAST, distance_miles NULLS LAST");

    private static final String HOURLY_COLUMNS = "zone_id, hour_ts, trips, avg_fare, avg_tip, avg_speed_kmh,"
            + " avg_distance_km, avg_duration_min, pct_card, outlier_rate, unique_vehicles";

    private final DataSource dataSource;

    /** The most rows a listing answers (daily rollups, benchmark queries); the export streams instead. */
    public static final int MAX_ROWS = 50_000;

    public KpiQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** Hourly KPI rows, optionally of one zone and within [from, to), ordered by hour then zone. */
    public Page<ZoneHourlyKpi> hourly(Integer zone, LocalDateTime from, LocalDateTime to, int page, int size)
            throws SQLException {
        String where = " WHERE (?::int IS NULL OR zone_id = ?) AND (?::timestamp IS NULL OR hour_ts >= ?)"
                + " AND (?::timestamp IS NULL OR hour_ts < ?)";
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM mart.zone_hourly_kpis" + where)) {
                bindFilter(count, zone, from, to);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<ZoneHourlyKpi> items = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT " + HOURLY_COLUMNS
                    + " FROM mart.zone_hourly_kpis" + where + " ORDER BY hour_ts, zone_id LIMIT ? OFFSET ?")) {
                bindFilter(query, zone, from, to);
                query.setInt(7, size);
                query.setLong(8, (long) page * size);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        items.add(hourlyRow(rows));
                    }
                }
            }
            return new Page<>(items, page, size, total);
        }
    }

    /** Every hourly row of a month (or all when month is null), streamed in hour and zone order. */
    public long forEachHourly(YearMonth month, Consumer<ZoneHourlyKpi> sink) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return forEachHourly(connection, month, sink);
        }
    }

    /**
     * The same on a connection the caller holds (an export takes it before it answers, so that a full pool is a 503,
     * not a broken download). The rows come through a cursor inside a transaction: PostgreSQL honours the fetch size
     * only there, and without it the driver would read every row into memory first.
     */
    public long forEachHourly(Connection connection, YearMonth month, Consumer<ZoneHourlyKpi> sink) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement query = connection.prepareStatement("SELECT " + HOURLY_COLUMNS
                + " FROM mart.zone_hourly_kpis WHERE (?::timestamp IS NULL OR (hour_ts >= ? AND hour_ts < ?))"
                + " ORDER BY hour_ts, zone_id")) {
            Timestamp start = month == null ? null : Timestamp.valueOf(month.atDay(1).atStartOfDay());
            Timestamp end = month == null ? null : Timestamp.valueOf(month.plusMonths(1).atDay(1).atStartOfDay());
            query.setTimestamp(1, start);
            query.setTimestamp(2, start);
            query.setTimestamp(3, end);
            query.setFetchSize(1_000);
            long count = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sink.accept(hourlyRow(rows));
                    count++;
                }
            }
            return count;
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * A month at a glance: trips, zones, hours, weighted averages and the busiest pickup zones. The outlier rate
     * is the hourly rates weighted by trips, over the hours that have one (enough trips to judge).
     */
    public record MonthSummary(YearMonth month, long trips, int zones, int hours, BigDecimal avgFare,
            BigDecimal avgTip, BigDecimal pctCard, BigDecimal outlierRate, List<ZoneTotal> busiestZones) {
    }

    public record ZoneTotal(int zoneId, String zoneName, String borough, long trips, BigDecimal avgFare) {
    }

    public MonthSummary summary(YearMonth month, int busiest) throws SQLException {
        Timestamp start = Timestamp.valueOf(month.atDay(1).atStartOfDay());
        Timestamp end = Timestamp.valueOf(month.plusMonths(1).atDay(1).atStartOfDay());
        try (Connection connection = dataSource.getConnection()) {
            MonthSummary base;
            try (PreparedStatement query = connection.prepareStatement("SELECT coalesce(sum(trips), 0),"
                    + " count(DISTINCT zone_id), count(DISTINCT hour_ts),"
                    + " round(sum(avg_fare * trips) / nullif(sum(trips) FILTER (WHERE avg_fare IS NOT NULL), 0), 2),"
                    + " round(sum(avg_tip * trips) / nullif(sum(trips) FILTER (WHERE avg_tip IS NOT NULL), 0), 2),"
                    + " round(sum(pct_card * trips) / nullif(sum(trips), 0), 2),"
                    + " round(sum(outlier_rate * trips) / nullif(sum(trips) FILTER (WHERE outlier_rate IS NOT NULL), 0), 2)"
                    + " FROM mart.zone_hourly_kpis WHERE hour_ts >= ? AND hour_ts < ?")) {
                query.setTimestamp(1, start);
                query.setTimestamp(2, end);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    base = new MonthSummary(month, row.getLong(1), row.getInt(2), row.getInt(3), row.getBigDecimal(4),
                            row.getBigDecimal(5), row.getBigDecimal(6), row.getBigDecimal(7), List.of());
                }
            }
            List<ZoneTotal> zones = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT k.zone_id, z.zone_name, z.borough,"
                    + " sum(k.trips), round(sum(k.avg_fare * k.trips) / nullif(sum(k.trips) FILTER"
                    + " (WHERE k.avg_fare IS NOT NULL), 0), 2) FROM mart.zone_hourly_kpis k"
                    + " JOIN dim.zone z ON z.zone_id = k.zone_id WHERE k.hour_ts >= ? AND k.hour_ts < ?"
                    + " GROUP BY k.zone_id, z.zone_name, z.borough ORDER BY sum(k.trips) DESC, k.zone_id LIMIT ?")) {
                query.setTimestamp(1, start);
                query.setTimestamp(2, end);
                query.setInt(3, busiest);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        zones.add(new ZoneTotal(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                                rows.getBigDecimal(5)));
                    }
                }
            }
            return new MonthSummary(base.month(), base.trips(), base.zones(), base.hours(), base.avgFare(),
                    base.avgTip(), base.pctCard(), base.outlierRate(), zones);
        }
    }

    /** Daily rollup per zone or per borough within [from, to] (days), from the views of V4. */
    public List<Map<String, Object>> daily(boolean byBorough, LocalDate from, LocalDate to) throws SQLException {
        String view = byBorough ? "mart.v_borough_daily" : "mart.v_zone_daily";
        String order = byBorough ? "day, borough" : "day, zone_id";
        return rows("SELECT * FROM " + view + " WHERE (?::date IS NULL OR day >= ?) AND (?::date IS NULL OR day <= ?)"
                + " ORDER BY " + order, from, from, to, to);
    }

    /** One of {@link #BENCHMARKS}, as rows of column name to value. */
    public List<Map<String, Object>> benchmark(String name) throws SQLException {
        String sql = BENCHMARKS.get(name);
        if (sql == null) {
            throw new IllegalArgumentException("unknown benchmark query '" + name + "'; known: "
                    + new java.util.TreeSet<>(BENCHMARKS.keySet()));
        }
        return rows(sql);
    }

    /** The mart and its last aggregation run. */
    public record Status(long kpiRows, LocalDateTime firstHour, LocalDateTime lastHour, LocalDateTime watermark,
            LastRun lastRun) {
    }

    public record LastRun(Long jobExecutionId, String mode, LocalDateTime windowFrom, LocalDateTime windowTo,
            int hours, int rowsWritten, int rowsDeleted, LocalDateTime startedAt, LocalDateTime finishedAt) {
    }

    public Status status() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long count;
            LocalDateTime first;
            LocalDateTime last;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(*), min(hour_ts), max(hour_ts) FROM mart.zone_hourly_kpis");
                    ResultSet row = query.executeQuery()) {
                row.next();
                count = row.getLong(1);
                first = time(row.getTimestamp(2));
                last = time(row.getTimestamp(3));
            }
            LocalDateTime watermark = null;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT watermark FROM ops.kpi_state WHERE target = 'zone_hourly_kpis'");
                    ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    watermark = time(row.getTimestamp(1));
                }
            }
            LastRun run = null;
            try (PreparedStatement query = connection.prepareStatement("SELECT job_execution_id, mode, window_from,"
                    + " window_to, hours, rows_written, rows_deleted, started_at, finished_at FROM ops.kpi_run"
                    + " ORDER BY finished_at DESC, id DESC LIMIT 1");
                    ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    long execution = row.getLong(1);
                    run = new LastRun(row.wasNull() ? null : execution, row.getString(2), time(row.getTimestamp(3)),
                            time(row.getTimestamp(4)), row.getInt(5), row.getInt(6), row.getInt(7),
                            time(row.getTimestamp(8)), time(row.getTimestamp(9)));
                }
            }
            return new Status(count, first, last, watermark, run);
        }
    }

    private List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof LocalDate date) {
                    query.setObject(i + 1, date);
                } else if (p == null) {
                    query.setNull(i + 1, java.sql.Types.DATE);
                } else {
                    query.setObject(i + 1, p);
                }
            }
            List<Map<String, Object>> result = new ArrayList<>();
            query.setMaxRows(MAX_ROWS + 1);
            try (ResultSet rows = query.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    if (result.size() == MAX_ROWS) {
                        throw new IllegalArgumentException("more than " + MAX_ROWS + " rows: narrow the range (from, to)"
                                + " or use the export");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rows.getObject(c);
                        row.put(meta.getColumnLabel(c), value instanceof java.sql.Date d ? d.toLocalDate() : value);
                    }
                    result.add(row);
                }
            }
            return result;
        }
    }

    private static void bindFilter(PreparedStatement statement, Integer zone, LocalDateTime from, LocalDateTime to)
            throws SQLException {
        statement.setObject(1, zone, java.sql.Types.INTEGER);
        statement.setObject(2, zone, java.sql.Types.INTEGER);
        statement.setTimestamp(3, from == null ? null : Timestamp.valueOf(from));
        statement.setTimestamp(4, from == null ? null : Timestamp.valueOf(from));
        statement.setTimestamp(5, to == null ? null : Timestamp.valueOf(to));
        statement.setTimestamp(6, to == null ? null : Timestamp.valueOf(to));
    }

    private static ZoneHourlyKpi hourlyRow(ResultSet rows) throws SQLException {
        int vehicles = rows.getInt(11);
        Integer uniqueVehicles = rows.wasNull() ? null : vehicles;
        return new ZoneHourlyKpi(rows.getInt(1), rows.getTimestamp(2).toLocalDateTime(), rows.getInt(3),
                rows.getBigDecimal(4), rows.getBigDecimal(5), rows.getBigDecimal(6), rows.getBigDecimal(7),
                rows.getBigDecimal(8), rows.getBigDecimal(9), rows.getBigDecimal(10), uniqueVehicles);
    }

    private static LocalDateTime time(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }
}
