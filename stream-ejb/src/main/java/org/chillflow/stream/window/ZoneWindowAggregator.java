package org.chillflow.stream.window;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.chillflow.core.config.KafkaSettings;
import org.chillflow.core.logging.LogFields;
import org.chillflow.core.stream.kafka.MicroBatchRetry;
import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.kafka.ConsumerHeartbeat;
import org.chillflow.core.stream.kafka.Inbound;
import org.chillflow.core.stream.kafka.StreamHeaders;
import org.chillflow.stream.kafka.MicroBatchLanes;
import org.chillflow.stream.kafka.Messages;
import org.chillflow.core.stream.window.WindowSize;
import org.chillflow.core.stream.window.ZoneWindowEngine;
import org.chillflow.core.stream.window.ZoneWindowStore;
import org.chillflow.stream.topics.TopicProvisioner;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import redis.clients.jedis.UnifiedJedis;

/**
 * Event-time zone windows (consumer group {@code chillflow-zone-windows}) over {@code trips-completed} (trips the
 * assembler completed) and {@code zone-events} (StreamPulse-format events, e.g. {@code chillflow replay
 * streampulse}). Records gather into micro-batches ({@code chillflow.windows.batch-size}, flushed every
 * {@code chillflow.windows.linger}), one lane per topic partition, each with an engine of its own
 * ({@link ZoneWindowEngine}: a source's watermark is per partition, and a partition's records only ever reach its
 * lane), so the partitions' batches run side by side; the records are acknowledged after the windows, the watermark
 * and the dead letters are written. When Redis or Kafka fails, the batch is retried with backoff
 * (everything is idempotent: accumulation is deduplicated by trip id); nothing is nacked (Liberty's connector
 * would end the stream).
 */
@ApplicationScoped
public class ZoneWindowAggregator {

    private static final Logger LOG = Logger.getLogger(ZoneWindowAggregator.class.getName());

    private static final Metadata EVENTS = Metadata.builder().withName("chillflow_windows_events")
            .withDescription("Zone events read by the window aggregator, by topic and outcome (accepted, duplicate, late, invalid)").build();
    private static final Metadata INVALID = Metadata.builder().withName("chillflow_windows_invalid_events")
            .withDescription("Zone events refused by the schema, by reason (each one is in chillflow-dlq)").build();
    private static final Metadata EMITTED = Metadata.builder().withName("chillflow_windows_emitted")
            .withDescription("Windows made final").build();
    private static final Metadata CLOSE_LATENCY = Metadata.builder().withName("chillflow_windows_close_latency")
            .withDescription("From the record that moved the watermark past a window's close to the window marked final").build();
    private static final Metadata UPDATE_LATENCY = Metadata.builder().withName("chillflow_windows_update_latency")
            .withDescription("From an event's record timestamp to its open window reflecting it in Redis").build();
    private static final Metadata WATERMARK_LAG = Metadata.builder().withName("chillflow_windows_watermark_lag_seconds")
            .withDescription("Highest event time seen minus the watermark, over the sources with open windows").build();

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Instance<MetricRegistry> registries;

    /**
     * One topic partition's engine and its Kafka producer (dead letters). A source's watermark and open windows are
     * per partition, so the partitions need not share an engine: each lane processes its batches in order, the lanes
     * side by side.
     */
    private final class Lane {
        final KafkaStreamOutput output = Messages.withClassLoaderOf(ZoneWindowAggregator.class,
                () -> new KafkaStreamOutput(KafkaSettings.of(config).clientProperties(), "chillflow-zone-windows"));
        final ZoneWindowEngine engine = new ZoneWindowEngine(store, output, observer, settings);
    }

    /** A lane's key: topic and partition. */
    private record LaneKey(String topic, int partition) {
    }

    private final Map<LaneKey, Lane> engines = new ConcurrentHashMap<>();
    private MicroBatchLanes<LaneKey, ZoneWindowEngine.Record> lanes;
    private UnifiedJedis redis;

    /** The server's one Redis pool (shared with the assembler and the API). */
    @jakarta.inject.Inject
    org.chillflow.core.config.ServerClients clients;
    private Config config;
    private ZoneWindowStore store;
    private ZoneWindowEngine.Settings settings;
    private ZoneWindowEngine.Observer observer;
    private int batchSize;
    private Duration retryFor;
    private ScheduledFuture<?> flusher;
    private ScheduledFuture<?> ticker;

