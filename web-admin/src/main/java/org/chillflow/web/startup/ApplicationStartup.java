package org.chillflow.web.startup;

import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DeploymentException;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

import org.chillflow.core.config.ConfigKeys;
import org.chillflow.core.persistence.Entities;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs when the web module starts: refuses a production configuration with development credentials,
 * then migrates the schema and checks the JPA mapping against it (a column renamed or retyped outside Flyway). Any
 * failure stops the application from starting (CWWKZ0002E), which is what we want: it cannot work correctly in that
 * state.
 */
@ApplicationScoped
public class ApplicationStartup {

    private static final Logger LOG = Logger.getLogger(ApplicationStartup.class.getName());

    @Inject
    SchemaAtStart schema;

    @PersistenceUnit(unitName = "chillflow")
    EntityManagerFactory jpa;

    private volatile String schemaVersion;
    private volatile boolean mappingValidated;

    @Inject
    org.chillflow.web.batch.StaleExecutions staleExecutions;

    @Resource
    jakarta.enterprise.concurrent.ManagedScheduledExecutorService scheduler;

    @Inject
    jakarta.enterprise.inject.Instance<org.eclipse.microprofile.metrics.MetricRegistry> registries;

    @Inject
    org.chillflow.web.metrics.OperationsMetrics operationsMetrics;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Config config = ConfigProvider.getConfig();
        String profile = config.getOptionalValue(ConfigKeys.PROFILE, String.class).orElse("prod");
        List<String> violations = SecretPolicy.violations(profile,
                key -> config.getOptionalValue(key, String.class).orElse(null));
        if (!violations.isEmpty()) {
            String message = "ChillFlow refuses to serve in profile '" + profile + "' with development, example or"
                    + " missing secrets: " + String.join("; ", violations) + ". Set them as environment variables or"
                    + " secrets (MP_CONFIG_PROFILE=dev allows the development values). The server stops.";
            LOG.severe(message);
            stopTheServer();
            throw new DeploymentException(message);
        }
        LOG.info(() -> "ChillFlow starting in profile '" + profile + "'");
        MigrateResult result = schema.migrate(); // waits for the database (MicroProfile Fault Tolerance)
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : String.valueOf(result.initialSchemaVersion);
        try {
            Entities.validate(jpa);
        } catch (jakarta.persistence.PersistenceException e) {
            String message = "ChillFlow does not start on schema " + schemaVersion + ": " + e.getMessage();
            LOG.severe(message);
            throw new DeploymentException(message, e);
        }
        mappingValidated = true;
        LOG.info(() -> "schema " + schemaVersion + ": the JPA mapping of " + Entities.ALL.size() + " entities matches it");
        // once this server listens and Liberty has failed its own interrupted executions: what is left is stale
        scheduler.schedule(staleExecutions::scanAtStartup, 30, java.util.concurrent.TimeUnit.SECONDS);
        if (registries.isResolvable()) {
            operationsMetrics.register(registries.get());
        }
    }

    /**
     * Not only this application: Liberty's own batch REST API and {@code batchManager} would go on serving with the
     * weak keystore and user passwords, so the whole server stops (exit code 78, "configuration error"). From another
     * thread: the JVM's shutdown stops this application, whose start is what calls here.
     */
    private static void stopTheServer() {
        Thread stopper = new Thread(() -> System.exit(78), "chillflow-refuses-weak-secrets");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Whether the entities were checked against the migrated schema (Hibernate's schema validation) and match. */
    public boolean mappingValidated() {
        return mappingValidated;
    }

    /** The migrated schema version, or null before migration finished. */
    public String schemaVersion() {
        return schemaVersion;
    }
}
