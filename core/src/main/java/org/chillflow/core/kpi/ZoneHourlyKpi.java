package org.chillflow.core.kpi;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** One row of mart.zone_hourly_kpis: a pickup zone's trips in one hour (docs/GLOSSARY.md). */
public record ZoneHourlyKpi(int zoneId, LocalDateTime hour, int trips, BigDecimal avgFare, BigDecimal avgTip,
        BigDecimal avgSpeedKmh, BigDecimal avgDistanceKm, BigDecimal avgDurationMin, BigDecimal pctCard,
        BigDecimal outlierRate, Integer uniqueVehicles) {

    /** Column names, in the order of {@link #values()}: the CSV header of exports and reports. */
    public static final String[] COLUMNS = {"zone_id", "hour_ts", "trips", "avg_fare", "avg_tip", "avg_speed_kmh",
        "avg_distance_km", "avg_duration_min", "pct_card", "outlier_rate", "unique_vehicles"};

    public Object[] values() {
        return new Object[] {zoneId, hour, trips, avgFare, avgTip, avgSpeedKmh, avgDistanceKm, avgDurationMin,
            pctCard, outlierRate, uniqueVehicles};
    }
}
