package org.chillflow.stream.assembly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chillflow.core.stream.assembly.KafkaAssemblyOutput;
import org.chillflow.core.stream.assembly.PartialTripStore;
import org.chillflow.core.stream.assembly.StreamTripWriter;
import org.chillflow.core.stream.assembly.TripAssemblyEngine;
import org.chillflow.core.stream.assembly.TripAssemblyEngine.Inbound;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Reassembles trips from {@code trip-events} (consumer group {@code chillflow-trip-assembler}) in micro-batches:
 * each record is buffered and the method returns at once; a batch is processed by {@link TripAssemblyEngine}
 * when it holds {@code chillflow.stream.batch-size} records or is {@code chillflow.stream.linger} old, and its
 * records are acknowledged only after the engine has written, settled and published them. Liberty's connector
 * commits an offset once every record before it is acknowledged, and lets {@code unacked.limit} records be
 * outstanding, which is what makes the batching possible.
 *
 * <p>When Redis, PostgreSQL or Kafka fails, the batch is retried here with backoff until they are back (every
 * step is idempotent): Liberty's Kafka connector shuts the whole stream down on a nack (CWMRX1011E), so nothing
 * is nacked. After {@code chillflow.stream.retry-for} (default PT4M, below the consumer's max.poll.interval.ms)
 * the batch's events go to the dead-letter topic as {@code unavailable}.
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
    private static final Metadata BATCH = Metadata.builder().withName("chillflow_stream_batch_duration")
            .withDescription("Time to process one micro-batch of trip events").build();

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** The server's application registry. */
    @Inject
    Instance<MetricRegistry> registries;

    private record Pending(Message<String> message, Inbound inbound) {
    }

    private final List<Pending> buffer = new ArrayList<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private JedisPooled redis;
    private PartialTripStore partials;
    private KafkaAssemblyOutput output;
    private TripAssemblyEngine engine;
    private Duration retryFor;
    private Duration partialTimeout;
    private int batchSize;
    private ScheduledFuture<?> flusher;
    private ScheduledFuture<?> sweeper;
    private MetricRegistry registry;
    private Timer latency;
    private Timer batchTimer;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        redis = new JedisPooled(new HostAndPort(config.getValue("chillflow.redis.host", String.class),
                config.getValue("chillflow.redis.port", Integer.class)),
                DefaultJedisClientConfig.builder().timeoutMillis(config.getValue("chillflow.redis.timeout-ms", Integer.class))
                        .build());
        partialTimeout = config.getOptionalValue("chillflow.stream.partial-timeout", Duration.class).orElse(Duration.ofHours(1));
        partials = new PartialTripStore(redis, (int) partialTimeout.plusHours(1).toSeconds(),
                (int) config.getOptionalValue("chillflow.stream.done-ttl", Duration.class).orElse(Duration.ofDays(2)).toSeconds());
        // the connector's class loader is the application's: load the serializers from ours explicitly
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TripAssembler.class.getClassLoader());
        try {
            output = new KafkaAssemblyOutput(config.getValue("chillflow.kafka.bootstrap", String.class),
                    "chillflow-trip-assembler");
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (registries.isResolvable()) {
            registry = registries.get();
            latency = registry.timer(LATENCY);
            batchTimer = registry.timer(BATCH);
            registry.gauge(PARTIALS, partials, PartialTripStore::partialCount);
        }
        engine = new TripAssemblyEngine(partials, new StreamTripWriter(dataSource), output, new TripAssemblyEngine.Observer() {
            @Override
            public void event(String type, String outcome) {
                if (registry != null) {
                    registry.counter(EVENTS, new Tag("type", type), new Tag("outcome", outcome)).inc();
                }
            }

            @Override
            public void latencyMillis(long millis) {
                if (latency != null) {
                    latency.update(Duration.ofMillis(millis));
                }
            }
        });
        retryFor = config.getOptionalValue("chillflow.stream.retry-for", Duration.class).orElse(Duration.ofMinutes(4));
        batchSize = config.getOptionalValue("chillflow.stream.batch-size", Integer.class).orElse(1_000);
        long lingerMillis = config.getOptionalValue("chillflow.stream.linger", Duration.class).orElse(Duration.ofMillis(50)).toMillis();
        flusher = scheduler.scheduleWithFixedDelay(this::flushQuietly, lingerMillis, lingerMillis, TimeUnit.MILLISECONDS);
        long sweepMillis = config.getOptionalValue("chillflow.stream.sweep-interval", Duration.class).orElse(Duration.ofSeconds(30)).toMillis();
        sweeper = scheduler.scheduleWithFixedDelay(this::sweepQuietly, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        // records still buffered are not acknowledged: they are delivered again after the restart
        flusher.cancel(false);
        sweeper.cancel(false);
        try {
            output.close();
            redis.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the assembler", e);
        }
    }

    @Incoming("trip-events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        Inbound inbound = inbound(message);
        boolean full;
        synchronized (buffer) {
            buffer.add(new Pending(message, inbound));
            full = buffer.size() >= batchSize;
        }
        if (full) {
            flush(); // on the connector's thread: back-pressure while the batch is processed
        }
        return CompletableFuture.completedFuture(null);
    }

    private static Inbound inbound(Message<String> message) {
        try {
            ConsumerRecord<?, ?> record = message.unwrap(ConsumerRecord.class);
            return new Inbound(message.getPayload(), record.topic(), record.partition(), record.offset(), record.timestamp());
        } catch (RuntimeException e) {
            return new Inbound(message.getPayload(), "trip-events", -1, -1, System.currentTimeMillis());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "trip-events: flushing a batch failed", e);
        }
    }

    void flush() {
        flushLock.lock();
        try {
            List<Pending> batch;
            synchronized (buffer) {
                if (buffer.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(buffer);
                buffer.clear();
            }
            if (process(batch)) {
                batch.forEach(p -> p.message.ack());
            }
        } finally {
            flushLock.unlock();
        }
    }

    /** Processes the batch, retrying while a service is away; false when the server is stopping. */
    private boolean process(List<Pending> batch) {
        List<Inbound> inbound = batch.stream().map(Pending::inbound).toList();
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMillis = 100;
        while (true) {
            long started = System.nanoTime();
            try {
                engine.process(inbound);
                if (batchTimer != null) {
                    batchTimer.update(Duration.ofNanos(System.nanoTime() - started));
                }
                return true;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    LOG.log(Level.SEVERE, "trip-events: giving up on a batch of " + batch.size() + " events after "
                            + retryFor + "; they go to the dead-letter topic as 'unavailable'", e);
                    return deadLetterAll(inbound, e);
                }
                LOG.log(Level.WARNING, "trip-events: Redis, PostgreSQL or Kafka failed (" + e + "); retrying the batch of "
                        + batch.size() + " in " + backoffMillis + " ms");
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false; // the server is stopping: unacknowledged, delivered again
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private boolean deadLetterAll(List<Inbound> inbound, Exception cause) {
        try {
            for (Inbound in : inbound) {
                output.deadLetter(in.payload(), in, null, "unavailable", cause.toString());
            }
            output.flush();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "trip-events: the dead-letter topic is unavailable too; the batch is not acknowledged", e);
            return false;
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

    /** Dead-letters every event of the partial trips that waited too long, then drops them. */
    int sweep() {
        flushLock.lock(); // the Kafka output is not shared between threads
        try {
            return engine.sweepExpired(partialTimeout);
        } finally {
            flushLock.unlock();
        }
    }
}
