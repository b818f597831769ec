package org.chillflow.web.startup;

import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import org.chillflow.core.jdbc.ConnectionLoss;
import org.chillflow.core.migration.SchemaMigrator;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema migration at start-up, waiting for the database: on a platform the server's pod may start before
 * PostgreSQL answers, and a server that gave up at once would need a restart by hand. MicroProfile Fault Tolerance
 * retries while the database cannot be reached (every 2 s for up to 2 minutes; override with the MicroProfile Config
 * key {@code org.chillflow.web.startup.SchemaAtStart/migrate/Retry/maxDuration}, in minutes); a migration that
 * fails for any other reason (a changed migration's checksum, SQL that fails) is not retried.
 */
@ApplicationScoped
public class SchemaAtStart {

    private static final Logger LOG = Logger.getLogger(SchemaAtStart.class.getName());

    /** The database did not answer; the migration is tried again. */
    public static class DatabaseUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnreachable(RuntimeException cause) {
            super("the database cannot be reached: " + cause.getMessage(), cause);
        }
    }

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    @Retry(retryOn = DatabaseUnreachable.class, maxRetries = -1, delay = 2, delayUnit = ChronoUnit.SECONDS,
            jitter = 0, maxDuration = 2, durationUnit = ChronoUnit.MINUTES)
    public MigrateResult migrate() {
        try {
            return SchemaMigrator.migrate(dataSource);
        } catch (RuntimeException e) {
            if (ConnectionLoss.of(e)) {
                LOG.warning(() -> "schema migration waits for the database: " + e.getMessage());
                throw new DatabaseUnreachable(e);
            }
            throw e;
        }
    }
}
