package org.chillflow.web.health;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.chillflow.web.kafka.KafkaAdmin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Asks the broker for its cluster id, through the web module's one admin client. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    @Inject
    KafkaAdmin kafka;

    private final CachedProbe probe = new CachedProbe("kafka", () -> kafka.client()
            .describeCluster(new DescribeClusterOptions().timeoutMs(kafka.timeoutMs()))
            .clusterId().get(kafka.timeoutMs(), TimeUnit.MILLISECONDS));

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }
}
