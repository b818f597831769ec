-- KPI aggregation bookkeeping: the incremental high-water mark and one row per run (status for API/CLI).
CREATE TABLE ops.kpi_state (
    target           varchar(64)   PRIMARY KEY,          -- 'zone_hourly_kpis'
    watermark        timestamp,                          -- max(stg.complete_trip.updated_at) aggregated
    updated_at       timestamp     NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE ops.kpi_run (
    id               bigserial     PRIMARY KEY,
    job_execution_id bigint,
    mode             varchar(16)   NOT NULL CHECK (mode IN ('full', 'incremental', 'backfill')),
    window_from      timestamp,                          -- backfill range / hours covered
    window_to        timestamp,
    hours            integer       NOT NULL,             -- distinct hours recomputed
    rows_written     integer       NOT NULL,             -- KPI rows inserted or changed
    rows_deleted     integer       NOT NULL,             -- stale KPI rows removed
    started_at       timestamp     NOT NULL,
    finished_at      timestamp     NOT NULL
);
CREATE INDEX idx_kpi_run_finished ON ops.kpi_run (finished_at DESC);

-- Rollups of the hourly KPIs. Averages are weighted by trips (an average of hourly averages would not be
-- the day's average). unique_vehicles is left out: distinct counts of hours do not add up to a day's.
CREATE VIEW mart.v_zone_daily AS
SELECT k.zone_id,
       z.borough,
       z.zone_name,
       date_trunc('day', k.hour_ts)::date                                        AS day,
       sum(k.trips)::bigint                                                       AS trips,
       round(sum(k.avg_fare * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_fare IS NOT NULL), 0), 2) AS avg_fare,
       round(sum(k.avg_tip * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_tip IS NOT NULL), 0), 2)   AS avg_tip,
       round(sum(k.pct_card * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.pct_card IS NOT NULL), 0), 2) AS pct_card,
       round(sum(k.avg_distance_km * k.trips)
             / nullif(sum(k.trips) FILTER (WHERE k.avg_distance_km IS NOT NULL), 0), 2)                   AS avg_distance_km
FROM mart.zone_hourly_kpis k
JOIN dim.zone z ON z.zone_id = k.zone_id
GROUP BY k.zone_id, z.borough, z.zone_name, date_trunc('day', k.hour_ts);

CREATE VIEW mart.v_borough_daily AS
SELECT z.borough,
       date_trunc('day', k.hour_ts)::date                                        AS day,
       sum(k.trips)::bigint                                                       AS trips,
       round(sum(k.avg_fare * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_fare IS NOT NULL), 0), 2) AS avg_fare,
       round(sum(k.avg_tip * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_tip IS NOT NULL), 0), 2)   AS avg_tip,
       round(sum(k.pct_card * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.pct_card IS NOT NULL), 0), 2) AS pct_card
FROM mart.zone_hourly_kpis k
JOIN dim.zone z ON z.zone_id = k.zone_id
GROUP BY z.borough, date_trunc('day', k.hour_ts);

-- The four classic NYC-taxi benchmark queries (Mark Litwintschik's), over the loaded trips.
CREATE VIEW mart.v_bench_trips_by_vendor AS
SELECT vendor_id, count(*)::bigint AS trips
FROM stg.complete_trip GROUP BY vendor_id;

CREATE VIEW mart.v_bench_avg_total_by_passengers AS
SELECT passenger_count, round(avg(total_amount), 2) AS avg_total_amount, count(*)::bigint AS trips
FROM stg.complete_trip GROUP BY passenger_count;

CREATE VIEW mart.v_bench_trips_by_passengers_year AS
SELECT passenger_count, extract(year FROM pickup_ts)::int AS year, count(*)::bigint AS trips
FROM stg.complete_trip GROUP BY passenger_count, extract(year FROM pickup_ts);

CREATE VIEW mart.v_bench_trips_by_passengers_year_distance AS
SELECT passenger_count, extract(year FROM pickup_ts)::int AS year, round(trip_distance)::int AS distance_miles,
       count(*)::bigint AS trips
FROM stg.complete_trip GROUP BY passenger_count, extract(year FROM pickup_ts), round(trip_distance);
