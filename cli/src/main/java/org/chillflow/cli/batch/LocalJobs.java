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
        return await(executionId, timeout, progress -> { });
    }

    /** As {@link #await(long, Duration)}, telling {@code progress} about the running step every second. */
    public JobExecution await(long executionId, Duration timeout, java.util.function.Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = 0;
        while (true) {
            JobExecution execution = operator.getJobExecution(executionId);
            if (FINISHED.contains(execution.getBatchStatus())) {
                return execution;
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(progressLine(executionId));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("execution " + executionId + " still " + execution.getBatchStatus()
                        + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** "step curate: 45.2 % (1,356,000 of 3,000,000)" for the newest step, or its read count alone. */
    private String progressLine(long executionId) {
        java.util.List<jakarta.batch.runtime.StepExecution> steps = operator.getStepExecutions(executionId);
        if (steps.isEmpty()) {
            return "starting...";
        }
        jakarta.batch.runtime.StepExecution step = steps.get(steps.size() - 1);
        long read = 0;
        for (jakarta.batch.runtime.Metric metric : step.getMetrics()) {
            if (metric.getType() == jakarta.batch.runtime.Metric.MetricType.READ_COUNT) {
                read = metric.getValue();
            }
        }
        if (step.getPersistentUserData() instanceof org.chillflow.batch.curation.StepProgress total
                && total.totalItems() > 0) {
            int width = 30;
            int filled = (int) Math.min(width, read * width / total.totalItems());
            return String.format("step %s [%s%s] %5.1f %% (%,d of %,d)", step.getStepName(), "#".repeat(filled),
                    " ".repeat(width - filled), read * 100.0 / total.totalItems(), read, total.totalItems());
        }
        return String.format("step %s: %,d read", step.getStepName(), read);
    }
}
