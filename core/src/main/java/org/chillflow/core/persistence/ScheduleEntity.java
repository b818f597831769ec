package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A job schedule and its lease ({@code ops.schedule}): the row is the lease — a server fires a due schedule with one
 * conditional JPQL update that moves {@code nextFireAt} forward, so exactly one of several servers fires it
 * (ScheduleStore.claim).
 */
@Entity
@Table(schema = "ops", name = "schedule")
public class ScheduleEntity {

    @Id
    @Column(name = "name", length = 64)
    private String name;

    @Column(name = "job_name", nullable = false, length = 64)
    private String jobName;

    /** Job parameters as {@code k=v,k=v}. */
    @Column(name = "parameters", nullable = false, length = 1000)
    private String parameters;

    /** An ISO-8601 duration, e.g. PT1H. */
    @Column(name = "every", nullable = false, length = 32)
    private String every;

    /** Fire times are midnight UTC + this offset + k × every. */
    @Column(name = "offset_in_day", nullable = false, length = 32)
    private String offsetInDay;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "next_fire_at", nullable = false)
    private LocalDateTime nextFireAt;

    @Column(name = "last_fired_at")
    private LocalDateTime lastFiredAt;

    @Column(name = "last_fired_by", length = 128)
    private String lastFiredBy;

    @Column(name = "last_execution_id")
    private Long lastExecutionId;

    @Column(name = "last_error", length = 512)
    private String lastError;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected ScheduleEntity() {
    }

    public ScheduleEntity(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getJobName() {
        return jobName;
    }

    public void setJobName(String jobName) {
        this.jobName = jobName;
    }

    public String getParameters() {
        return parameters;
    }

    public void setParameters(String parameters) {
        this.parameters = parameters;
    }

    public String getEvery() {
        return every;
    }

    public void setEvery(String every) {
        this.every = every;
    }

    public String getOffsetInDay() {
        return offsetInDay;
    }

    public void setOffsetInDay(String offsetInDay) {
        this.offsetInDay = offsetInDay;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public LocalDateTime getNextFireAt() {
        return nextFireAt;
    }

    public void setNextFireAt(LocalDateTime nextFireAt) {
        this.nextFireAt = nextFireAt;
    }

    public LocalDateTime getLastFiredAt() {
        return lastFiredAt;
    }

    public String getLastFiredBy() {
        return lastFiredBy;
    }

    public Long getLastExecutionId() {
        return lastExecutionId;
    }

    public void setLastExecutionId(Long lastExecutionId) {
        this.lastExecutionId = lastExecutionId;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public void setUpdatedAt(LocalDateTime updatedAt) {
        this.updatedAt = updatedAt;
    }
}
