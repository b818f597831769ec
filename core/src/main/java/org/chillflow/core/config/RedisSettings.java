package org.chillflow.core.config;

import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * How every ChillFlow process reaches Redis (the server's assembler, window aggregator and web module, the command
 * line): one typed reading of {@code chillflow.redis.*}, so that AUTH and TLS reach every client alike.
 *
 * @param user     ACL user ({@code chillflow.redis.user}); empty = the default user
 * @param password AUTH password ({@code chillflow.redis.password}, a secret); empty = no AUTH
 * @param ssl      TLS to Redis ({@code chillflow.redis.ssl}); the JVM's trust store decides which servers are trusted
 * @param clusterNodes a Redis Cluster's seed nodes ({@code chillflow.redis.cluster-nodes}, {@code host:port,...});
 *        empty = one Redis at host:port. Every key a ChillFlow script touches is in its KEYS and those of one unit
 *        of work share a hash tag, so the same code runs on either.
 */
public record RedisSettings(String host, int port, int timeoutMs, String user, String password, boolean ssl,
        List<HostAndPort> clusterNodes) {

    public static RedisSettings of(Config config) {
        return new RedisSettings(config.getValue("chillflow.redis.host", String.class),
                config.getValue("chillflow.redis.port", Integer.class),
                config.getOptionalValue("chillflow.redis.timeout-ms", Integer.class).orElse(1000),
                config.getOptionalValue("chillflow.redis.user", String.class).orElse(""),
                config.getOptionalValue("chillflow.redis.password", String.class).orElse(""),
                config.getOptionalValue("chillflow.redis.ssl", Boolean.class).orElse(false),
                nodes(config.getOptionalValue("chillflow.redis.cluster-nodes", String.class).orElse("")));
    }

    /**
     * The zone windows' own Redis ({@code chillflow.windows.redis.host} with {@code .port}, or
     * {@code chillflow.windows.redis.cluster-nodes}), or empty when neither is set: then the windows share the
     * stream's Redis ({@code chillflow.redis.*}), the default. Each of {@code .port}, {@code .timeout-ms},
     * {@code .user}, {@code .password} and {@code .ssl} not set under the windows' prefix is the stream's.
     */
    public static Optional<RedisSettings> windows(Config config, RedisSettings stream) {
        String host = config.getOptionalValue("chillflow.windows.redis.host", String.class).orElse("").trim();
        List<HostAndPort> nodes = nodes("chillflow.windows.redis.cluster-nodes",
                config.getOptionalValue("chillflow.windows.redis.cluster-nodes", String.class).orElse(""));
        if (host.isEmpty() && nodes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RedisSettings(host.isEmpty() ? stream.host() : host,
                config.getOptionalValue("chillflow.windows.redis.port", Integer.class).orElse(stream.port()),
                config.getOptionalValue("chillflow.windows.redis.timeout-ms", Integer.class).orElse(stream.timeoutMs()),
                config.getOptionalValue("chillflow.windows.redis.user", String.class).orElse(stream.user()),
                config.getOptionalValue("chillflow.windows.redis.password", String.class).orElse(stream.password()),
                config.getOptionalValue("chillflow.windows.redis.ssl", Boolean.class).orElse(stream.ssl()), nodes));
    }

    /** {@code host:port,host:port} to addresses; a malformed entry fails with the key's name and the entry. */
    public static List<HostAndPort> nodes(String spec) {
        return nodes("chillflow.redis.cluster-nodes", spec);
    }

    private static List<HostAndPort> nodes(String key, String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(node -> {
            int colon = node.lastIndexOf(':');
            try {
                return new HostAndPort(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": '" + node + "' is not host:port");
            }
        }).toList();
    }

    public boolean cluster() {
        return !clusterNodes.isEmpty();
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
    public UnifiedJedis pooled() {
        return pooled(new ConnectionPoolConfig().getMaxTotal());
    }

    /** The same with at most {@code connections} connections (per node on a cluster). */
    public UnifiedJedis pooled(int connections) {
        ConnectionPoolConfig pooling = new ConnectionPoolConfig();
        pooling.setMaxTotal(connections);
        pooling.setMaxIdle(connections);
        pooling.setTestOnBorrow(true);
        if (cluster()) {
            // a pool per node, the slot map refreshed on MOVED; a command is retried (another node, a new slot map)
            // for up to 5 attempts within twice the socket timeout per attempt, which spans a replica's promotion
            Set<HostAndPort> seeds = new LinkedHashSet<>(clusterNodes);
            return RedisClusterClient.builder().nodes(seeds).clientConfig(clientConfig()).maxAttempts(5)
                    .maxTotalRetriesDuration(Duration.ofMillis(10L * timeoutMs)).poolConfig(pooling).build();
        }
        return RedisClient.builder().hostAndPort(address()).clientConfig(clientConfig()).poolConfig(pooling).build();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + (cluster() ? "cluster " + clusterNodes : host + ":" + port) + (ssl ? " TLS" : "")
                + (password.isEmpty() ? "" : " AUTH") + "]";
    }
}
