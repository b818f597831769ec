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

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(2);
            return HealthCheckResponse.named("postgresql").status(valid)
                    .withData("database", connection.getMetaData().getURL())
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
