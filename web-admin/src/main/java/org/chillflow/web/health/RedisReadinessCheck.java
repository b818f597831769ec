package org.chillflow.web.health;

import org.chillflow.core.config.ServerClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** PINGs Redis through the module's pooled client, whose connect and read timeouts keep a probe from hanging. */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    ServerClients clients;

    private final CachedProbe probe = new CachedProbe("redis", () -> {
        String pong = clients.redis().ping();
        if (!"PONG".equals(pong)) {
            throw new IllegalStateException("PING answered " + pong);
        }
    });

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }
}
