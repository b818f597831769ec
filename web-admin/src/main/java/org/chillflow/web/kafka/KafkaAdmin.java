package org.chillflow.web.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.chillflow.core.config.KafkaSettings;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The web module's one Kafka admin client (health checks, the stream status): creating one per probe or request
 * costs a connection and a metadata round trip each time.
 */
@ApplicationScoped
public class KafkaAdmin {

    @Inject
    @ConfigProperty(name = "chillflow.kafka.bootstrap")
    String bootstrap;

    @Inject
    @ConfigProperty(name = "chillflow.kafka.timeout-ms", defaultValue = "3000")
    int timeoutMs;

    private Admin admin;

    public synchronized Admin client() {
        if (admin == null) {
            admin = Admin.create(KafkaSettings.of(ConfigProvider.getConfig()).adminProperties());
        }
        return admin;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
