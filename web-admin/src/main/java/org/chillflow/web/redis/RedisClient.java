package org.chillflow.web.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import redis.clients.jedis.JedisPooled;

/**
 * The web module's one pooled Redis client (stream status, zone metrics, readiness): a connection per request would
 * cost a TCP handshake on every call of the API.
 */
@ApplicationScoped
public class RedisClient {

    @Inject
    @ConfigProperty(name = "chillflow.redis.host")
    String host;

    @Inject
    @ConfigProperty(name = "chillflow.redis.port")
    int port;

    @Inject
    @ConfigProperty(name = "chillflow.redis.timeout-ms", defaultValue = "1000")
    int timeoutMs;

    private JedisPooled pool;

    public synchronized JedisPooled client() {
        if (pool == null) {
            // a connection is checked (PING) when borrowed: after a Redis restart the idle ones are dead, and a
            // request or a readiness probe must not be the one to find out
            pool = org.chillflow.core.config.RedisSettings.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()).pooled();
        }
        return pool;
    }

    public String address() {
        return host + ":" + port;
    }

    @PreDestroy
    synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
