package org.chillflow.web.health;

import org.chillflow.core.config.ServerClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import redis.clients.jedis.UnifiedJedis;

/**
 * PINGs Redis through the server's pooled client, whose connect and read timeouts keep a probe from hanging; and the
 * zone windows' own Redis when they have one ({@code chillflow.windows.redis.*}): the check, still named
 * {@code redis}, is DOWN while either is away, and the server log names which ({@code redis-windows}).
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    ServerClients clients;

    private final CachedProbe probe = new CachedProbe("redis", () -> ping(clients.redis()));

    private final CachedProbe windowsProbe = new CachedProbe("redis-windows", () -> ping(clients.windowsRedis()));

    private static void ping(UnifiedJedis redis) {
        String pong = redis.ping();
        if (!"PONG".equals(pong)) {
            throw new IllegalStateException("PING answered " + pong);
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse stream = probe.call();
        if (clients.windowsRedisSettings().isEmpty() || stream.getStatus() == HealthCheckResponse.Status.DOWN
                || windowsProbe.call().getStatus() == HealthCheckResponse.Status.UP) {
            return stream;
        }
        return HealthCheckResponse.down("redis");
    }
}
