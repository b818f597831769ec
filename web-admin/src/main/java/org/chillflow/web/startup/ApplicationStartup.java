package org.chillflow.web.startup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.chillflow.core.config.ConfigKeys;
import org.chillflow.core.migration.SchemaMigrator;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs when the web module starts: refuses a production configuration with development credentials,
 * then migrates the schema. Either failure stops the application from starting (CWWKZ0002E), which is
 * what we want: it cannot work correctly in that state.
 */
@ApplicationScoped
public class ApplicationStartup {

    private static final Logger LOG = Logger.getLogger(ApplicationStartup.class.getName());

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    private volatile String schemaVersion;

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
        Map<String, String> passwords = new HashMap<>();
        for (String user : CredentialPolicy.USERS) {
            config.getOptionalValue("chillflow." + user + ".password", String.class)
                    .ifPresent(p -> passwords.put(user, p));
        }
        List<String> violations = CredentialPolicy.violations(profile, passwords);
        if (!violations.isEmpty()) {
            throw new DeploymentException("ChillFlow refuses to start in profile '" + profile
                    + "' without real passwords: " + String.join("; ", violations)
                    + ". Set them as environment variables or secrets (CHILLFLOW_PROFILE=dev allows the"
                    + " development logins).");
        }
        LOG.info(() -> "ChillFlow starting in profile '" + profile + "'");
        MigrateResult result = SchemaMigrator.migrate(dataSource);
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : String.valueOf(result.initialSchemaVersion);
        // once this server listens and Liberty has failed its own interrupted executions: what is left is stale
        scheduler.schedule(staleExecutions::scanAtStartup, 30, java.util.concurrent.TimeUnit.SECONDS);
        if (registries.isResolvable()) {
            operationsMetrics.register(registries.get());
        }
    }

    /** The migrated schema version, or null before migration finished. */
    public String schemaVersion() {
        return schemaVersion;
    }
}
