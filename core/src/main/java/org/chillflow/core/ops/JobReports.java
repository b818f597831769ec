package org.chillflow.core.ops;

import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;

import org.chillflow.core.persistence.DqReportEntity;
import org.chillflow.core.persistence.Transactions;

/**
 * What the batch jobs record about an execution beside the job repository — the curate step's chunk counts
 * ({@code ops.dq_chunk}) and data-quality report ({@code ops.dq_report}), the records a step skipped
 * ({@code ops.rejected_record}) — with every statement on those tables: the writers (batch-jobs' CuratedPartWriter,
 * DqReportListener, RejectedRecordListener) bind these, the API reads through the methods. Keyed by runtime
 * ({@code liberty}, {@code jberet-se}) and job instance. The API reads through the entities (JPA); the writers keep
 * SQL upserts ({@code ON CONFLICT}) in the chunk's own transaction, under Liberty and JBeret SE alike: a restarted
 * chunk must replace or keep its rows, and JPA has no insert-if-absent (a merge is a read, then a write that races).
 */
public final class JobReports {

    /** A chunk's counts (runtime, instance, first row, rows in, rows out, counts JSON); a redone chunk replaces its own. */
    public static final String UPSERT_DQ_CHUNK = "INSERT INTO ops.dq_chunk (runtime, job_instance_id, first_row, rows_in,"
            + " rows_out, counts) VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (runtime, job_instance_id, first_row) DO UPDATE"
            + " SET rows_in = EXCLUDED.rows_in, rows_out = EXCLUDED.rows_out, counts = EXCLUDED.counts,"
            + " created_at = CURRENT_TIMESTAMP";

    /** Rows in and out over an instance's chunks (runtime, instance). */
    public static final String SUM_DQ_CHUNKS = "SELECT coalesce(sum(rows_in), 0), coalesce(sum(rows_out), 0)"
            + " FROM ops.dq_chunk WHERE runtime = ? AND job_instance_id = ?";

    /** Each rule's count over an instance's chunks (runtime, instance). */
    public static final String SUM_DQ_COUNTS = "SELECT key, sum(value::bigint) FROM ops.dq_chunk,"
            + " jsonb_each_text(counts) WHERE runtime = ? AND job_instance_id = ? GROUP BY key ORDER BY key";

    /** The month's report (runtime, instance, execution, input, month, output, rows in, rows out, retention, counts JSON). */
    public static final String UPSERT_DQ_REPORT = "INSERT INTO ops.dq_report (runtime, job_instance_id,"
            + " job_execution_id, input, month, output, rows_in, rows_out, retention_rate, counts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (runtime, job_instance_id) DO UPDATE SET"
            + " job_execution_id = EXCLUDED.job_execution_id, rows_in = EXCLUDED.rows_in,"
            + " rows_out = EXCLUDED.rows_out, retention_rate = EXCLUDED.retention_rate,"
            + " counts = EXCLUDED.counts, updated_at = CURRENT_TIMESTAMP";

    /**
     * A skipped record (job, instance, execution, step, source, record number, reason, message, raw text, runtime); a
     * record skipped again on a restart is kept once.
     */
    public static final String INSERT_REJECTED = "INSERT INTO ops.rejected_record"
            + " (job_name, job_instance_id, job_execution_id, step_name, source, record_number, reason, message, raw,"
            + " runtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (runtime, job_name, job_instance_id, step_name, source, record_number) DO NOTHING";

    /** A curation's data-quality report. */
    public record DqReport(String input, String month, long rowsIn, long rowsOut, double retentionRate,
            Map<String, Long> counts) {
    }

    private final Transactions transactions;

    public JobReports(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The instance's data-quality report, or null when it has none (not a curation, or not finished). */
    public DqReport dqReport(String runtime, long instanceId) {
        return transactions.inTransaction(em -> {
            DqReportEntity report = em.find(DqReportEntity.class, new DqReportEntity.Key(runtime, instanceId));
            if (report == null) {
                return null;
            }
            Map<String, Long> counts = new TreeMap<>();
            try (JsonReader reader = Json.createReader(new StringReader(report.getCounts()))) {
                reader.readObject().forEach((code, n) -> counts.put(code, ((JsonNumber) n).longValue()));
            }
            return new DqReport(report.getInput(), report.getMonth(), report.getRowsIn(), report.getRowsOut(),
                    report.getRetentionRate().doubleValue(), counts);
        });
    }

    /** The instance's rejected records, counted by reason. */
    public Map<String, Long> rejectsByReason(String runtime, String jobName, long instanceId) {
        return transactions.inTransaction(em -> {
            Map<String, Long> result = new TreeMap<>();
            em.createQuery("select r.reason, count(r) from RejectedRecordEntity r where r.runtime = :runtime"
                    + " and r.jobName = :job and r.jobInstanceId = :instance group by r.reason", Object[].class)
                    .setParameter("runtime", runtime).setParameter("job", jobName).setParameter("instance", instanceId)
                    .getResultList().forEach(row -> result.put((String) row[0], ((Number) row[1]).longValue()));
            return result;
        });
    }
}
