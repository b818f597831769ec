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
 * A curation's data-quality report ({@code ops.dq_report}), one per runtime and job instance: read by the API through
 * JPA. Written by the curate step's listener in the step's own transaction with one {@code INSERT … ON CONFLICT}
 * (JobReports.UPSERT_DQ_REPORT): a restarted instance replaces its report, which JPA's merge would do in two round
 * trips and a race.
 */
@Entity
@Table(schema = "ops", name = "dq_report")
@IdClass(DqReportEntity.Key.class)
public class DqReportEntity {

    /** Runtime ({@code liberty}, {@code jberet-se}) and job instance. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String runtime;
        private long jobInstanceId;

        protected Key() {
        }

        public Key(String runtime, long jobInstanceId) {
            this.runtime = runtime;
            this.jobInstanceId = jobInstanceId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.jobInstanceId == jobInstanceId && Objects.equals(k.runtime, runtime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runtime, jobInstanceId);
        }
    }

    @Id
    @Column(name = "runtime", length = 16)
    private String runtime;

    @Id
    @Column(name = "job_instance_id")
    private long jobInstanceId;

    /** The execution that completed it. */
    @Column(name = "job_execution_id", nullable = false)
    private long jobExecutionId;

    @Column(name = "input", nullable = false, columnDefinition = "text")
    private String input;

    @Column(name = "month", length = 7)
    private String month;

    @Column(name = "output", nullable = false, columnDefinition = "text")
    private String output;

    @Column(name = "rows_in", nullable = false)
    private long rowsIn;

    @Column(name = "rows_out", nullable = false)
    private long rowsOut;

    @Column(name = "retention_rate", nullable = false, precision = 6, scale = 2)
    private BigDecimal retentionRate;

    /** Rule code to rows, as a JSON object. */
    @Column(name = "counts", nullable = false, columnDefinition = "jsonb", insertable = false, updatable = false)
    private String counts;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime updatedAt;

    protected DqReportEntity() {
    }

    public String getRuntime() {
        return runtime;
    }

    public long getJobInstanceId() {
        return jobInstanceId;
    }

    public long getJobExecutionId() {
        return jobExecutionId;
    }

    public String getInput() {
        return input;
    }

    public String getMonth() {
        return month;
    }

    public String getOutput() {
        return output;
    }

    public long getRowsIn() {
        return rowsIn;
    }

    public long getRowsOut() {
        return rowsOut;
    }

    public BigDecimal getRetentionRate() {
        return retentionRate;
    }

    /** The rule counts as the JSON object stored. */
    public String getCounts() {
        return counts;
    }
}
