package org.chillflow.stream.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.chillflow.core.config.KafkaSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the application's topics with explicit partition counts at start-up (the broker does not
 * auto-create topics). If Kafka is not reachable yet the server still starts (readiness reports Kafka
 * DOWN) and provisioning is retried every 10 seconds until it succeeds.
 */
@Singleton
@Startup
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class.getName());
    private static final long RETRY_MS = 10_000;

    /** The broker(s), timeouts and security, as every client reads them. */
    private final KafkaSettings kafka = KafkaSettings.of(org.eclipse.microprofile.config.ConfigProvider.getConfig());

    /** {@code name:partitions,...} */
    @Inject
    @ConfigProperty(name = "chillflow.kafka.topics")
    String topics;

    /** Off where another owner makes the topics (Strimzi's KafkaTopic resources on OpenShift). */
    @Inject
    @ConfigProperty(name = "chillflow.kafka.provision-topics", defaultValue = "true")
    boolean provisionTopics;

    /** Replicas of each topic created here; 0 = the broker's default.replication.factor. */
    @Inject
    @ConfigProperty(name = "chillflow.kafka.replication-factor", defaultValue = "0")
    short replicationFactor;

    @Resource
    TimerService timers;

    private volatile boolean provisioned;

    @PostConstruct
    void start() {
        if (!provisionTopics) {
            LOG.info("Kafka topics are not provisioned here (chillflow.kafka.provision-topics=false): their owner makes them");
            provisioned = true;
            return;
        }
        if (!provision()) {
            timers.createIntervalTimer(RETRY_MS, RETRY_MS, new TimerConfig("topic-provisioning", false));
        }
    }

    @Timeout
    void retry(jakarta.ejb.Timer timer) {
        if (provision()) {
            timer.cancel();
        }
    }

    public boolean isProvisioned() {
        return provisioned;
    }

    public static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("chillflow.kafka.topics entry must be name:partitions, was '" + entry + "'");
            }
            result.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
        }
        return result;
    }

    /** A topic of so many partitions, with the broker's default replication factor when {@code replicas} is 0. */
    static NewTopic newTopic(String name, int partitions, short replicas) {
        return new NewTopic(name, java.util.Optional.of(partitions),
                replicas > 0 ? java.util.Optional.of(replicas) : java.util.Optional.empty());
    }

    private boolean provision() {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            Set<String> existing = admin.listTopics().names().get(kafka.timeoutMs(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            parseTopics(topics).forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(newTopic(name, partitions, replicationFactor));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(kafka.timeoutMs(), TimeUnit.MILLISECONDS);
                LOG.info(() -> "Created Kafka topics " + missing);
            }
            provisioned = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(Level.WARNING, "Kafka topics not provisioned yet at " + kafka.bootstrap() + " (retrying in "
                    + RETRY_MS / 1000 + " s): " + e);
            return false;
        }
    }
}
