package org.chillflow.core.stream.kafka;

import java.util.List;

/**
 * What this JVM's stream consumers last did, for the liveness check (EAR lib: one copy shared by the EJB module that
 * consumes and the web module that answers {@code /health/live}). The stream's consumers ({@link
 * PartitionBatchConsumer}) replace a failed Kafka consumer by themselves; a consumer that delivers nothing while records
 * wait all the same (its polling thread stuck or gone) is what the liveness check finds here, and a restart of the
 * server, which it asks of the platform, what brings it back. (Liberty's Reactive Messaging connector, which the
 * assembler used before, could end a channel's stream for good after an internal error: a {@code WakeupException} out
 * of an offset commit while the broker was restarting, CWMRX1000E then SRMSG00201.)
 */
public final class ConsumerHeartbeat {

    /** The assembler on trip-events. */
    public static final ConsumerHeartbeat TRIP_EVENTS = new ConsumerHeartbeat("trip-assembler", "trip-events");
    /** The zone windows on the assembler's completed trips. */
    public static final ConsumerHeartbeat TRIPS_COMPLETED = new ConsumerHeartbeat("zone-windows-trips", "trips-completed");
    /** The zone windows on StreamPulse's zone events. */
    public static final ConsumerHeartbeat ZONE_EVENTS = new ConsumerHeartbeat("zone-windows", "zone-events");

    private final String groupSuffix;
    private final String topic;
    private volatile long startedAt;
    private volatile long lastDeliveredAt;
    private volatile long retryingSince;
    /** The partitions delivered to this server since its start (with several servers, its share of the lag). */
    private final java.util.Set<Integer> partitions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ConsumerHeartbeat(String groupSuffix, String topic) {
        this.groupSuffix = groupSuffix;
        this.topic = topic;
    }

    public static List<ConsumerHeartbeat> all() {
        return List.of(TRIP_EVENTS, TRIPS_COMPLETED, ZONE_EVENTS);
    }

    /** The consumer group, after {@code chillflow.kafka.group-prefix} and a dash (as the channels' group.id). */
    public String groupSuffix() {
        return groupSuffix;
    }

    public String topic() {
        return topic;
    }

    public void started() {
        startedAt = System.currentTimeMillis();
        lastDeliveredAt = startedAt;
    }

    /** A record of this partition was delivered. */
    public void delivered(int partition) {
        lastDeliveredAt = System.currentTimeMillis();
        if (partition >= 0) {
            partitions.add(partition);
        }
    }

    /** The partitions delivered here since the start; empty before the first delivery. */
    public java.util.Set<Integer> partitions() {
        return java.util.Set.copyOf(partitions);
    }

    /** A batch waits for Redis, PostgreSQL or Kafka to come back (no delivery then is expected). */
    public void retrying(boolean retrying) {
        retryingSince = retrying ? System.currentTimeMillis() : 0;
    }

    public boolean running() {
        return startedAt > 0;
    }

    public long startedAt() {
        return startedAt;
    }

    public long lastDeliveredAt() {
        return lastDeliveredAt;
    }

    public boolean retrying() {
        return retryingSince > 0;
    }
}
