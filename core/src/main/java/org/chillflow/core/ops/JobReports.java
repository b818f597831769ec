package org.chillflow.core.ops;

import org.chillflow.core.trip.quality.DqReport;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;

/**
 * What the batch jobs record about an execution beside the job repository, read back for the API: the data-quality
 * report ({@code ops.dq_report}, written by the curate step) and the rejected records by reason
 * ({@code ops.rejected_record}). Keyed by runtime ({@code liberty}, {@code jberet-se}) and job instance.
 */
public final class JobReports {

    /** A curation's data-quality report. */
    public record DqReport(String input, String month, long rowsIn, long rowsOut, double retentionRate,
            Map<String, Long> counts) {
    }

    private final DataSource dataSource;

    public JobReports(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The instance's data-quality report, or null when it has none (not a curation, or not finished). */
    public DqReport dqReport(String runtime, long instanceId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT input, month, rows_in, rows_out,"
                        + " retention_rate, (SELECT json_object_agg(key, value::bigint) FROM jsonb_each_text(counts))"
                        + " FROM ops.dq_report WHERE runtime = ? AND job_instance_id = ?")) {
            query.setString(1, runtime);
            query.setLong(2, instanceId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Long> counts = new TreeMap<>();
                String json = rows.getString(6);
                if (json != null) {
                    try (JsonReader reader = Json.createReader(new StringReader(json))) {
                        reader.readObject().forEach((code, n) -> counts.put(code, ((JsonNumber) n).longValue()));
                    }
                }
                return new DqReport(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                        rows.getDouble(5), counts);
            }
        }
    }

    /** The instance's rejected records, counted by reason. */
    public Map<String, Long> rejectsByReason(String runtime, String jobName, long instanceId) throws SQLException {
        Map<String, Long> result = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT reason, count(*) FROM ops.rejected_record"
                        + " WHERE runtime = ? AND job_name = ? AND job_instance_id = ? GROUP BY reason")) {
            query.setString(1, runtime);
            query.setString(2, jobName);
            query.setLong(3, instanceId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return result;
    }
}
