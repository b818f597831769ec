package org.chillflow.core.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs JDBC work so that it commits exactly once with its chunk, whoever owns the transaction.
 *
 * <p>Inside Liberty a batch chunk runs in a JTA transaction and the container-managed connection is
 * enlisted in it: the work simply runs, and commits or rolls back with the chunk (touching auto-commit
 * there is an error, DSRA9350E). Under JBeret SE there is no JTA transaction and the DataSource is a plain
 * one whose connections auto-commit; there we open a local transaction ourselves so that a chunk's writes
 * still land together or not at all.
 */
public final class JdbcTransactions {

    private static final String TSR_JNDI = "java:comp/TransactionSynchronizationRegistry";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private JdbcTransactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (inGlobalTransaction()) {
                return work.run(connection);
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** True when a container (JTA) transaction is active on this thread. */
    static boolean inGlobalTransaction() {
        try {
            Object registry = new InitialContext().lookup(TSR_JNDI);
            return registry instanceof TransactionSynchronizationRegistry tsr
                    && tsr.getTransactionStatus() == Status.STATUS_ACTIVE;
        } catch (NamingException | RuntimeException | LinkageError e) {
            // no naming service or no JTA classes: we are not inside an application server
            return false;
        }
    }
}
