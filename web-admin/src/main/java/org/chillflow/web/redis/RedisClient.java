package org.chillflow.web.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.chillflow.core.config.RedisSettings;
import org.eclipse.microprofile.config.ConfigProvider;

import redis.clients.jedis.UnifiedJedis;

/**
 * The web module's one pooled Redis client (stream status, zone metrics, readiness): a connection per request would
 * cost a TCP handshake on every call of the API. Settings as every client reads them ({@link RedisSettings}).
 */
@ApplicationScoped
public class RedisClient {

    private final RedisSettings settings = RedisSettings.of(ConfigProvider.getConfig());
    private UnifiedJedis pool;

    public synchronized UnifiedJedis client() {
        if (pool == null) {
            // connections are checked (PING) when borrowed: after a Redis restart the idle ones are dead, and a
            // request or a readiness probe must not be the one to find out
            pool = settings.pooled();
        }
        return pool;
    }

    @PreDestroy
    synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
