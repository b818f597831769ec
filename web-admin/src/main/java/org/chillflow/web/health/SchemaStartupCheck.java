package org.chillflow.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chillflow.web.startup.ApplicationStartup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema has been migrated (the first thing the application does). */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements HealthCheck {

    @Inject
    ApplicationStartup startup;

    @Override
    public HealthCheckResponse call() {
        String version = startup.schemaVersion();
        return HealthCheckResponse.named("schema").status(version != null).build(); // the version: GET /api/system
    }
}
