package org.chillflow.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** PINGs Redis on a fresh connection with a short timeout: a probe must not hang on a dead server. */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    @ConfigProperty(name = "chillflow.redis.host")
    String host;

    @Inject
    @ConfigProperty(name = "chillflow.redis.port")
    int port;

    @Inject
    @ConfigProperty(name = "chillflow.redis.timeout-ms", defaultValue = "1000")
    int timeoutMs;

    @Override
    public HealthCheckResponse call() {
        String address = host + ":" + port;
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(timeoutMs).build();
        try (Jedis jedis = new Jedis(new HostAndPort(host, port), config)) {
            String pong = jedis.ping();
            return HealthCheckResponse.named("redis").status("PONG".equals(pong)).withData("address", address).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").down().withData("address", address)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
