package org.chillflow.web.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Production refuses development and example secrets. In the {@code dev} profile the well-known values of
 * {@code server.env} are allowed; in any other profile every required secret must be set, be neither a
 * development default nor a placeholder of {@code secret.env.example} ("change-me…"), and have at least
 * {@value #MIN_LENGTH} characters; an optional secret (Redis AUTH, Kafka SASL/TLS), when set, must not be a
 * development default or placeholder either. Messages name the variable, never the value.
 */
public final class SecretPolicy {

    public static final String DEV_PROFILE = "dev";
    public static final int MIN_LENGTH = 12;

    /**
     * @param variable    the environment variable that sets it (what the operator must fix)
     * @param configKey   the MicroProfile Config key the server reads it by
     * @param devDefaults the values the repository gives it for development
     */
    public record Secret(String variable, String configKey, boolean required, List<String> devDefaults) {
    }

    public static final List<Secret> SECRETS = List.of(
            new Secret("CHILLFLOW_ADMIN_PASSWORD", "chillflow.admin.password", true, List.of("admin")),
            new Secret("CHILLFLOW_OPERATOR_PASSWORD", "chillflow.operator.password", true, List.of("operator")),
            new Secret("CHILLFLOW_VIEWER_PASSWORD", "chillflow.viewer.password", true, List.of("viewer")),
            new Secret("CHILLFLOW_SCHEDULER_PASSWORD", "chillflow.scheduler.password", true, List.of("scheduler")),
            new Secret("CHILLFLOW_DB_PASSWORD", "chillflow.db.password", true, List.of("chillflow")),
            new Secret("KEYSTORE_PASSWORD", "keystore.password", true, List.of("chillflow-dev-keystore")),
            new Secret("CHILLFLOW_HASH_SALT", "chillflow.hash.salt", true, List.of("chillflow-dev-salt-2025")),
            new Secret("CHILLFLOW_REDIS_PASSWORD", "chillflow.redis.password", false, List.of("chillflow")),
            new Secret("CHILLFLOW_KAFKA_SASL_JAAS_CONFIG", "chillflow.kafka.sasl-jaas-config", false, List.of()),
            new Secret("CHILLFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD", "chillflow.kafka.ssl-truststore-password", false,
                    List.of("changeit")));

    private SecretPolicy() {
    }

    /**
     * @param valueOf a secret's configured value by its config key, or null when it is not set
     * @return the problems found; empty when the configuration may serve
     */
    public static List<String> violations(String profile, Function<String, String> valueOf) {
        List<String> problems = new ArrayList<>();
        if (DEV_PROFILE.equals(profile)) {
            return problems;
        }
        for (Secret secret : SECRETS) {
            String value = valueOf.apply(secret.configKey());
            boolean unset = value == null || value.isBlank() || value.startsWith("${");
            if (unset) {
                if (secret.required()) {
                    problems.add(secret.variable() + " is not set");
                }
            } else if (secret.devDefaults().contains(value)) {
                problems.add(secret.variable() + " is the development default");
            } else if (value.toLowerCase(Locale.ROOT).contains("change-me") || value.toLowerCase(Locale.ROOT).contains("changeme")) {
                problems.add(secret.variable() + " is a placeholder (from secret.env.example)");
            } else if (secret.required() && value.length() < MIN_LENGTH) {
                problems.add(secret.variable() + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        return problems;
    }

    /** Convenience for tests and callers with a map by config key. */
    public static List<String> violations(String profile, Map<String, String> valuesByKey) {
        return violations(profile, valuesByKey::get);
    }
}
