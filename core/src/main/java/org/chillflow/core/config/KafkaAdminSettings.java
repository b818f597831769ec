package org.chillflow.core.config;

import java.util.Properties;

/**
 * Settings of the Kafka admin clients the server keeps (topic provisioning, readiness): short timeouts,
 * so that a broker that is away is reported quickly instead of blocking start-up or a health probe.
 * Plain property names, so that core needs no Kafka dependency.
 */
public final class KafkaAdminSettings {

    private KafkaAdminSettings() {
    }

    public static Properties of(String bootstrap, int timeoutMs) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", timeoutMs);
        props.put("default.api.timeout.ms", timeoutMs);
        props.put("reconnect.backoff.max.ms", 2000);
        return props;
    }
}
