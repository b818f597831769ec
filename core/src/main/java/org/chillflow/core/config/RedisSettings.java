package org.chillflow.core.config;

import org.eclipse.microprofile.config.Config;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/**
 * How every ChillFlow process reaches Redis (the server's assembler, window aggregator and web module, the command
 * line): one typed reading of {@code chillflow.redis.*}, so that AUTH and TLS reach every client alike.
 *
 * @param user     ACL user ({@code chillflow.redis.user}); empty = the default user
 * @param password AUTH password ({@code chillflow.redis.password}, a secret); empty = no AUTH
 * @param ssl      TLS to Redis ({@code chillflow.redis.ssl}); the JVM's trust store decides which servers are trusted
 */
public record RedisSettings(String host, int port, int timeoutMs, String user, String password, boolean ssl) {

    public static RedisSettings of(Config config) {
        return new RedisSettings(config.getValue("chillflow.redis.host", String.class),
                config.getValue("chillflow.redis.port", Integer.class),
                config.getOptionalValue("chillflow.redis.timeout-ms", Integer.class).orElse(1000),
                config.getOptionalValue("chillflow.redis.user", String.class).orElse(""),
                config.getOptionalValue("chillflow.redis.password", String.class).orElse(""),
                config.getOptionalValue("chillflow.redis.ssl", Boolean.class).orElse(false));
    }

    public HostAndPort address() {
        return new HostAndPort(host, port);
    }

    public JedisClientConfig clientConfig() {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(2 * timeoutMs).ssl(ssl);
        if (!password.isEmpty()) {
            builder.password(password);
            if (!user.isEmpty()) {
                builder.user(user);
            }
        }
        return builder.build();
    }

    /**
     * A pool whose connections are checked (PING) when borrowed: after a Redis restart the idle ones are dead, and a
     * request, a batch or a probe must not be the one to find out.
     */
    public JedisPooled pooled() {
        ConnectionPoolConfig pooling = new ConnectionPoolConfig();
        pooling.setTestOnBorrow(true);
        return new JedisPooled(pooling, address(), clientConfig());
    }

    @Override
    public String toString() {
        return "RedisSettings[" + host + ":" + port + (ssl ? " TLS" : "") + (password.isEmpty() ? "" : " AUTH") + "]";
    }
}
