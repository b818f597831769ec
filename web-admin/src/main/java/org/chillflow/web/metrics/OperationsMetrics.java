package org.chillflow.web.metrics;

import org.chillflow.core.config.ServerClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.chillflow.core.stream.ConsumerLag;
import org.chillflow.web.batch.StaleExecutions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges for what operators alert on and the platform cannot see by itself: each dependency's readiness
 * ({@code chillflow_dependency_up{service}}: 1 up, 0 down), consumer lag of each consumer group
 * ({@code chillflow_stream_consumer_lag{group,topic}}) and executions left by a server that is gone
 * ({@code chillflow_batch_stale_executions}). Each is computed when scraped, at most every 10 seconds (the
 * checks do I/O with short timeouts).
 */
@ApplicationScoped
public class OperationsMetrics {

    private static final Logger LOG = Logger.getLogger(OperationsMetrics.class.getName());
    private static final long CACHE_MILLIS = 10_000;

    private static final Metadata DEPENDENCY_UP = Metadata.builder().withName("chillflow_dependency_up")
            .withDescription("Readiness of each service ChillFlow depends on (postgresql, redis, kafka): 1 up, 0 down").build();
    private static final Metadata CONSUMER_LAG = Metadata.builder().withName("chillflow_stream_consumer_lag")
            .withDescription("Records not yet consumed, per consumer group and topic (sum over partitions)").build();
    private static final Metadata STALE = Metadata.builder().withName("chillflow_batch_stale_executions")
            .withDescription("Batch executions left running by a server that does not answer any more").build();

    /** Consumer groups (without the configured prefix) and their topics. */
    private static final List<String[]> GROUPS = List.of(new String[] { "trip-assembler", "trip-events" },
            new String[] { "zone-windows", "zone-events" }, new String[] { "zone-windows-trips", "trips-completed" });

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    ServerClients clients;

    @Inject
    StaleExecutions stale;

    @Inject
    @ConfigProperty(name = "chillflow.kafka.group-prefix")
    String groupPrefix;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long at, double value) {
    }

    /** Registers the gauges (application start-up). */
    public void register(MetricRegistry registry) {
        for (String service : List.of("postgresql", "redis", "kafka")) {
            registry.gauge(DEPENDENCY_UP, this, m -> m.readiness().getOrDefault(service, 0.0), new Tag("service", service));
        }
        for (String[] group : GROUPS) {
            String name = groupPrefix + "-" + group[0];
            registry.gauge(CONSUMER_LAG, this, m -> m.cached("lag:" + name, () -> m.lag(name, group[1])),
                    new Tag("group", name), new Tag("topic", group[1]));
        }
        registry.gauge(STALE, this, m -> m.cached("stale", m::staleCount));
    }

    private double cached(String key, Supplier<Double> compute) {
        long now = System.currentTimeMillis();
        Cached c = cache.get(key);
        if (c == null || now - c.at() > CACHE_MILLIS) {
            c = new Cached(now, compute.get());
            cache.put(key, c);
        }
        return c.value();
    }

    private volatile long readinessAt;
    private volatile Map<String, Double> readinessByService = Map.of();

    /** Every readiness check once per cache period (one scrape reads three services' gauges). */
    private Map<String, Double> readiness() {
        long now = System.currentTimeMillis();
        if (now - readinessAt > CACHE_MILLIS) {
            Map<String, Double> states = new java.util.HashMap<>();
            for (HealthCheck check : readiness) {
                HealthCheckResponse response = check.call();
                states.put(response.getName(), response.getStatus() == HealthCheckResponse.Status.UP ? 1.0 : 0.0);
            }
            readinessByService = states;
            readinessAt = now;
        }
        return readinessByService;
    }

    private double lag(String group, String topic) {
        try {
            return ConsumerLag.total(ConsumerLag.of(clients.kafkaAdmin(), group, topic, clients.kafkaTimeoutMs()));
        } catch (Exception e) {
            LOG.log(Level.FINE, "consumer lag of " + group, e);
            return Double.NaN; // unknown: Kafka does not answer (chillflow_dependency_up says so)
        }
    }

    private double staleCount() {
        try {
            return stale.scan().size();
        } catch (Exception e) {
            LOG.log(Level.FINE, "stale executions", e);
            return Double.NaN;
        }
    }
}
