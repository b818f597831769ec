package org.chillflow.batch.metrics;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Prometheus counters of the batch jobs, in the server's application registry:
 * {@code chillflow_batch_rows_total{job, outcome, rule}} (outcome: curated, rejected, flagged, loaded) and
 * the timer {@code chillflow_batch_step_duration_seconds{job, step}} (one sample per step execution).
 * Under JBeret SE there is no registry (the CLI serves no /metrics) and nothing is counted here; the
 * job repository's step metrics and the DQ report still hold every count.
 */
@ApplicationScoped
public class BatchMetrics {

    private static final Metadata ROWS = Metadata.builder().withName("chillflow_batch_rows")
            .withDescription("Rows handled by ChillFlow batch jobs, by job, outcome and data-quality rule").build();

    private static final Metadata STEP_DURATION = Metadata.builder().withName("chillflow_batch_step_duration")
            .withDescription("Duration of ChillFlow batch steps, by job and step").withUnit(MetricUnits.SECONDS)
            .build();

    @Inject
    Instance<MetricRegistry> registries;

    private static final Metadata KPI_DURATION = Metadata.builder().withName("chillflow_kpi_aggregation_duration")
            .withDescription("Duration of KPI aggregation runs, by mode").withUnit(MetricUnits.SECONDS).build();
    private static final Metadata KPI_HOURS = Metadata.builder().withName("chillflow_kpi_hours_processed")
            .withDescription("Hours recomputed by KPI aggregation runs, by mode").build();
    private static final Metadata KPI_ROWS = Metadata.builder().withName("chillflow_kpi_rows_written")
            .withDescription("KPI rows inserted or changed by aggregation runs, by mode").build();

    /** One aggregation run: chillflow_kpi_aggregation_duration_seconds, _hours_processed_total, _rows_written_total. */
    public void kpiRun(String mode, Duration duration, long hours, long rows) {
        if (!registries.isResolvable()) {
            return;
        }
        MetricRegistry registry = registries.get();
        Tag tag = new Tag("mode", mode);
        registry.timer(KPI_DURATION, tag).update(duration);
        registry.counter(KPI_HOURS, tag).inc(hours);
        registry.counter(KPI_ROWS, tag).inc(rows);
    }

    private static final Metadata STEPS = Metadata.builder().withName("chillflow_batch_steps")
            .withDescription("Finished ChillFlow batch steps, by job, step and status (completed, failed)").build();

    /** chillflow_batch_steps_total{job, step, status}: what the "step failed" alert counts. */
    public void stepFinished(String job, String step, String status) {
        if (!registries.isResolvable()) {
            return;
        }
        registries.get().counter(STEPS, new Tag("job", job), new Tag("step", step), new Tag("status", status)).inc();
    }

    public void stepDuration(String job, String step, Duration duration) {
        if (!registries.isResolvable()) {
            return;
        }
        registries.get().timer(STEP_DURATION, new Tag("job", job), new Tag("step", step)).update(duration);
    }

    public void rows(String job, String outcome, String rule, long count) {
        if (count <= 0 || !registries.isResolvable()) {
            return;
        }
        registries.get().counter(ROWS, new Tag("job", job), new Tag("outcome", outcome), new Tag("rule", rule))
                .inc(count);
    }

    public void rows(String job, String outcome, Map<String, Long> countsByRule) {
        countsByRule.forEach((rule, count) -> rows(job, outcome, rule, count));
    }
}
