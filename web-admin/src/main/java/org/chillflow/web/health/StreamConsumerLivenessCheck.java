package org.chillflow.web.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chillflow.core.stream.ConsumerLag;
import org.chillflow.core.stream.assembly.AssemblerHeartbeat;
import org.chillflow.web.kafka.KafkaAdmin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code stream-consumer}: DOWN when trip-events has records the assembler group has not committed while nothing
 * was delivered to this server's assembler for {@code chillflow.stream.stall-after} (default PT2M) and no batch
 * is waiting for a service to come back. That is the state Liberty's Kafka connector is left in when an internal
 * error ends its stream (AssemblerHeartbeat); only a restart brings the consumer back, and the records not
 * committed are delivered again then (the assembly is idempotent). While Kafka cannot be asked, this check says
 * UP: readiness reports Kafka.
 */
@Liveness
@ApplicationScoped
public class StreamConsumerLivenessCheck implements HealthCheck {

    @Inject
    KafkaAdmin kafka;

    @Inject
    @ConfigProperty(name = "chillflow.kafka.group-prefix")
    String groupPrefix;

    @Inject
    @ConfigProperty(name = "chillflow.stream.stall-after", defaultValue = "PT2M")
    Duration stallAfter;

    private final CachedProbe probe = new CachedProbe("stream-consumer", this::check);

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }

    /** Throws (DOWN, the reason logged) when records wait but nothing was delivered for too long. */
    private void check() {
        long lag;
        try {
            lag = ConsumerLag.total(ConsumerLag.of(kafka.client(), groupPrefix + "-trip-assembler", "trip-events",
                    kafka.timeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // lag unknown: Kafka's readiness check says why; not a reason to restart this server
        } catch (Exception e) {
            return;
        }
        // before the first delivery, the server's start is the point of reference
        Instant lastDelivery = Instant.ofEpochMilli(AssemblerHeartbeat.running() ? AssemblerHeartbeat.lastDeliveredAt()
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        // a server that has delivered nothing yet is also joining its group: a minute more for that (a killed
        // predecessor's session must time out first, 45 s by default)
        Duration allowed = AssemblerHeartbeat.running() ? stallAfter : stallAfter.plusMinutes(1);
        boolean stalled = lag > 0 && !AssemblerHeartbeat.retrying()
                && Duration.between(lastDelivery, Instant.now()).compareTo(allowed) > 0;
        if (stalled) {
            throw new IllegalStateException(lag + " records wait on trip-events but nothing was delivered for "
                    + allowed + ": the Kafka connector's stream has stopped; restart the server");
        }
    }
}
