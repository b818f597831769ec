package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stop asked for an execution that another server runs ({@code ops.stop_request}): that server stops it at its next
 * schedule tick and removes the row.
 */
@Entity
@Table(schema = "ops", name = "stop_request")
public class StopRequestEntity {

    @Id
    @Column(name = "execution_id")
    private long executionId;

    @Column(name = "requested_by", nullable = false, length = 128)
    private String requestedBy;

    @Column(name = "requested_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime requestedAt;

    protected StopRequestEntity() {
    }

    public StopRequestEntity(long executionId, String requestedBy) {
        this.executionId = executionId;
        this.requestedBy = requestedBy;
    }

    public long getExecutionId() {
        return executionId;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public LocalDateTime getRequestedAt() {
        return requestedAt;
    }
}
