package org.chillflow.stream.assembly;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

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
import org.chillflow.core.config.KafkaSettings;
import org.chillflow.core.logging.LogFields;
import org.chillflow.core.stream.assembly.PartialTripStore;
import org.chillflow.core.stream.assembly.StreamTripWriter;
import org.chillflow.core.stream.assembly.TripAssemblyEngine;
import org.chillflow.core.stream.kafka.ConsumerHeartbeat;
import org.chillflow.core.stream.kafka.Inbound;
import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.kafka.MicroBatchRetry;
import org.chillflow.core.stream.kafka.PartitionBatchConsumer;
import org.chillflow.stream.kafka.Messages;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import redis.clients.jedis.UnifiedJedis;

/**
 * Reassembles trips from {@code trip-events} (consumer group {@code chillflow-trip-assembler}) in micro-batches, through
 * core's {@link PartitionBatchConsumer}: one thread polls, and a poll's records of a partition go to that partition's
 * lane as one batch (at most {@code chillflow.stream.batch-size} records; a fetch is answered once
 * {@code chillflow.stream.fetch-min-bytes} are there or after {@code chillflow.stream.linger}; while a lane is behind,
 * the polls waiting for it are merged). Each lane runs its {@link TripAssemblyEngine} on the managed executor, one batch
 * at a time and in order (all events of a trip share a key, hence a partition, hence a lane), the lanes side by side; a
 * batch's offsets are committed after the engine has written, settled and published it.
 *
 * <p>Not MicroProfile Reactive Messaging: Liberty's connector delivers and acknowledges record by record, a cost paid for
 * every event (the zone windows left it for the same reason: docs/performance-history.md, "Zone windows").
 *
 * <p>When Redis, PostgreSQL or Kafka fails, the batch is retried here with backoff until they are back (every step is
 * idempotent); the consumer pauses the partition meanwhile ({@code chillflow.stream.max-pending}) and keeps polling, so
 * the group does not drop it. After {@code chillflow.stream.retry-for} (default PT4M) the batch's events go to the
 * dead-letter topic as {@code unavailable}.
 *
 * <p>Partial trips whose last event is older than {@code chillflow.stream.partial-timeout} are swept to the
 * dead-letter topic as {@code partial_expired} (every {@code chillflow.stream.sweep-interval}).
 */
@ApplicationScoped
public class TripAssembler {

    private static final Logger LOG = Logger.getLogger(TripAssembler.class.getName());

    private static final Metadata EVENTS = Metadata.builder().withName("chillflow_stream_events")
            .withDescription("Trip events handled by the assembler, by event type and outcome").build();
    private static final Metadata LATENCY = Metadata.builder().withName("chillflow_stream_assembly_latency")
            .withDescription("From the completing event's produce time to the trip's committed row").build();
    private static final Metadata PARTIALS = Metadata.builder().withName("chillflow_stream_partial_trips")
            .withDescription("Partial trips held in Redis (all assemblers of the group)").build();
    private static final Metadata STAGE = Metadata.builder().withName("chillflow_stream_batch_stage")
            .withDescription("Time a micro-batch spent in each stage of the assembly").build();
    private static final Metadata BATCH = Metadata.builder().withName("chillflow_stream_batch_duration")
            .withDescription("Time to process one micro-batch of trip events").build();

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** The consumer's polling thread. */
    @Resource
    ManagedThreadFactory threads;

    /** The server's application registry. */
    @Inject
    Instance<MetricRegistry> registries;

    /**
     * One partition's engine, with the partition's partial trips in its memory, and its Kafka producer (the sweep has
     * its own, under {@link #SWEEP}, which holds no trips).
     */
    private final class LaneState {
        final KafkaStreamOutput output = newOutput();
        final TripAssemblyEngine engine;

        LaneState(int lane) {
            engine = new TripAssemblyEngine(partials, writer, output, observer, completionBound,
                    lane == SWEEP ? Duration.ZERO : localStateFor);
        }
    }

    /** The lane key of the partial-trip sweep (partitions are 0 and up). */
    private static final int SWEEP = Integer.MIN_VALUE;

    private final Map<Integer, LaneState> states = new ConcurrentHashMap<>();
    private PartitionBatchConsumer consumer;
    private Config config;
    private UnifiedJedis redis;

    /** The server's one Redis pool (shared with the windows and the API). */
    @jakarta.inject.Inject
    org.chillflow.core.config.ServerClients clients;
    private PartialTripStore partials;
    private StreamTripWriter writer;
    private TripAssemblyEngine.Observer observer;
    private Duration retryFor;
    private Duration partialTimeout;
    private Duration completionBound;
    private Duration localStateFor;
    private ScheduledFuture<?> sweeper;
    private MetricRegistry registry;
    private Timer latency;
    private Timer batchTimer;

