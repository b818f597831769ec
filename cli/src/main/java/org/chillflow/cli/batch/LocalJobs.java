package org.chillflow.cli.batch;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.jberet.operations.JobOperatorImpl;

/**
 * Runs ChillFlow's job XMLs in this JVM through JBeret SE, with the job repository in PostgreSQL. The
 * schema is migrated first, through the same code the server uses.
 */
public final class LocalJobs {

    private static final Set<BatchStatus> FINISHED = EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED,
            BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private final JobOperator operator;

    public LocalJobs() {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        operator = new JobOperatorImpl(new ChillflowBatchEnvironment());
    }

    public JobOperator operator() {
        return operator;
    }

    public long start(String job, Properties parameters) {
        return operator.start(job, parameters);
    }

    public long restart(long executionId, Properties parameters) {
        return operator.restart(executionId, parameters);
    }

    /** Waits until the execution has finished (any terminal status) or the timeout passes. */
    public JobExecution await(long executionId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobExecution execution = operator.getJobExecution(executionId);
            if (FINISHED.contains(execution.getBatchStatus())) {
                return execution;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("execution " + executionId + " still " + execution.getBatchStatus()
                        + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
