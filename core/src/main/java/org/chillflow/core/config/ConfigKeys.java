package org.chillflow.core.config;

/**
 * MicroProfile Config keys shared by the server and the CLI. Each can be overridden by an environment
 * variable under MicroProfile Config's mapping (dots become underscores, upper case), for example
 * {@code chillflow.db.url} by {@code CHILLFLOW_DB_URL}.
 */
public final class ConfigKeys {

    public static final String DB_URL = "chillflow.db.url";
    public static final String DB_USER = "chillflow.db.user";
    public static final String DB_PASSWORD = "chillflow.db.password";
    public static final String REDIS_HOST = "chillflow.redis.host";
    public static final String REDIS_PORT = "chillflow.redis.port";
    public static final String REDIS_TIMEOUT_MS = "chillflow.redis.timeout-ms";
    public static final String KAFKA_BOOTSTRAP = "chillflow.kafka.bootstrap";
    public static final String KAFKA_TIMEOUT_MS = "chillflow.kafka.timeout-ms";
    /** MicroProfile Config's profile (MP_CONFIG_PROFILE); unset means production. */
    public static final String PROFILE = "mp.config.profile";

    private ConfigKeys() {
    }
}
