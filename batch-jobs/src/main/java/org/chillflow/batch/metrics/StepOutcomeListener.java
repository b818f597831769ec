package org.chillflow.batch.metrics;

import java.time.Duration;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * On every step: times it into {@code chillflow_batch_step_duration_seconds{job, step}}, and when it fails,
 * puts the cause in the step's and the job's exit status ({@code FAILED: <message>}), so the API, the CLI
 * and Liberty's batch REST API all say what went wrong (a missing file, a corrupt Parquet footer, columns
 * that cannot be mapped) instead of a bare FAILED. A step listener runs on the step's main thread, once per
 * step execution, partitioned or not.
 */
@Named
@Dependent
public class StepOutcomeListener extends AbstractStepListener {

    /** The job repositories keep exit statuses in VARCHAR(512) columns (JBeret and Liberty alike). */
    private static final int EXIT_STATUS_MAX = 480;

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Inject
    BatchMetrics metrics;

    private long started;
    @SuppressWarnings("unused") // held for the step's duration; see beforeStep
    private org.chillflow.core.logging.LogFields logFields;

    @Override
    public void beforeStep() {
        started = System.nanoTime();
        // this step's log lines carry ext_job, ext_execution, ext_step in Liberty's JSON logs. Left set after the
        // step (the step's other listeners log after this one's afterStep); the next step on the thread replaces them.
        logFields = org.chillflow.core.logging.LogFields.set("job", jobContext.getJobName(),
                "execution", Long.toString(jobContext.getExecutionId()), "step", stepContext.getStepName());
    }

    @Override
    public void afterStep() {
        metrics.stepDuration(jobContext.getJobName(), stepContext.getStepName(),
                Duration.ofNanos(System.nanoTime() - started));
        Exception failure = stepContext.getException();
        metrics.stepFinished(jobContext.getJobName(), stepContext.getStepName(), failure == null ? "completed" : "failed");
        if (failure != null) {
            String exit = failedExitStatus(failure);
            stepContext.setExitStatus(exit);
            jobContext.setExitStatus(exit);
        }
    }

    /**
     * {@code FAILED: } and the first message written for people in the cause chain; one line, bounded. Only
     * messages that ChillFlow's own code wrote (they name a parameter and a reason, never file content) are shown.
     */
    static String failedExitStatus(Throwable failure) {
        Throwable t = failure;
        // skip wrappers whose message is only their cause's toString() (or that have none)
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().isBlank() || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message;
        if (t instanceof java.nio.file.NoSuchFileException missing) {
            message = "no such file: " + missing.getFile() + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        } else if (t.getMessage() == null || t.getMessage().isBlank()) {
            message = t.getClass().getName();
        } else if (writtenByUs(t)) {
            message = t.getMessage();
        } else {
            // a library's message may quote what it read (bytes of a file, a row's values): every viewer sees the
            // exit status, so it names the kind of failure only; the whole exception is in the job log
            message = t.getClass().getSimpleName() + " (details in the job log)";
        }
        String text = ("FAILED: " + message).replaceAll("\\s+", " ").trim();
        return text.length() <= EXIT_STATUS_MAX ? text : text.substring(0, EXIT_STATUS_MAX - 1) + "…";
    }

    /** Whether the exception was created by ChillFlow's code (its messages are written for the exit status). */
    static boolean writtenByUs(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.chillflow.");
    }
}
