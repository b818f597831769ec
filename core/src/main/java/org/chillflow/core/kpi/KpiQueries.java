package org.chillflow.core.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.chillflow.core.persistence.KpiRunEntity;
import org.chillflow.core.persistence.KpiStateEntity;
import org.chillflow.core.persistence.Transactions;
import org.chillflow.core.persistence.ZoneHourlyKpiEntity;

/**
 * Read side of the KPI mart, shared by the API and the CLI, through JPA: hourly rows (paged and filtered with a
 * Criteria query, or streamed for export), a month's summary and the aggregation status (JPQL over the entities), and
 * the daily rollups and benchmark queries (native queries over the views of V1/V4, whose columns are the answer).
 * Nothing here writes.
 */
public final class KpiQueries {

    /** The four classic NYC-taxi benchmark queries, by the name the API uses, and their views. */
    public static final Map<String, String> BENCHMARKS = Map.of(
            "trips-by-vendor", "SELECT * FROM mart.v_bench_trips_by_vendor ORDER BY vendor_id",
            "avg-total-by-passengers", "SELECT * FROM mart.v_bench_avg_total_by_passengers ORDER BY passenger_count NULLS LAST",
            "trips-by-passengers-year", "SELECT * FROM mart.v_bench_trips_by_passengers_year ORDER BY year, passenger_count NULLS LAST",
            "trips-by-passengers-year-distance", "SELECT * FROM mart.v_bench_trips_by_passengers_year_distance"
                    + " ORDER BY year, passenger_count NULLS LAST, distance_miles NULLS LAST");

    /** An hourly row as the API and the exports show it, built from the entity by JPQL (not a managed entity). */
    private static final String HOURLY_ROW = "select new org.chillflow.core.kpi.ZoneHourlyKpi(k.zoneId, k.hourTs,"
            + " k.trips, k.avgFare, k.avgTip, k.avgSpeedKmh, k.avgDistanceKm, k.avgDurationMin, k.pctCard,"
            + " k.outlierRate, k.uniqueVehicles) from ZoneHourlyKpiEntity k";

    /** A trip-weighted average of an hourly column over the hours that have it, as the views of V4 compute it. */
    private static String weighted(String column) {
        return "round(sum(k." + column + " * k.trips) / nullif(sum(case when k." + column
                + " is not null then k.trips else 0 end), 0), 2)";
    }

    private final Transactions transactions;

    /** The most rows a listing answers (daily rollups, benchmark queries); the export streams instead. */
    public static final int MAX_ROWS = 50_000;

