package org.chillflow.core.migration;

import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one way the schema is created and upgraded: the server at start-up, the CLI and the tests all call
 * {@link #migrate(DataSource)}, so they can never disagree about the schema.
 */
public final class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    /** Flyway's own history table lives in {@code ops}, next to our other operational tables. */
    public static final String HISTORY_SCHEMA = "ops";

    private SchemaMigrator() {
    }

    /**
     * V1's comment on the KPI table once cited a document outside the repository; it now points to
     * docs/GLOSSARY.md. Only the comment changed, but Flyway checksums the whole file, so a database that applied
     * the old wording would refuse to start. Exactly that one known checksum is realigned (old → new) before
     * Flyway validates; any other difference in an applied migration still fails validation, as it must.
     */
    static final int V1_OLD_CHECKSUM = -137624750;
    static final int V1_CHECKSUM = -1813652828;

    public static MigrateResult migrate(DataSource dataSource) {
        realignV1CommentChecksum(dataSource);
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // no SQL callbacks. Flyway 13 scans classpath:db/callback whatever this says, and on Liberty logs an
                // ERROR for a location that does not exist: db/callback holds only the empty marker file flyway.location
                .callbackLocations("classpath:db/migration")
                .defaultSchema(HISTORY_SCHEMA)
                .schemas(HISTORY_SCHEMA)
                .createSchemas(true)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migration(s) applied now)");
        return result;
    }

    private static void realignV1CommentChecksum(DataSource dataSource) {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet exists = statement.executeQuery(
                        "SELECT to_regclass('" + HISTORY_SCHEMA + ".flyway_schema_history') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return;
            }
            int realigned = statement.executeUpdate("UPDATE " + HISTORY_SCHEMA + ".flyway_schema_history SET checksum = "
                    + V1_CHECKSUM + " WHERE version = '1' AND checksum = " + V1_OLD_CHECKSUM);
            if (realigned > 0) {
                LOG.info("Flyway history: V1's checksum realigned after its comment's rewording (no schema change)");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("schema history: " + e.getMessage(), e);
        }
    }
}
