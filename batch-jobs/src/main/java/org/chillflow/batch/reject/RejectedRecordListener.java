package org.chillflow.batch.reject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.reference.InvalidRecordException;

/**
 * Keeps every record a step skips: logged with its reason and stored in {@code ops.rejected_record}
 * (job, execution, step, source, record number, reason code, message, raw text). The step's skip count
 * gives the total; the table gives the count per reason and the lines themselves.
 */
@Named
@Dependent
public class RejectedRecordListener implements SkipProcessListener {

    private static final Logger LOG = Logger.getLogger(RejectedRecordListener.class.getName());

    private static final String INSERT = org.chillflow.core.ops.JobReports.INSERT_REJECTED;

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Override
    public void onSkipProcessItem(Object item, Exception ex) throws Exception {
        String reason = ex instanceof InvalidRecordException invalid ? invalid.reason() : ex.getClass().getSimpleName();
        SourceLine line = item instanceof SourceLine sourceLine ? sourceLine : null;
        LOG.log(Level.WARNING, () -> String.format("job=%s execution=%d step=%s skipped %s line %s: %s (%s)",
                jobContext.getJobName(), jobContext.getExecutionId(), stepContext.getStepName(),
                line == null ? "?" : line.source(), line == null ? "?" : line.number(), ex.getMessage(), reason));
        record(reason, ex.getMessage(), line, item);
    }

    private void record(String reason, String message, SourceLine line, Object item) throws SQLException {
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, jobContext.getJobName());
                insert.setLong(2, jobContext.getInstanceId());
                insert.setLong(3, jobContext.getExecutionId());
                insert.setString(4, stepContext.getStepName());
                insert.setString(5, line == null ? "unknown" : line.source());
                if (line == null) {
                    insert.setNull(6, Types.BIGINT);
                } else {
                    insert.setLong(6, line.number());
                }
                insert.setString(7, reason);
                insert.setString(8, message == null ? "" : message);
                insert.setString(9, line == null ? String.valueOf(item) : line.text());
                insert.setString(10, org.chillflow.batch.infrastructure.BatchRuntimeName.current());
                return insert.executeUpdate();
            }
        });
    }
}