    public KpiQueries(Transactions transactions) {
        this.transactions = transactions;
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** Hourly KPI rows, optionally of one zone and within [from, to), ordered by hour then zone. */
    public Page<ZoneHourlyKpi> hourly(Integer zone, LocalDateTime from, LocalDateTime to, int page, int size) {
        return transactions.inTransaction(em -> {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Long> count = cb.createQuery(Long.class);
            Root<ZoneHourlyKpiEntity> counted = count.from(ZoneHourlyKpiEntity.class);
            count.select(cb.count(counted)).where(filter(cb, counted, zone, from, to));
            long total = em.createQuery(count).getSingleResult();

            CriteriaQuery<ZoneHourlyKpi> rows = cb.createQuery(ZoneHourlyKpi.class);
            Root<ZoneHourlyKpiEntity> k = rows.from(ZoneHourlyKpiEntity.class);
            rows.select(cb.construct(ZoneHourlyKpi.class, k.get("zoneId"), k.get("hourTs"), k.get("trips"),
                    k.get("avgFare"), k.get("avgTip"), k.get("avgSpeedKmh"), k.get("avgDistanceKm"),
                    k.get("avgDurationMin"), k.get("pctCard"), k.get("outlierRate"), k.get("uniqueVehicles")))
                    .where(filter(cb, k, zone, from, to))
                    .orderBy(cb.asc(k.get("hourTs")), cb.asc(k.get("zoneId")));
            List<ZoneHourlyKpi> items = em.createQuery(rows).setFirstResult(Math.toIntExact((long) page * size))
                    .setMaxResults(size).getResultList();
            return new Page<>(items, page, size, total);
        });
    }

    private static Predicate[] filter(CriteriaBuilder cb, Root<ZoneHourlyKpiEntity> k, Integer zone, LocalDateTime from,
            LocalDateTime to) {
        List<Predicate> where = new ArrayList<>();
        if (zone != null) {
            where.add(cb.equal(k.get("zoneId"), zone));
        }
        if (from != null) {
            where.add(cb.greaterThanOrEqualTo(k.get("hourTs"), from));
        }
        if (to != null) {
            where.add(cb.lessThan(k.get("hourTs"), to));
        }
        return where.toArray(Predicate[]::new);
    }

    /** Every hourly row of a month (or all when month is null), streamed in hour and zone order. */
    public long forEachHourly(YearMonth month, Consumer<ZoneHourlyKpi> sink) {
        return transactions.inTransaction(em -> forEachHourly(em, month, sink));
    }

    /**
     * The same on an entity manager whose transaction the caller holds (an export begins it, and so takes its
     * connection, before it answers: a full pool is a 503, not a broken download). The rows come through a cursor:
     * PostgreSQL honours the fetch size only inside a transaction, and without it the driver would read every row
     * into memory first; they are built as values, so the persistence context does not grow either.
     */
    public static long forEachHourly(EntityManager em, YearMonth month, Consumer<ZoneHourlyKpi> sink) {
        TypedQuery<ZoneHourlyKpi> query = em.createQuery(HOURLY_ROW
                + (month == null ? "" : " where k.hourTs >= :start and k.hourTs < :end")
                + " order by k.hourTs, k.zoneId", ZoneHourlyKpi.class)
                .setHint("org.hibernate.fetchSize", 1_000).setHint("org.hibernate.readOnly", true);
        if (month != null) {
            query.setParameter("start", month.atDay(1).atStartOfDay())
                    .setParameter("end", month.plusMonths(1).atDay(1).atStartOfDay());
        }
        long count = 0;
        try (Stream<ZoneHourlyKpi> rows = query.getResultStream()) {
            for (ZoneHourlyKpi row : (Iterable<ZoneHourlyKpi>) rows::iterator) {
                sink.accept(row);
                count++;
            }
        }
        return count;
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

    public MonthSummary summary(YearMonth month, int busiest) {
        LocalDateTime start = month.atDay(1).atStartOfDay();
        LocalDateTime end = month.plusMonths(1).atDay(1).atStartOfDay();
        return transactions.inTransaction(em -> {
            Object[] row = em.createQuery("select coalesce(sum(k.trips), 0), count(distinct k.zoneId),"
                    + " count(distinct k.hourTs), " + weighted("avgFare") + ", " + weighted("avgTip") + ","
                    + " round(sum(k.pctCard * k.trips) / nullif(sum(k.trips), 0), 2), " + weighted("outlierRate")
                    + " from ZoneHourlyKpiEntity k where k.hourTs >= :start and k.hourTs < :end", Object[].class)
                    .setParameter("start", start).setParameter("end", end).getSingleResult();
            List<ZoneTotal> zones = em.createQuery("select new org.chillflow.core.kpi.KpiQueries$ZoneTotal(k.zoneId,"
                    + " z.zoneName, z.borough, sum(k.trips), " + weighted("avgFare") + ") from ZoneHourlyKpiEntity k"
                    + " join ZoneEntity z on z.zoneId = k.zoneId where k.hourTs >= :start and k.hourTs < :end"
                    + " group by k.zoneId, z.zoneName, z.borough order by sum(k.trips) desc, k.zoneId", ZoneTotal.class)
                    .setParameter("start", start).setParameter("end", end).setMaxResults(busiest).getResultList();
            return new MonthSummary(month, ((Number) row[0]).longValue(), ((Number) row[1]).intValue(),
                    ((Number) row[2]).intValue(), decimal(row[3]), decimal(row[4]), decimal(row[5]), decimal(row[6]),
                    zones);
        });
    }

    /** Daily rollup per zone or per borough within [from, to] (days), from the views of V4. */
    public List<Map<String, Object>> daily(boolean byBorough, LocalDate from, LocalDate to) {
        String view = byBorough ? "mart.v_borough_daily" : "mart.v_zone_daily";
        String order = byBorough ? "day, borough" : "day, zone_id";
        List<Object> bounds = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (from != null) {
            where.append(" AND day >= ?");
            bounds.add(from);
        }
        if (to != null) {
            where.append(" AND day <= ?");
            bounds.add(to);
        }
        return rows("SELECT * FROM " + view + where + " ORDER BY " + order, bounds.toArray());
    }

    /** One of {@link #BENCHMARKS}, as rows of column name to value. */
    public List<Map<String, Object>> benchmark(String name) {
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

    public Status status() {
        return transactions.inTransaction(em -> {
            Object[] mart = em.createQuery("select count(k), min(k.hourTs), max(k.hourTs) from ZoneHourlyKpiEntity k",
                    Object[].class).getSingleResult();
            KpiStateEntity state = em.find(KpiStateEntity.class, KpiStateEntity.ZONE_HOURLY_KPIS);
            LastRun run = em.createQuery("select r from KpiRunEntity r order by r.finishedAt desc, r.id desc",
                    KpiRunEntity.class).setMaxResults(1).getResultStream().findFirst()
                    .map(r -> new LastRun(r.getJobExecutionId(), r.getMode(), r.getWindowFrom(), r.getWindowTo(),
                            r.getHours(), r.getRowsWritten(), r.getRowsDeleted(), r.getStartedAt(), r.getFinishedAt()))
                    .orElse(null);
            return new Status(((Number) mart[0]).longValue(), (LocalDateTime) mart[1], (LocalDateTime) mart[2],
                    state == null ? null : state.getWatermark(), run);
        });
    }

    /** A view's rows as column label to value (the views are the answer's shape), at most {@link #MAX_ROWS}. */
    private List<Map<String, Object>> rows(String sql, Object... parameters) {
        return transactions.inTransaction(em -> {
            jakarta.persistence.Query query = em.createNativeQuery(sql, Tuple.class).setMaxResults(MAX_ROWS + 1);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            @SuppressWarnings("unchecked")
            List<Tuple> tuples = query.getResultList();
            if (tuples.size() > MAX_ROWS) {
                throw new IllegalArgumentException("more than " + MAX_ROWS + " rows: narrow the range (from, to)"
                        + " or use the export");
            }
            List<Map<String, Object>> result = new ArrayList<>(tuples.size());
            for (Tuple tuple : tuples) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (TupleElement<?> element : tuple.getElements()) {
                    Object value = tuple.get(element);
                    row.put(element.getAlias(), value instanceof java.sql.Date d ? d.toLocalDate() : value);
                }
                result.add(row);
            }
            return result;
        });
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }
}
