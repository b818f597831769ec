package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Read model of {@code dim.zone}. Rows are written by the seed-zones job (JDBC upsert), not through JPA. */
@Entity
@Table(schema = "dim", name = "zone")
public class ZoneEntity {

    @Id
    @Column(name = "zone_id")
    private int zoneId;

    @Column(nullable = false, length = 50)
    private String borough;

    @Column(name = "zone_name", nullable = false, length = 100)
    private String zoneName;

    @Column(name = "service_zone", nullable = false, length = 50)
    private String serviceZone;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime updatedAt;

    protected ZoneEntity() {
    }

    public int getZoneId() {
        return zoneId;
    }

    public String getBorough() {
        return borough;
    }

    public String getZoneName() {
        return zoneName;
    }

    public String getServiceZone() {
        return serviceZone;
    }

    public LocalDateTime getCreatedAt() {
        return createdAt;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }
}
