package org.chillflow.core.persistence;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One curate chunk's counts ({@code ops.dq_chunk}). Written in the chunk's own transaction by the curated-part writer
 * with one {@code INSERT … ON CONFLICT} (a redone chunk replaces its counts); summed per instance by SQL
 * ({@code jsonb_each_text}) when the report is built. Mapped so that the start-up validation covers the table.
 */
@Entity
@Table(schema = "ops", name = "dq_chunk")
@IdClass(DqChunkEntity.Key.class)
public class DqChunkEntity {

    /** Runtime, job instance and the chunk's first row. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String runtime;
        private long jobInstanceId;
        private long firstRow;

        protected Key() {
        }

        public Key(String runtime, long jobInstanceId, long firstRow) {
            this.runtime = runtime;
            this.jobInstanceId = jobInstanceId;
            this.firstRow = firstRow;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.jobInstanceId == jobInstanceId && k.firstRow == firstRow
                    && Objects.equals(k.runtime, runtime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runtime, jobInstanceId, firstRow);
        }
    }

    @Id
    @Column(name = "runtime", length = 16)
    private String runtime;

    @Id
    @Column(name = "job_instance_id")
    private long jobInstanceId;

    @Id
    @Column(name = "first_row")
    private long firstRow;

    @Column(name = "rows_in", nullable = false)
    private long rowsIn;

    @Column(name = "rows_out", nullable = false)
    private long rowsOut;

    @Column(name = "counts", nullable = false, columnDefinition = "jsonb", insertable = false, updatable = false)
    private String counts;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    protected DqChunkEntity() {
    }

    public long getFirstRow() {
        return firstRow;
    }

    public long getRowsIn() {
        return rowsIn;
    }

    public long getRowsOut() {
        return rowsOut;
    }

    public String getCounts() {
        return counts;
    }
}
