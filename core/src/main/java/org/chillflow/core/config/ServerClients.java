package org.chillflow.core.config;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import redis.clients.jedis.UnifiedJedis;

/**
 * The server's one source of Redis and Kafka admin clients, shared by the web module (API, health, metrics) and the
 * stream module (assembler, zone windows, topic provisioning) through the application's library: one Redis pool of
 * {@code chillflow.redis.pool-size} connections (default 24, what the three pools this replaced held together), a
 * second of {@code chillflow.windows.redis.pool-size} (default 16) when the zone windows have a Redis of their own
 * ({@link RedisSettings#windows}), and one
 * Kafka admin client, each built on first use — a Redis Cluster client connects when it is built, and the server must
 * start while Redis or Kafka is still away — and closed when the application stops. Kafka producers are not here: each
 * stream lane owns one (its sends and flushes are the lane's own).
 */
@ApplicationScoped
public class ServerClients {

    private final Config config = ConfigProvider.getConfig();
    private final RedisSettings redisSettings = RedisSettings.of(config);
    private final KafkaSettings kafkaSettings = KafkaSettings.of(config);

    private final Optional<RedisSettings> windowsSettings = RedisSettings.windows(config, redisSettings);

    private UnifiedJedis redis;
    private UnifiedJedis windowsRedis;
    private Admin admin;

    /** The pooled Redis client; its connections are checked (PING) when borrowed, so a restarted Redis is found out. */
    public synchronized UnifiedJedis redis() {
        if (redis == null) {
            redis = redisSettings.pooled(config.getOptionalValue("chillflow.redis.pool-size", Integer.class).orElse(24));
        }
        return redis;
    }

    /**
     * The zone windows' client (the aggregator and the metrics API): the pool of their own Redis when
     * {@code chillflow.windows.redis.*} names one, else the stream's ({@link #redis()}). Apart, the windows' scripts
     * do not queue behind the assembler's commands on one Redis thread, and their keys do not share its memory with
     * the assembled trips' markers.
     */
    public synchronized UnifiedJedis windowsRedis() {
        if (windowsSettings.isEmpty()) {
            return redis();
        }
        if (windowsRedis == null) {
            windowsRedis = windowsSettings.get().pooled(
                    config.getOptionalValue("chillflow.windows.redis.pool-size", Integer.class).orElse(16));
        }
        return windowsRedis;
    }

    /** The zone windows' own Redis, or empty when they share the stream's. */
    public Optional<RedisSettings> windowsRedisSettings() {
        return windowsSettings;
    }

    /** The Kafka admin client (health, lag, topic provisioning). */
    public synchronized Admin kafkaAdmin() {
        if (admin == null) {
            admin = Admin.create(kafkaSettings.adminProperties());
        }
        return admin;
    }

    public String kafkaBootstrap() {
        return kafkaSettings.bootstrap();
    }

    public int kafkaTimeoutMs() {
        return kafkaSettings.timeoutMs();
    }

    @PreDestroy
    synchronized void close() {
        if (redis != null) {
            redis.close();
        }
        if (windowsRedis != null) {
            windowsRedis.close();
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
