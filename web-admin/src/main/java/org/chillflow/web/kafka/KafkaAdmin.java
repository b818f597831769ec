package org.chillflow.web.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.chillflow.core.config.KafkaSettings;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The web module's one Kafka admin client (health checks, the stream status): creating one per probe or request
 * costs a connection and a metadata round trip each time.
 */
@ApplicationScoped
public class KafkaAdmin {

    /** The broker(s), timeouts and security, as every client reads them. */
    private final KafkaSettings settings = KafkaSettings.of(ConfigProvider.getConfig());

    private Admin admin;

    public synchronized Admin client() {
        if (admin == null) {
            admin = Admin.create(settings.adminProperties());
        }
        return admin;
    }

    public String bootstrap() {
        return settings.bootstrap();
    }

    public int timeoutMs() {
        return settings.timeoutMs();
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