    @PostConstruct
    void start() {
        config = ConfigProvider.getConfig();
        redis = clients.redis();
        List<WindowSize> sizes = WindowSize.parseList(config.getValue("chillflow.windows.sizes", String.class));
        store = new ZoneWindowStore(redis, sizes,
                (int) config.getValue("chillflow.windows.ttl", Duration.class).toSeconds());
        settings = new ZoneWindowEngine.Settings(
                config.getValue("chillflow.windows.bound", Duration.class),
                config.getValue("chillflow.windows.allowed-lateness", Duration.class),
                config.getValue("chillflow.windows.partition-idle", Duration.class),
                config.getValue("chillflow.windows.source-idle", Duration.class),
                TopicProvisioner.parseTopics(config.getValue("chillflow.kafka.topics", String.class)));
        observer = observer();
        batchSize = config.getValue("chillflow.windows.batch-size", Integer.class);
        retryFor = config.getOptionalValue("chillflow.stream.retry-for", Duration.class).orElse(Duration.ofMinutes(4));
        lanes = new MicroBatchLanes<>("zone windows", batchSize, scheduler, (key, batch) -> process(lane(key), batch), LOG);
        long linger = config.getValue("chillflow.windows.linger", Duration.class).toMillis();
        flusher = scheduler.scheduleWithFixedDelay(lanes::flush, linger, linger, TimeUnit.MILLISECONDS);
        ticker = scheduler.scheduleWithFixedDelay(
                () -> engines.forEach((key, lane) -> lanes.chain(key, lane.engine::tick)), 1, 1, TimeUnit.SECONDS);
        ConsumerHeartbeat.TRIPS_COMPLETED.started();
        ConsumerHeartbeat.ZONE_EVENTS.started();
    }

    private ZoneWindowEngine.Observer observer() {
        if (!registries.isResolvable()) {
            return new ZoneWindowEngine.Observer() {
            };
        }
        MetricRegistry registry = registries.get();
        Timer closeLatency = registry.timer(CLOSE_LATENCY);
        Timer updateLatency = registry.timer(UPDATE_LATENCY);
        registry.gauge(WATERMARK_LAG, this, a -> a.engines.values().stream()
                .mapToLong(lane -> lane.engine.watermarkLagMillis()).max().orElse(0) / 1000.0);
        // one lookup per topic and outcome, not one per event
        Map<String, Counter> events = new ConcurrentHashMap<>();
        return new ZoneWindowEngine.Observer() {
            @Override
            public void event(String topic, String outcome, long n) {
                events.computeIfAbsent(topic + '\n' + outcome,
                        k -> registry.counter(EVENTS, new Tag("topic", topic), new Tag("outcome", outcome))).inc(n);
            }

            @Override
            public void invalid(String reason) {
                registry.counter(INVALID, new Tag("reason", reason)).inc();
            }

            @Override
            public void closed(long windows, long latencyMillis) {
                registry.counter(EMITTED).inc(windows);
                closeLatency.update(Duration.ofMillis(latencyMillis));
            }

            @Override
            public void updated(long latencyMillis) {
                updateLatency.update(Duration.ofMillis(latencyMillis));
            }
        };
    }

    @PreDestroy
    void stop() {
        // records still buffered are not acknowledged: they come again after the restart
        flusher.cancel(false);
        ticker.cancel(false);
        try {
            engines.values().forEach(lane -> lane.output.close());
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the window aggregator", e);
        }
    }

    @Incoming("zone-events")
    public CompletionStage<Void> onZoneEvent(Message<String> message) {
        return gather(message, "zone-events", ConsumerHeartbeat.ZONE_EVENTS);
    }

    @Incoming("trips-completed")
    public CompletionStage<Void> onCompletedTrip(Message<String> message) {
        return gather(message, "trips-completed", ConsumerHeartbeat.TRIPS_COMPLETED);
    }

    private CompletionStage<Void> gather(Message<String> message, String topic, ConsumerHeartbeat heartbeat) {
        ZoneWindowEngine.Record record = record(message, topic);
        heartbeat.delivered(record.inbound().partition());
        lanes.add(new LaneKey(topic, record.inbound().partition()), message, record);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The record and its source: a replay (its header names it) or the topic's live traffic; and on trips-completed,
     * an assembler lane's progress mark when it is one.
     */
    private static ZoneWindowEngine.Record record(Message<String> message, String topic) {
        Inbound inbound = Messages.inbound(message, topic, 0);
        return new ZoneWindowEngine.Record(inbound, inbound.replay() == null ? inbound.topic() : inbound.replay(),
                StreamHeaders.Mark.parse(inbound.watermark()));
    }

    /** Retried while Redis or Kafka is away; its log lines carry ext_topic, ext_partition, ext_offset. */
    private Lane lane(LaneKey key) {
        return engines.computeIfAbsent(key, k -> new Lane());
    }

    private boolean process(Lane lane, List<MicroBatchLanes.Pending<ZoneWindowEngine.Record>> batch) {
        List<ZoneWindowEngine.Record> records = batch.stream().map(MicroBatchLanes.Pending::record).toList();
        List<Inbound> inbound = records.stream().map(ZoneWindowEngine.Record::inbound).toList();
        Inbound first = inbound.get(0);
        Inbound last = inbound.get(inbound.size() - 1);
        try (LogFields fields = LogFields.set("topic", first.topic(), "partition", Integer.toString(first.partition()),
                "offset", first.offset() + "-" + last.offset())) {
            ConsumerHeartbeat heartbeat = first.topic().equals(ZoneWindowEngine.COMPLETED_TOPIC)
                    ? ConsumerHeartbeat.TRIPS_COMPLETED : ConsumerHeartbeat.ZONE_EVENTS;
            return MicroBatchRetry.process("zone windows", inbound, () -> lane.engine.process(records), retryFor,
                    lane.output, heartbeat::retrying, LOG);
        }
    }
}
