package org.chillflow.web.health;

import java.sql.Connection;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class PostgresReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    private final CachedProbe probe = new CachedProbe("postgresql", () -> {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new java.sql.SQLException("connection not valid");
            }
        }
    });

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }
}
