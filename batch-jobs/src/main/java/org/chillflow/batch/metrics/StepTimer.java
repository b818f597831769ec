package org.chillflow.batch.metrics;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Times each step into {@code chillflow_batch_step_duration_seconds{job, step}}. A step listener runs on
 * the step's main thread, once per step execution, partitioned or not.
 */
@Named
@Dependent
public class StepTimer extends AbstractStepListener {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Inject
    BatchMetrics metrics;

    private long started;

    @Override
    public void beforeStep() {
        started = System.nanoTime();
    }

    @Override
    public void afterStep() {
        metrics.stepDuration(jobContext.getJobName(), stepContext.getStepName(),
                java.time.Duration.ofNanos(System.nanoTime() - started));
    }
}
