package org.chillflow.core.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script of the stream's Redis state, called by its SHA: loaded on first use (on a Redis Cluster Jedis sends
 * SCRIPT LOAD to every master) and again when Redis forgot it (a restart, a promoted replica, SCRIPT FLUSH). Every
 * key the script touches is passed in KEYS, so that a cluster routes the call to the slot that holds them.
 */
public final class RedisScript {

    private final String source;
    private volatile String sha;

    private RedisScript(String source) {
        this.source = source;
    }

    /** The script in a resource beside {@code owner}. */
    public static RedisScript of(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource + " beside " + owner.getName());
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA to send (pipelines): loads the script when needed. After a pipelined NOSCRIPT, {@link #forget()}. */
    public String sha(UnifiedJedis redis) {
        String known = sha;
        if (known == null) {
            known = redis.scriptLoad(source);
            sha = known;
        }
        return known;
    }

    /** Redis lost the script: the next {@link #sha} loads it again. */
    public void forget() {
        sha = null;
    }

    /** One call, loading the script again once if Redis forgot it. */
    public Object eval(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha(redis), keys, args);
        } catch (JedisNoScriptException e) {
            forget();
            return redis.evalsha(sha(redis), keys, args);
        }
    }
}
