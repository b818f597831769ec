package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The KPI aggregation's high-water mark per target ({@code ops.kpi_state}): the last trip update aggregated. */
@Entity
@Table(schema = "ops", name = "kpi_state")
public class KpiStateEntity {

    /** The target table's name, {@code zone_hourly_kpis}. */
    public static final String ZONE_HOURLY_KPIS = "zone_hourly_kpis";

    @Id
    @Column(name = "target", length = 64)
    private String target;

    @Column(name = "watermark")
    private LocalDateTime watermark;

    @Column(name = "updated_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime updatedAt;

    protected KpiStateEntity() {
    }

    public LocalDateTime getWatermark() {
        return watermark;
    }
}
