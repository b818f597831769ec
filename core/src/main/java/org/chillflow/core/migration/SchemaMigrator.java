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

    public static MigrateResult migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // no SQL callbacks: keeps Flyway from scanning a db/callback folder that does not exist
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
}
