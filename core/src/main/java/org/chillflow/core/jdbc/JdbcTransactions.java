package org.chillflow.core.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Runs JDBC work so that it commits exactly once with its chunk, whoever owns the transaction.
 *
 * <p>Inside Liberty a batch chunk runs in a JTA transaction and the container-managed connection is
 * enlisted in it (auto-commit is off and calling commit is forbidden). Under JBeret SE the DataSource is a
 * plain pool whose connections auto-commit; there we open a local transaction ourselves so that a chunk's
 * writes still land together or not at all.
 */
public final class JdbcTransactions {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private JdbcTransactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean localTransaction = connection.getAutoCommit();
            if (!localTransaction) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
