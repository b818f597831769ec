package org.chillflow.stream.window;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.chillflow.core.config.KafkaSettings;
import org.chillflow.core.config.ServerClients;
import org.chillflow.core.logging.LogFields;
import org.chillflow.core.stream.kafka.ConsumerHeartbeat;
import org.chillflow.core.stream.kafka.Inbound;
import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.kafka.MicroBatchRetry;
import org.chillflow.core.stream.kafka.PartitionBatchConsumer;
import org.chillflow.core.stream.kafka.StreamHeaders;
import org.chillflow.core.stream.window.WindowSize;
import org.chillflow.core.stream.window.ZoneWindowEngine;
import org.chillflow.core.stream.window.ZoneWindowStore;
import org.chillflow.stream.kafka.Messages;
import org.chillflow.stream.topics.TopicProvisioner;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import redis.clients.jedis.UnifiedJedis;

/**
 * Event-time zone windows (consumer group {@code chillflow-zone-windows}) over {@code trips-completed} (trips the
 * assembler completed; group {@code chillflow-zone-windows-trips}) and {@code zone-events} (StreamPulse-format
 * events, e.g. {@code chillflow replay streampulse}). Each topic has a {@link PartitionBatchConsumer}: a poll's
 * records of a partition (up to {@code chillflow.windows.batch-size}) go to that partition's lane as one batch, each
 * lane with an engine of its own ({@link ZoneWindowEngine}: a source's watermark is per partition, and a partition's
 * records only ever reach its lane), so the partitions' batches run side by side; a batch's offsets are committed
 * after the windows, the watermark and the dead letters are written. When Redis or Kafka fails, the batch is retried
 * with backoff (everything is idempotent: accumulation is deduplicated by trip id).
 *
 * <p>Not MicroProfile Reactive Messaging, unlike the assembler: Liberty's connector delivers and acknowledges record
 * by record, which was 59 % of this aggregator's time (docs/performance-history.md, "Zone windows").
 */
@ApplicationScoped
public class ZoneWindowAggregator {

    /** The windows' topics, each with its heartbeat (whose group suffix names the topic's consumer group). */
    private static final Map<String, ConsumerHeartbeat> TOPICS = Map.of(
            "zone-events", ConsumerHeartbeat.ZONE_EVENTS, ZoneWindowEngine.COMPLETED_TOPIC, ConsumerHeartbeat.TRIPS_COMPLETED);

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

    /** The consumers' polling threads. */
    @Resource
    ManagedThreadFactory threads;

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

    private final Map<TopicPartition, Lane> engines = new ConcurrentHashMap<>();
    private final Map<String, PartitionBatchConsumer> consumers = new ConcurrentHashMap<>();
    private UnifiedJedis redis;

    /** The windows' Redis pool: the server's one (shared with the assembler and the API), or the windows' own. */
    @Inject
    ServerClients clients;
    private Config config;
    private ZoneWindowStore store;
    private ZoneWindowEngine.Settings settings;
    private ZoneWindowEngine.Observer observer;
    private Duration retryFor;
    private ScheduledFuture<?> ticker;

    /** Consumes from the application's start (nothing else asks for this bean). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the container create this bean, and start() start the consumers
    }

    @PostConstruct
    void start() {
        config = ConfigProvider.getConfig();
        redis = clients.windowsRedis();
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
        retryFor = config.getOptionalValue("chillflow.stream.retry-for", Duration.class).orElse(Duration.ofMinutes(4));
        int batchSize = config.getValue("chillflow.windows.batch-size", Integer.class);
        String groupPrefix = config.getValue("chillflow.kafka.group-prefix", String.class);
        Map<String, Object> clientProperties = new HashMap<>(KafkaSettings.of(config).clientProperties());
        // a broker answers a fetch once this much is there or the wait is over (how often an idle consumer asks)
        clientProperties.put("fetch.min.bytes", config.getValue("chillflow.windows.fetch-min-bytes", Integer.class));
        clientProperties.put("fetch.max.wait.ms",
                (int) config.getValue("chillflow.windows.fetch-max-wait", Duration.class).toMillis());
        int maxPending = config.getValue("chillflow.windows.max-pending", Integer.class);
        Duration revokeWait = config.getValue("chillflow.windows.revoke-wait", Duration.class);
        TOPICS.forEach((topic, heartbeat) -> {
            var consumerSettings = new PartitionBatchConsumer.Settings("zone windows", topic,
                    groupPrefix + "-" + heartbeat.groupSuffix(), clientProperties, batchSize, maxPending, revokeWait);
            consumers.put(topic, new PartitionBatchConsumer(consumerSettings, scheduler, threads, this::process,
                    (partition, records) -> heartbeat.delivered(partition.partition())));
            heartbeat.started();
        });
        consumers.values().forEach(PartitionBatchConsumer::start);
        ticker = scheduler.scheduleWithFixedDelay(() -> engines.forEach(
                (partition, lane) -> consumers.get(partition.topic()).chain(partition, lane.engine::tick)),
                1, 1, TimeUnit.SECONDS);
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
        // batches not processed yet are not committed: they come again after the restart
        ticker.cancel(false);
        consumers.values().forEach(PartitionBatchConsumer::close);
        try {
            engines.values().forEach(lane -> lane.output.close());
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the window aggregator", e);
        }
    }

    /**
     * The record and its source: a replay (its header names it) or the topic's live traffic; and on trips-completed,
     * an assembler lane's progress mark when it is one.
     */
    private static ZoneWindowEngine.Record record(ConsumerRecord<String, String> consumed) {
        Inbound inbound = Inbound.of(consumed);
        return new ZoneWindowEngine.Record(inbound, inbound.replay() == null ? inbound.topic() : inbound.replay(),
                StreamHeaders.Mark.parse(inbound.watermark()));
    }

    /** Retried while Redis or Kafka is away; its log lines carry ext_topic, ext_partition, ext_offset. */
    private boolean process(TopicPartition partition, List<ConsumerRecord<String, String>> batch) {
        Lane lane = engines.computeIfAbsent(partition, k -> new Lane());
        List<ZoneWindowEngine.Record> records = batch.stream().map(ZoneWindowAggregator::record).toList();
        List<Inbound> inbound = records.stream().map(ZoneWindowEngine.Record::inbound).toList();
        try (LogFields fields = LogFields.set("topic", partition.topic(), "partition",
                Integer.toString(partition.partition()),
                "offset", batch.get(0).offset() + "-" + batch.get(batch.size() - 1).offset())) {
            return MicroBatchRetry.process("zone windows", inbound, () -> lane.engine.process(records), retryFor,
                    lane.output, TOPICS.get(partition.topic())::retrying, LOG);
        }
    }
}
