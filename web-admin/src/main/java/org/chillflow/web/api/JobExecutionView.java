package org.chillflow.web.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

/** A job execution with its steps' metrics, as the API returns it. */
public record JobExecutionView(long executionId, long instanceId, String jobName, String batchStatus,
        String exitStatus, Instant createTime, Instant startTime, Instant endTime, Instant lastUpdatedTime,
        Long durationMs, Map<String, String> parameters, List<StepView> steps, Map<String, Long> rejectsByReason,
        DqReportView dqReport) {

    /**
     * The month's data-quality report (curate-month, ingest-month), once curation has completed. {@code retentionRate}
     * is a percentage (rows out / rows in × 100); {@code counts} has every code, {@code rejectedBy} the codes that
     * rejected rows (rules and unreadable rows), {@code flaggedBy} the flag-only rules (rows kept), {@code meanings}
     * each code's meaning.
     */
    public record DqReportView(String input, String month, long rowsIn, long rowsOut, long rejected,
            double retentionRate, Map<String, Long> counts, Map<String, Long> rejectedBy, Map<String, Long> flaggedBy,
            Map<String, String> meanings) {

        public static DqReportView of(String input, String month, long rowsIn, long rowsOut, double retentionRate,
                Map<String, Long> counts) {
            Map<String, Long> rejected = new java.util.TreeMap<>();
            Map<String, Long> flagged = new java.util.TreeMap<>();
            Map<String, String> meanings = new java.util.TreeMap<>();
            counts.forEach((code, n) -> {
                var rule = org.chillflow.core.trip.quality.DqRule.ofCode(code);
                boolean flag = rule.isPresent() && rule.get().action() == org.chillflow.core.trip.quality.DqAction.FLAG;
                (flag ? flagged : rejected).put(code, n);
                meanings.put(code, rule.map(org.chillflow.core.trip.quality.DqRule::meaning)
                        .orElse("a value that could not be read"));
            });
            return new DqReportView(input, month, rowsIn, rowsOut, rowsIn - rowsOut, retentionRate, counts, rejected,
                    flagged, meanings);
        }
    }

    /** totalItems and percent are known for steps that count their input before reading (Parquet). */
    public record StepView(long stepExecutionId, String stepName, String batchStatus, String exitStatus,
            Instant startTime, Instant endTime, Map<String, Long> metrics, Long totalItems, Double percent) {

        static StepView of(StepExecution step) {
            Map<String, Long> metrics = new LinkedHashMap<>();
            Metric[] all = step.getMetrics();
            if (all != null) {
                for (Metric metric : all) {
                    metrics.put(camel(metric.getType().name()), metric.getValue());
                }
            }
            Long total = step.getPersistentUserData() instanceof org.chillflow.batch.curation.StepProgress progress
                    ? progress.totalItems() : null;
            Double percent = total == null || total == 0 ? null
                    : Math.min(100.0, Math.round(metrics.getOrDefault("readCount", 0L) * 1000.0 / total) / 10.0);
            return new StepView(step.getStepExecutionId(), step.getStepName(), String.valueOf(step.getBatchStatus()),
                    step.getExitStatus(), instant(step.getStartTime()), instant(step.getEndTime()), metrics, total,
                    percent);
        }
    }

    static JobExecutionView of(JobExecution execution, long instanceId, List<StepExecution> steps,
            Map<String, Long> rejectsByReason, DqReportView dqReport) {
        Instant start = instant(execution.getStartTime());
        Instant end = instant(execution.getEndTime());
        Long duration = start == null ? null : Duration.between(start, end == null ? Instant.now() : end).toMillis();
        return new JobExecutionView(execution.getExecutionId(), instanceId, execution.getJobName(),
                String.valueOf(execution.getBatchStatus()), execution.getExitStatus(),
                instant(execution.getCreateTime()), start, end, instant(execution.getLastUpdatedTime()), duration,
                parameters(execution.getJobParameters()), steps.stream().map(StepView::of).toList(), rejectsByReason,
                dqReport);
    }

    /**
     * The parameters as the job got them, except that a file inside the data directory is named relative to it
     * (the API resolves file names to absolute paths before submitting; the server's layout is not the caller's
     * business).
     */
    private static Map<String, String> parameters(Properties properties) {
        Map<String, String> result = new TreeMap<>();
        if (properties != null) {
            org.chillflow.core.config.DataDirectory data = org.chillflow.core.config.DataDirectory.configured();
            properties.stringPropertyNames().forEach(n -> {
                String value = properties.getProperty(n);
                result.put(n, value != null && value.startsWith("/") ? data.display(java.nio.file.Path.of(value)) : value);
            });
        }
        return result;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** READ_SKIP_COUNT -> readSkipCount */
    static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : constant.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
