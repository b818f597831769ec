package org.chillflow.core.persistence;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One zone-hour of {@code mart.zone_hourly_kpis}: read, paged and filtered through JPA. Written only by the KPI
 * aggregation, one set-based upsert per run (KpiAggregator), which is how PostgreSQL computes the averages, quartiles
 * and distinct vehicles of a month in seconds instead of moving every trip through the JVM.
 */
@Entity
@Table(schema = "mart", name = "zone_hourly_kpis")
@IdClass(ZoneHourlyKpiEntity.Key.class)
public class ZoneHourlyKpiEntity {

    /** The primary key: pickup zone and hour. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private int zoneId;
        private LocalDateTime hourTs;

        protected Key() {
        }

        public Key(int zoneId, LocalDateTime hourTs) {
            this.zoneId = zoneId;
            this.hourTs = hourTs;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.zoneId == zoneId && Objects.equals(k.hourTs, hourTs);
        }

        @Override
        public int hashCode() {
            return Objects.hash(zoneId, hourTs);
        }
    }

    @Id
    @Column(name = "zone_id")
    private int zoneId;

    @Id
    @Column(name = "hour_ts")
    private LocalDateTime hourTs;

    @Column(name = "trips", nullable = false)
    private int trips;

    @Column(name = "avg_fare", precision = 10, scale = 2)
    private BigDecimal avgFare;

    @Column(name = "avg_tip", precision = 10, scale = 2)
    private BigDecimal avgTip;

    @Column(name = "avg_speed_kmh", precision = 8, scale = 2)
    private BigDecimal avgSpeedKmh;

    @Column(name = "avg_distance_km", precision = 8, scale = 2)
    private BigDecimal avgDistanceKm;

    @Column(name = "avg_duration_min", precision = 8, scale = 2)
    private BigDecimal avgDurationMin;

    @Column(name = "pct_card", precision = 5, scale = 2)
    private BigDecimal pctCard;

    @Column(name = "outlier_rate", precision = 5, scale = 2)
    private BigDecimal outlierRate;

    @Column(name = "unique_vehicles")
    private Integer uniqueVehicles;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime updatedAt;

    protected ZoneHourlyKpiEntity() {
    }

    public int getZoneId() {
        return zoneId;
    }

    public LocalDateTime getHourTs() {
        return hourTs;
    }

    public int getTrips() {
        return trips;
    }

    public BigDecimal getAvgFare() {
        return avgFare;
    }

    public BigDecimal getAvgTip() {
        return avgTip;
    }

    public BigDecimal getAvgSpeedKmh() {
        return avgSpeedKmh;
    }

    public BigDecimal getAvgDistanceKm() {
        return avgDistanceKm;
    }

    public BigDecimal getAvgDurationMin() {
        return avgDurationMin;
    }

    public BigDecimal getPctCard() {
        return pctCard;
    }

    public BigDecimal getOutlierRate() {
        return outlierRate;
    }

    public Integer getUniqueVehicles() {
        return uniqueVehicles;
    }
}
