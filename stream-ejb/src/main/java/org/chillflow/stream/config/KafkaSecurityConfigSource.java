package org.chillflow.stream.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.chillflow.core.config.KafkaSettings;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives Liberty's Kafka connector (every Reactive Messaging channel of this module) the same security settings as
 * ChillFlow's other Kafka clients ({@link KafkaSettings}): {@code chillflow.kafka.security-protocol} and friends,
 * from the environment or system properties, become {@code mp.messaging.connector.liberty-kafka.security.protocol}
 * and so on — only those that are set, since an empty {@code sasl.jaas.config} or trust store is not "unset" to
 * Kafka. (A config source cannot read the Config it is part of: it reads the same environment MicroProfile Config
 * maps, {@code CHILLFLOW_KAFKA_SASL_JAAS_CONFIG} for {@code chillflow.kafka.sasl-jaas-config}.)
 */
public class KafkaSecurityConfigSource implements ConfigSource {

    static final String CONNECTOR = "mp.messaging.connector.liberty-kafka.";

    private final Map<String, String> properties;

    public KafkaSecurityConfigSource() {
        this(System.getenv(), System.getProperties());
    }

    KafkaSecurityConfigSource(Map<String, String> environment, java.util.Properties system) {
        Map<String, String> found = new HashMap<>();
        KafkaSettings.SECURITY_KEYS.forEach((key, kafkaProperty) -> {
            String value = system.getProperty(key);
            if (value == null) {
                value = environment.get(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            }
            if (value != null && !value.isBlank()) {
                found.put(CONNECTOR + kafkaProperty, value.trim());
            }
        });
        properties = Map.copyOf(found);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "chillflow-kafka-security";
    }

    @Override
    public int getOrdinal() {
        return 250; // above microprofile-config.properties (100), below system properties (400)
    }
}
