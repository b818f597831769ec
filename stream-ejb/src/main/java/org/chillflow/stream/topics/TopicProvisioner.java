package org.chillflow.stream.topics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
import org.chillflow.core.stream.kafka.Topics;
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
    /** The server's one Kafka admin client (shared with the health checks and the stream status). */
    @Inject
    org.chillflow.core.config.ServerClients clients;

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
        return Topics.parse(spec);
    }

    static NewTopic newTopic(String name, int partitions, short replicas) {
        return Topics.newTopic(name, partitions, replicas);
    }

    private boolean provision() {
        try {
            Admin admin = clients.kafkaAdmin();
            List<NewTopic> created = Topics.createMissing(admin, topics, replicationFactor, clients.kafkaTimeoutMs());
            if (!created.isEmpty()) {
                LOG.info(() -> "Created Kafka topics " + created);
            }
            provisioned = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(Level.WARNING, "Kafka topics not provisioned yet at " + clients.kafkaBootstrap() + " (retrying in "
                    + RETRY_MS / 1000 + " s): " + e);
            return false;
        }
    }
}
