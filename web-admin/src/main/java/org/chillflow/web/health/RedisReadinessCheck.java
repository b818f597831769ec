package org.chillflow.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chillflow.web.redis.RedisClient;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** PINGs Redis through the module's pooled client, whose connect and read timeouts keep a probe from hanging. */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    RedisClient redis;

    @Override
    public HealthCheckResponse call() {
        try {
            String pong = redis.client().ping();
            return HealthCheckResponse.named("redis").status("PONG".equals(pong)).withData("address", redis.address()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").down().withData("address", redis.address())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
