package org.chillflow.web.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stops across servers. Liberty's {@link JobOperator#stop} stops only an execution its own server runs (for one that
 * runs elsewhere it answers "not running"), so with several servers a stop asked of one server is recorded in
 * {@code ops.stop_request}, and every server, at each schedule tick, stops the requested executions it runs and
 * deletes their requests; a request whose execution is no longer running anywhere is deleted by whoever sees it.
 * The stop itself is Liberty's, by the identity that submitted the job (the service identity, as the API submits).
 */
@ApplicationScoped
public class StopRequests {

    private static final Logger LOG = Logger.getLogger(StopRequests.class.getName());
    /** Liberty's job store codes (jakarta.batch BatchStatus ordinals): STARTING, STARTED. */
    private static final String RUNNING = "(0, 1)";

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    /**
     * Records a stop for an execution another server runs; false when the job store does not say it is running (then
     * there is nothing to stop anywhere).
     */
    public boolean request(long executionId, String user) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ops.stop_request (execution_id,"
                        + " requested_by) SELECT jobexecid, ? FROM batch.jobexecution WHERE jobexecid = ? AND batchstatus IN "
                        + RUNNING + " ON CONFLICT (execution_id) DO NOTHING")) {
            insert.setString(1, user);
            insert.setLong(2, executionId);
            insert.executeUpdate();
            return running(connection, executionId);
        }
    }

    /** At each tick of every server: stops the requested executions this server runs; forgets the finished ones. */
    public void honour() throws SQLException {
        List<Long> requested = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT execution_id FROM ops.stop_request");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                requested.add(rows.getLong(1));
            }
        }
        if (requested.isEmpty()) {
            return;
        }
        JobOperator operator = BatchRuntime.getJobOperator();
        for (long id : requested) {
            try {
                operator.stop(id);
                LOG.info(() -> "batch execution " + id + ": stopped on request from another server");
                forget(id);
            } catch (JobExecutionNotRunningException notHere) {
                try (Connection connection = dataSource.getConnection()) {
                    if (!running(connection, id)) {
                        forget(id); // it ended (or was stopped) meanwhile
                    } // else: another server runs it, and stops it at its own tick
                }
            }
        }
    }

    private void forget(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM ops.stop_request WHERE execution_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    private static boolean running(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM batch.jobexecution WHERE jobexecid = ?"
                + " AND batchstatus IN " + RUNNING)) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
