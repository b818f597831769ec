-- mart.zone_hourly_kpis.outlier_rate is computed from now on (docs/GLOSSARY.md: the share of a zone-hour's
-- trips whose speed lies outside Tukey's fences of that zone-hour's speeds). The daily rollups carry it,
-- weighted by trips like the other rates, over the hours that have one; new columns go last (a view keeps
-- the order of the columns it had).
CREATE OR REPLACE VIEW mart.v_zone_daily AS
SELECT k.zone_id,
       z.borough,
       z.zone_name,
       date_trunc('day', k.hour_ts)::date                                        AS day,
       sum(k.trips)::bigint                                                       AS trips,
       round(sum(k.avg_fare * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_fare IS NOT NULL), 0), 2) AS avg_fare,
       round(sum(k.avg_tip * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_tip IS NOT NULL), 0), 2)   AS avg_tip,
       round(sum(k.pct_card * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.pct_card IS NOT NULL), 0), 2) AS pct_card,
       round(sum(k.avg_distance_km * k.trips)
             / nullif(sum(k.trips) FILTER (WHERE k.avg_distance_km IS NOT NULL), 0), 2)                   AS avg_distance_km,
       round(sum(k.outlier_rate * k.trips)
             / nullif(sum(k.trips) FILTER (WHERE k.outlier_rate IS NOT NULL), 0), 2)                      AS outlier_rate
FROM mart.zone_hourly_kpis k
JOIN dim.zone z ON z.zone_id = k.zone_id
GROUP BY k.zone_id, z.borough, z.zone_name, date_trunc('day', k.hour_ts);

CREATE OR REPLACE VIEW mart.v_borough_daily AS
SELECT z.borough,
       date_trunc('day', k.hour_ts)::date                                        AS day,
       sum(k.trips)::bigint                                                       AS trips,
       round(sum(k.avg_fare * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_fare IS NOT NULL), 0), 2) AS avg_fare,
       round(sum(k.avg_tip * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.avg_tip IS NOT NULL), 0), 2)   AS avg_tip,
       round(sum(k.pct_card * k.trips) / nullif(sum(k.trips) FILTER (WHERE k.pct_card IS NOT NULL), 0), 2) AS pct_card,
       round(sum(k.outlier_rate * k.trips)
             / nullif(sum(k.trips) FILTER (WHERE k.outlier_rate IS NOT NULL), 0), 2)                      AS outlier_rate
FROM mart.zone_hourly_kpis k
JOIN dim.zone z ON z.zone_id = k.zone_id
GROUP BY z.borough, date_trunc('day', k.hour_ts);
