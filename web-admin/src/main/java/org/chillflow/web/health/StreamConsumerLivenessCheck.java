package org.chillflow.web.health;

import org.chillflow.core.config.ServerClients;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chillflow.core.stream.ConsumerLag;
import org.chillflow.core.stream.kafka.ConsumerHeartbeat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code stream-consumer}: DOWN when one of the stream's channels — the assembler on trip-events, the zone windows on
 * trips-completed and on zone-events — has records its consumer group has not committed on this server's partitions
 * (those delivered here; all before the first delivery) while nothing was delivered to this server's consumer for
 * {@code chillflow.stream.stall-after} (default PT2M) and no batch is waiting for a service to come back: a consumer
 * that stopped delivering (ConsumerHeartbeat); a restart brings it back, and the records not committed are delivered
 * again then (assembly and windows are idempotent). While Kafka cannot be asked, this check says UP: readiness reports
 * Kafka.
 */
@Liveness
@ApplicationScoped
public class StreamConsumerLivenessCheck implements HealthCheck {

    @Inject
    ServerClients clients;

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

    /** Throws (DOWN, the reason logged) when records wait on a channel but nothing was delivered for too long. */
    private void check() {
        for (ConsumerHeartbeat channel : ConsumerHeartbeat.all()) {
            check(channel);
        }
    }

    private void check(ConsumerHeartbeat channel) {
        long lag;
        try {
            // with several servers, only this server's share counts: the partitions delivered here (before the
            // first delivery, all of them) — another server standing still is its own liveness check's business
            java.util.Set<Integer> mine = channel.partitions();
            lag = ConsumerLag.of(clients.kafkaAdmin(), groupPrefix + "-" + channel.groupSuffix(), channel.topic(), clients.kafkaTimeoutMs())
                    .stream().filter(p -> mine.isEmpty() || mine.contains(p.partition()))
                    .mapToLong(ConsumerLag.PartitionLag::lag).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // lag unknown: Kafka's readiness check says why; not a reason to restart this server
        } catch (Exception e) {
            return;
        }
        // before the first delivery, the consumer's start (or the server's) is the point of reference, and a minute
        // more is allowed: it is also joining its group (a killed predecessor's session must time out first, 45 s)
        boolean joining = !channel.running() || channel.lastDeliveredAt() == channel.startedAt();
        Instant lastDelivery = Instant.ofEpochMilli(channel.running() ? channel.lastDeliveredAt()
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        Duration allowed = joining ? stallAfter.plusMinutes(1) : stallAfter;
        boolean stalled = lag > 0 && !channel.retrying() && Duration.between(lastDelivery, Instant.now()).compareTo(allowed) > 0;
        if (stalled) {
            throw new IllegalStateException(lag + " records wait on " + channel.topic() + " but nothing was delivered for "
                    + allowed + ": the Kafka connector's stream has stopped; restart the server");
        }
    }
}
