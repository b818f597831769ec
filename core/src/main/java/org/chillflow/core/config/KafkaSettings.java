package org.chillflow.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.eclipse.microprofile.config.Config;

/**
 * How every ChillFlow process reaches Kafka (the server's admin client, dead-letter and replay producers, the command
 * line's producers and consumers; the Reactive Messaging connector through {@code KafkaSecurityConfigSource}): one
 * typed reading of {@code chillflow.kafka.*}, so that SASL and TLS reach every client alike.
 *
 * @param securityProtocol   {@code chillflow.kafka.security-protocol}: PLAINTEXT (default), SSL, SASL_PLAINTEXT, SASL_SSL
 * @param saslMechanism      {@code chillflow.kafka.sasl-mechanism}, e.g. SCRAM-SHA-512; empty = Kafka's default
 * @param saslJaasConfig     {@code chillflow.kafka.sasl-jaas-config} (a secret: it holds the password)
 * @param truststoreLocation {@code chillflow.kafka.ssl-truststore-location}; empty = the JVM's trust store
 * @param truststorePassword {@code chillflow.kafka.ssl-truststore-password} (a secret)
 */
public record KafkaSettings(String bootstrap, int timeoutMs, String securityProtocol, String saslMechanism,
        String saslJaasConfig, String truststoreLocation, String truststorePassword) {

    /** The configuration keys and the Kafka client properties they become. */
    public static final Map<String, String> SECURITY_KEYS = Map.of(
            "chillflow.kafka.security-protocol", "security.protocol",
            "chillflow.kafka.sasl-mechanism", "sasl.mechanism",
            "chillflow.kafka.sasl-jaas-config", "sasl.jaas.config",
            "chillflow.kafka.ssl-truststore-location", "ssl.truststore.location",
            "chillflow.kafka.ssl-truststore-password", "ssl.truststore.password");

    public static KafkaSettings of(Config config) {
        return new KafkaSettings(config.getValue("chillflow.kafka.bootstrap", String.class),
                config.getOptionalValue("chillflow.kafka.timeout-ms", Integer.class).orElse(3000),
                optional(config, "chillflow.kafka.security-protocol"), optional(config, "chillflow.kafka.sasl-mechanism"),
                optional(config, "chillflow.kafka.sasl-jaas-config"),
                optional(config, "chillflow.kafka.ssl-truststore-location"),
                optional(config, "chillflow.kafka.ssl-truststore-password"));
    }

    /** {@code bootstrap.servers} and the security properties that are set (an unset one keeps Kafka's default). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrap);
        put(properties, "security.protocol", securityProtocol);
        put(properties, "sasl.mechanism", saslMechanism);
        put(properties, "sasl.jaas.config", saslJaasConfig);
        put(properties, "ssl.truststore.location", truststoreLocation);
        put(properties, "ssl.truststore.password", truststorePassword);
        return properties;
    }

    /**
     * An admin client's settings (topic provisioning, readiness, lag): short timeouts, so that a broker that is away
     * is reported quickly instead of blocking start-up or a health probe.
     */
    public Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(clientProperties());
        props.put("request.timeout.ms", timeoutMs);
        props.put("default.api.timeout.ms", timeoutMs);
        props.put("reconnect.backoff.max.ms", 2000);
        return props;
    }

    private static void put(Map<String, Object> properties, String name, String value) {
        if (!value.isEmpty()) {
            properties.put(name, value);
        }
    }

    private static String optional(Config config, String key) {
        return config.getOptionalValue(key, String.class).orElse("").trim();
    }

    @Override
    public String toString() {
        return "KafkaSettings[" + bootstrap + (securityProtocol.isEmpty() ? "" : " " + securityProtocol) + "]";
    }
}
