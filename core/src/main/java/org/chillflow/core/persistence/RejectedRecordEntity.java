package org.chillflow.core.persistence;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A record a batch step skipped ({@code ops.rejected_record}), with its reason: counted per reason by the API through
 * JPA. Written by the reject listener in the chunk's transaction with {@code INSERT … ON CONFLICT DO NOTHING}, so a
 * record skipped again by a restart is kept once (JPA has no insert-if-absent).
 */
@Entity
@Table(schema = "ops", name = "rejected_record")
public class RejectedRecordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private long id;

    @Column(name = "runtime", nullable = false, length = 16)
    private String runtime;

    @Column(name = "job_name", nullable = false, length = 100)
    private String jobName;

    @Column(name = "job_instance_id", nullable = false)
    private long jobInstanceId;

    /** The execution that rejected it first. */
    @Column(name = "job_execution_id", nullable = false)
    private long jobExecutionId;

    @Column(name = "step_name", nullable = false, length = 100)
    private String stepName;

    /** The file or topic the record came from. */
    @Column(name = "source", nullable = false, columnDefinition = "text")
    private String source;

    /** 1-based line or row number in the source. */
    @Column(name = "record_number")
    private Long recordNumber;

    /** A stable code, counted per reason. */
    @Column(name = "reason", nullable = false, length = 100)
    private String reason;

    @Column(name = "message", nullable = false, columnDefinition = "text")
    private String message;

    @Column(name = "raw", columnDefinition = "text")
    private String raw;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private LocalDateTime createdAt;

    protected RejectedRecordEntity() {
    }

    public long getId() {
        return id;
    }

    public String getJobName() {
        return jobName;
    }

    public long getJobInstanceId() {
        return jobInstanceId;
    }

    public String getStepName() {
        return stepName;
    }

    public Long getRecordNumber() {
        return recordNumber;
    }

    public String getReason() {
        return reason;
    }

    public String getMessage() {
        return message;
    }
}
