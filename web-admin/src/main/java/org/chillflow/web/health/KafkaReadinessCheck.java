package org.chillflow.web.health;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.chillflow.core.config.KafkaAdminSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Asks the broker for its cluster id. One admin client is kept (creating one per probe is costly). */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    @Inject
    @ConfigProperty(name = "chillflow.kafka.bootstrap")
    String bootstrap;

    @Inject
    @ConfigProperty(name = "chillflow.kafka.timeout-ms", defaultValue = "3000")
    int timeoutMs;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        try {
            String clusterId = admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named("kafka").up().withData("bootstrap", bootstrap)
                    .withData("clusterId", clusterId).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(e);
        } catch (Exception e) {
            return down(e);
        }
    }

    private HealthCheckResponse down(Exception e) {
        return HealthCheckResponse.named("kafka").down().withData("bootstrap", bootstrap)
                .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaAdminSettings.of(bootstrap, timeoutMs));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
