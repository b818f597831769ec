package org.chillflow.core.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that went away (a restart, a failover, a network cut: the connection dropped) from a statement
 * that failed: the API answers the first 503 with Retry-After, the second 500.
 */
public final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /**
     * Whether the exception, or one it wraps, says the connection was lost rather than that the statement was wrong:
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (the server shutting down or not yet accepting), or the
     * JDBC types for it (Liberty's stale-connection exception is an {@link SQLRecoverableException}).
     */
    public static boolean of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
