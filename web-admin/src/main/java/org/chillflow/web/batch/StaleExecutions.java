package org.chillflow.web.batch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Executions left running by a server that is gone. Liberty marks its own interrupted executions FAILED when it
 * starts again, but an execution whose server never comes back (moved, renamed, scaled down) stays STARTED in the
 * job store for good, and nothing can restart it: operators used to edit the tables by hand. An execution is
 * <em>stale</em> when the job store says STARTING, STARTED or STOPPING and the server that owns it does not
 * answer on the batch REST address it registered (a TCP connect within two seconds). The server checks at
 * start-up (and the API on request); an operator can then mark it FAILED, which makes it restartable.
 *
 * <p>Never stale: an execution of this server (its server id is this server's: Liberty fails its own interrupted
 * executions when it starts, so one still running here is running), and one whose server recorded no address
 * (Liberty's {@code SSL-ENDPOINT-UNAVAILABLE}, written when the server had no HTTPS port on its
 * {@code defaultHttpEndpoint}): nothing can tell whether that server is gone, and marking FAILED an execution that
 * still runs would let a restart run beside it. Those are logged at start-up as not checkable.
 */
@ApplicationScoped
public class StaleExecutions {

    private static final Logger LOG = Logger.getLogger(StaleExecutions.class.getName());
    /** Liberty's job store codes (jakarta.batch BatchStatus ordinals; its InstanceState FAILED is 4 too). */
    private static final int STARTING = 0;
    private static final int STARTED = 1;
    private static final int STOPPING = 2;
    private static final int FAILED = 4;
    private static final int INSTANCE_FAILED = 4;

    public record Stale(long executionId, long instanceId, String jobName, String serverId, String restUrl) {
    }

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    /** This server's id in the job store, as Liberty writes it (read once; empty when it could not be read). */
    private volatile String ownServerId;

    /** Looks again: the running executions whose server does not answer. */
    public List<Stale> scan() throws SQLException {
        return stale(running());
    }

    /** Of these running executions, those whose server does not answer; remembered for {@link #isStale}. */
    private List<Stale> stale(List<Stale> running) {
        Map<String, Boolean> answers = new HashMap<>();
        List<Stale> stale = running.stream().filter(r -> checkable(r)
                && !answers.computeIfAbsent(r.restUrl(), StaleExecutions::answers)).toList();
        known.clear();
        stale.forEach(s -> known.add(s.executionId()));
        return stale;
    }

    /** Whether the execution's server can be judged gone: not this server, and an address to check. */
    private boolean checkable(Stale running) {
        return !ownServerId().equals(running.serverId()) && running.restUrl() != null
                && (running.restUrl().startsWith("https://") || running.restUrl().startsWith("http://"));
    }

    /**
     * This server's id as Liberty's batch writes it into the job store: {@code <defaultHostName>/<user dir>/<server
     * name>}, from the kernel's ServerInfo MBean (public API), the same source Liberty reads.
     */
    private String ownServerId() {
        String id = ownServerId;
        if (id == null) {
            try {
                javax.management.MBeanServer beans = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                javax.management.ObjectName info = new javax.management.ObjectName("WebSphere:feature=kernel,name=ServerInfo");
                String userDir = String.valueOf(beans.getAttribute(info, "UserDirectory")).trim();
                if (userDir.endsWith("/") || userDir.endsWith("\\")) {
                    userDir = userDir.substring(0, userDir.length() - 1);
                }
                id = beans.getAttribute(info, "DefaultHostname") + "/" + userDir + "/" + beans.getAttribute(info, "Name");
                ownServerId = id;
            } catch (javax.management.JMException | RuntimeException e) {
                LOG.warning("could not read this server's id (ServerInfo MBean): " + e);
                id = "";
                ownServerId = id;
            }
        }
        return id;
    }

    /** The executions the job store says are running (STARTING, STARTED, STOPPING). */
    private List<Stale> running() throws SQLException {
        List<Stale> running = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT e.jobexecid, e.fk_jobinstanceid, i.jobname,"
                        + " e.serverid, e.resturl FROM batch.jobexecution e JOIN batch.jobinstance i"
                        + " ON i.jobinstanceid = e.fk_jobinstanceid WHERE e.batchstatus IN (?, ?, ?) ORDER BY e.jobexecid")) {
            query.setInt(1, STARTING);
            query.setInt(2, STARTED);
            query.setInt(3, STOPPING);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    running.add(new Stale(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        return running;
    }

    /** As of the last scan. */
    public boolean isStale(long executionId) {
        return known.contains(executionId);
    }

    /** Start-up: says which executions were left by a server that is gone. */
    public void scanAtStartup() {
        try {
            List<Stale> running = running();
            for (Stale s : running) {
                if (!ownServerId().equals(s.serverId()) && !checkable(s)) {
                    LOG.info(() -> "batch execution " + s.executionId() + " (" + s.jobName() + ") runs on server "
                            + s.serverId() + ", which recorded no batch REST address (" + s.restUrl() + "): whether"
                            + " that server is gone cannot be checked, so it is not reported stale");
                }
            }
            for (Stale s : stale(running)) {
                LOG.warning(() -> "batch execution " + s.executionId() + " (" + s.jobName() + ") is left running by server "
                        + s.serverId() + ", which does not answer at " + s.restUrl() + ": mark it FAILED (console, or"
                        + " POST /api/jobs/executions/" + s.executionId() + "/mark-failed), then restart it");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warning("could not look for stale batch executions: " + e);
        }
    }

    /**
     * Marks a stale execution FAILED (the execution, its running steps and its job instance), so that it can be
     * restarted; refuses anything that is not stale.
     */
    public void markFailed(long executionId, String user) throws SQLException {
        Stale stale = scan().stream().filter(s -> s.executionId() == executionId).findFirst()
                .orElseThrow(() -> new IllegalStateException("execution " + executionId
                        + " is not left running by a server that is gone (it is not running, or its server answers)"));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                update(connection, "UPDATE batch.jobexecution SET batchstatus = ?, exitstatus = ?, endtime = now(),"
                        + " updatetime = now() WHERE jobexecid = ? AND batchstatus IN (0, 1, 2)", FAILED,
                        "FAILED: marked failed by " + user + ": server " + stale.serverId() + " is gone", executionId);
                update(connection, "UPDATE batch.stepthreadexecution SET batchstatus = ?, exitstatus = 'FAILED',"
                        + " endtime = now() WHERE fk_jobexecid = ? AND batchstatus IN (0, 1, 2)", FAILED, executionId);
                update(connection, "UPDATE batch.jobinstance SET batchstatus = ?, instancestate = ?, updatetime = now()"
                        + " WHERE jobinstanceid = ?", FAILED, INSTANCE_FAILED, stale.instanceId());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        known.remove(executionId);
        LOG.warning(() -> "batch execution " + executionId + " marked FAILED by " + user + " (server " + stale.serverId() + " gone)");
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static boolean answers(String restUrl) {
        try {
            URI uri = URI.create(restUrl);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
                return true;
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
