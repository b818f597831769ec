package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One KPI aggregation run ({@code ops.kpi_run}): what it recomputed and when. The aggregation records it in the
 * transaction of its set-based upsert; the API reads the last one through JPA.
 */
@Entity
@Table(schema = "ops", name = "kpi_run")
public class KpiRunEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private long id;

    @Column(name = "runtime", nullable = false, length = 16)
    private String runtime;

    @Column(name = "job_execution_id")
    private Long jobExecutionId;

    /** {@code full}, {@code incremental} or {@code backfill}. */
    @Column(name = "mode", nullable = false, length = 16)
    private String mode;

    @Column(name = "window_from")
    private LocalDateTime windowFrom;

    @Column(name = "window_to")
    private LocalDateTime windowTo;

    @Column(name = "hours", nullable = false)
    private int hours;

    @Column(name = "rows_written", nullable = false)
    private int rowsWritten;

    @Column(name = "rows_deleted", nullable = false)
    private int rowsDeleted;

    @Column(name = "started_at", nullable = false)
    private LocalDateTime startedAt;

    @Column(name = "finished_at", nullable = false)
    private LocalDateTime finishedAt;

    protected KpiRunEntity() {
    }

    public Long getJobExecutionId() {
        return jobExecutionId;
    }

    public String getMode() {
        return mode;
    }

    public LocalDateTime getWindowFrom() {
        return windowFrom;
    }

    public LocalDateTime getWindowTo() {
        return windowTo;
    }

    public int getHours() {
        return hours;
    }

    public int getRowsWritten() {
        return rowsWritten;
    }

    public int getRowsDeleted() {
        return rowsDeleted;
    }

    public LocalDateTime getStartedAt() {
        return startedAt;
    }

    public LocalDateTime getFinishedAt() {
        return finishedAt;
    }
}
