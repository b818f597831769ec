package org.chillflow.it;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.chillflow.core.config.RedisSettings;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The test server's Redis as the tests see it: one server ({@code chillflow.it.redis.port}) or a Redis Cluster
 * ({@code chillflow.it.redis.cluster-nodes}, the cluster suite). Key commands go through a cluster-aware client;
 * what spans the keyspace (KEYS, SCAN, FLUSHDB) goes to every master, as a cluster has no single keyspace.
 */
final class TestRedis {

    private TestRedis() {
    }

    static boolean cluster() {
        return !System.getProperty("chillflow.it.redis.cluster-nodes", "").isBlank();
    }

    /** A client for key commands (close it). */
    static UnifiedJedis client() {
        if (cluster()) {
            return RedisClusterClient.create(new java.util.HashSet<>(seeds()));
        }
        return RedisClient.create("127.0.0.1", Integer.parseInt(System.getProperty("chillflow.it.redis.port")));
    }

    /** The settings the server's stores read, for engines the tests run in their own JVM. */
    static RedisSettings settings() {
        return new RedisSettings("127.0.0.1", Integer.parseInt(System.getProperty("chillflow.it.redis.port", "6379")),
                2_000, "", "", false, cluster() ? seeds() : List.of());
    }

    /** The keys matching a pattern, on every master. */
    static List<String> keys(String pattern) {
        TreeSet<String> keys = new TreeSet<>();
        for (HostAndPort node : masters()) {
            try (Jedis redis = new Jedis(node)) {
                keys.addAll(redis.keys(pattern));
            }
        }
        return new ArrayList<>(keys);
    }

    /** Test isolation: deletes the keys matching a pattern (one DEL per key: a cluster refuses keys of two slots). */
    static void deleteMatching(String pattern) {
        for (HostAndPort node : masters()) {
            try (Jedis redis = new Jedis(node)) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
                    page.getResult().forEach(redis::del);
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
    }

    /** Test isolation: every key goes, on every master. */
    static void flushAll() {
        for (HostAndPort node : masters()) {
            try (Jedis redis = new Jedis(node)) {
                redis.flushDB();
            }
        }
    }

    private static List<HostAndPort> seeds() {
        return RedisSettings.nodes(System.getProperty("chillflow.it.redis.cluster-nodes"));
    }

    /** The masters: the cluster's, asked of the first node that answers, or the one server. */
    static List<HostAndPort> masters() {
        if (!cluster()) {
            return List.of(new HostAndPort("127.0.0.1", Integer.parseInt(System.getProperty("chillflow.it.redis.port"))));
        }
        List<HostAndPort> masters = new ArrayList<>();
        for (HostAndPort seed : seeds()) {
            try (Jedis redis = new Jedis(seed)) {
                for (String line : redis.clusterNodes().split("\n")) {
                    String[] fields = line.split(" ");
                    if (fields.length > 2 && fields[2].contains("master") && !fields[2].contains("fail")) {
                        String address = fields[1].split("@")[0];
                        int colon = address.lastIndexOf(':');
                        masters.add(new HostAndPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
                    }
                }
                return masters;
            } catch (RuntimeException unreachable) {
                // the next seed
            }
        }
        throw new IllegalStateException("no node of the Redis Cluster answers: " + seeds());
    }
}
