package org.chillflow.web.health;

import org.chillflow.core.config.ServerClients;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Asks the broker for its cluster id, through the web module's one admin client. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    @Inject
    ServerClients clients;

    private final CachedProbe probe = new CachedProbe("kafka", () -> clients.kafkaAdmin()
            .describeCluster(new DescribeClusterOptions().timeoutMs(clients.kafkaTimeoutMs()))
            .clusterId().get(clients.kafkaTimeoutMs(), TimeUnit.MILLISECONDS));

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }
}