    /** Consumes from the application's start (nothing else asks for this bean). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the container create this bean, and start() start the consumer
    }

    @PostConstruct
    void start() {
        config = ConfigProvider.getConfig();
        redis = clients.redis();
        partialTimeout = config.getOptionalValue("chillflow.stream.partial-timeout", Duration.class).orElse(Duration.ofHours(1));
        partials = new PartialTripStore(redis, (int) partialTimeout.plusHours(1).toSeconds(),
                (int) config.getOptionalValue("chillflow.stream.done-ttl", Duration.class).orElse(Duration.ofDays(2)).toSeconds());
        writer = new StreamTripWriter(dataSource);
        if (registries.isResolvable()) {
            registry = registries.get();
            latency = registry.timer(LATENCY);
            batchTimer = registry.timer(BATCH);
            registry.gauge(PARTIALS, partials, PartialTripStore::partialCount);
        }
        // each counter and timer looked up once, not once per event or stage (the lookup builds its metric id)
        Map<String, Counter> events = new ConcurrentHashMap<>();
        Map<String, Timer> stages = new ConcurrentHashMap<>();
        observer = new TripAssemblyEngine.Observer() {
            @Override
            public void event(String type, String outcome) {
                if (registry != null) {
                    events.computeIfAbsent(type + '\n' + outcome,
                            k -> registry.counter(EVENTS, new Tag("type", type), new Tag("outcome", outcome))).inc();
                }
            }

            @Override
            public void stage(String stage, long nanos) {
                if (registry != null) {
                    stages.computeIfAbsent(stage, k -> registry.timer(STAGE, new Tag("stage", stage)))
                            .update(Duration.ofNanos(nanos));
                }
            }

            @Override
            public void latencyMillis(long millis) {
                if (latency != null) {
                    latency.update(Duration.ofMillis(millis));
                }
            }
        };
        completionBound = config.getValue("chillflow.windows.bound", Duration.class);
        // how long a lane trusts its in-memory copy of a partial trip: well inside the timeout after which the sweep
        // may drop the trip from Redis (PT0S: every event through Redis's add-event script, as before)
        localStateFor = config.getOptionalValue("chillflow.stream.local-state-for", Duration.class)
                .orElse(partialTimeout.dividedBy(2));
        retryFor = config.getOptionalValue("chillflow.stream.retry-for", Duration.class).orElse(Duration.ofMinutes(4));
        Map<String, Object> clientProperties = new HashMap<>(KafkaSettings.of(config).clientProperties());
        // a broker answers a fetch once this much is there or the linger is over: what gathers a batch that is not full
        clientProperties.put("fetch.min.bytes", config.getValue("chillflow.stream.fetch-min-bytes", Integer.class));
        clientProperties.put("fetch.max.wait.ms", (int) config.getValue("chillflow.stream.linger", Duration.class).toMillis());
        var settings = new PartitionBatchConsumer.Settings("trip assembler", "trip-events",
                config.getValue("chillflow.kafka.group-prefix", String.class) + "-" + ConsumerHeartbeat.TRIP_EVENTS.groupSuffix(),
                clientProperties, config.getValue("chillflow.stream.batch-size", Integer.class),
                config.getValue("chillflow.stream.max-pending", Integer.class),
                config.getValue("chillflow.stream.revoke-wait", Duration.class));
        consumer = new PartitionBatchConsumer(settings, scheduler, threads,
                (partition, records) -> process(state(partition.partition()), records),
                (partition, records) -> ConsumerHeartbeat.TRIP_EVENTS.delivered(partition.partition()));
        long sweepMillis = config.getOptionalValue("chillflow.stream.sweep-interval", Duration.class).orElse(Duration.ofSeconds(30)).toMillis();
        sweeper = scheduler.scheduleWithFixedDelay(this::sweepQuietly, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        ConsumerHeartbeat.TRIP_EVENTS.started();
        consumer.start();
    }

    /** A Kafka producer per lane. The executor's class loader may not be the application's: load ours explicitly. */
    private KafkaStreamOutput newOutput() {
        return Messages.withClassLoaderOf(TripAssembler.class,
                () -> new KafkaStreamOutput(KafkaSettings.of(config).clientProperties(), "chillflow-trip-assembler"));
    }

    private LaneState state(int lane) {
        return states.computeIfAbsent(lane, LaneState::new);
    }

    @PreDestroy
    void stop() {
        // batches not processed yet are not committed: they come again after the restart
        sweeper.cancel(false);
        consumer.close();
        try {
            states.values().forEach(state -> state.output.close());
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the assembler", e);
        }
    }

    /**
     * Processes the batch, retrying while a service is away; false when the server is stopping. Its log lines carry
     * ext_topic, ext_partition, ext_offset (first-last) in Liberty's JSON logs.
     */
    private boolean process(LaneState lane, List<ConsumerRecord<String, String>> batch) {
        List<Inbound> inbound = batch.stream().map(Inbound::of).toList();
        try (LogFields fields = LogFields.set("topic", "trip-events", "partition", Integer.toString(inbound.get(0).partition()),
                "offset", inbound.get(0).offset() + "-" + inbound.get(inbound.size() - 1).offset())) {
            return MicroBatchRetry.process("trip-events", inbound, () -> {
                long started = System.nanoTime();
                lane.engine.process(inbound);
                if (batchTimer != null) {
                    batchTimer.update(Duration.ofNanos(System.nanoTime() - started));
                }
            }, retryFor, lane.output, ConsumerHeartbeat.TRIP_EVENTS::retrying, LOG);
        }
    }

    private void sweepQuietly() {
        try {
            int swept = sweep();
            if (swept > 0) {
                LOG.warning(() -> "trip-events: " + swept + " partial trips waited more than " + partialTimeout
                        + " and went to the dead-letter topic as 'partial_expired'");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "trip-events: the partial-trip sweep failed; it runs again", e);
        }
    }

    /** Dead-letters every event of the partial trips that waited too long, then drops them (one sweep at a time). */
    synchronized int sweep() {
        return state(SWEEP).engine.sweepExpired(partialTimeout);
    }
}
