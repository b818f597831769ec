package org.chillflow.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct JDBC to the test server's database, to check what the server wrote. */
final class TestDatabase {

    private TestDatabase() {
    }

    static long count(String sql) {
        return first(sql, rows -> rows.getLong(1));
    }

    /** The first column of the first row as a decimal (null when SQL NULL). */
    static java.math.BigDecimal decimal(String sql) {
        return first(sql, rows -> rows.getBigDecimal(1));
    }

    /** The first column of the first row as text (null when SQL NULL). */
    static String text(String sql) {
        return first(sql, rows -> rows.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> T first(String sql, Column<T> column) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return column.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Whether PostgreSQL accepts a connection now. */
    static boolean reachable() {
        try (Connection connection = connect()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("chillflow.it.db.url"), "chillflow",
                System.getProperty("chillflow.it.db.password", "chillflow"));
    }
}
