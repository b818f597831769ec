package org.chillflow.stream.assembly;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEventType;
import org.chillflow.core.stream.TripEvents;
import org.chillflow.core.trip.RawTrip;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Reassembles trips from {@code trip-events} (consumer group {@code chillflow-trip-assembler}): each event
 * goes into the trip's partial state in Redis ({@link PartialTripStore}, one Lua call); when trip_started,
 * trip_ended and payment_processed are all there, the trip is upserted into {@code stg.complete_trip}, marked
 * written in Redis, published to {@code trips-completed} (keyed by pickup zone), and only then is the event
 * acknowledged. A redelivered or duplicated event finds the trip written and is dropped; a crash before the
 * mark replays into the same idempotent upsert. Events that cannot be used go to {@code chillflow-dlq} with
 * the reason in a header.
 */
@ApplicationScoped
public class TripAssembler {

    private static final Logger LOG = Logger.getLogger(TripAssembler.class.getName());
    static final String COMPLETED_TOPIC = "trips-completed";
    static final String DLQ_TOPIC = "chillflow-dlq";

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    /** The server's application registry; none outside a server. */
    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<org.eclipse.microprofile.metrics.MetricRegistry> registries;

    private static final org.eclipse.microprofile.metrics.Metadata EVENTS = org.eclipse.microprofile.metrics.Metadata
            .builder().withName("chillflow_stream_events")
            .withDescription("Trip events handled by the assembler, by event type and outcome").build();

    private JedisPooled redis;
    private PartialTripStore partials;
    private StreamTripWriter writer;
    private KafkaProducer<String, String> producer;
    private Jsonb jsonb;
    private Duration retryFor;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        redis = new JedisPooled(new HostAndPort(config.getValue("chillflow.redis.host", String.class),
                config.getValue("chillflow.redis.port", Integer.class)),
                DefaultJedisClientConfig.builder().timeoutMillis(config.getValue("chillflow.redis.timeout-ms", Integer.class))
                        .build());
        partials = new PartialTripStore(redis,
                (int) config.getOptionalValue("chillflow.stream.partial-ttl", Duration.class).orElse(Duration.ofHours(6)).toSeconds(),
                (int) config.getOptionalValue("chillflow.stream.done-ttl", Duration.class).orElse(Duration.ofDays(2)).toSeconds());
        writer = new StreamTripWriter(dataSource);
        Properties kafka = new Properties();
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("chillflow.kafka.bootstrap", String.class));
        kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        kafka.put(ProducerConfig.CLIENT_ID_CONFIG, "chillflow-trip-assembler");
        // the connector's class loader is the application's: load the serializers from ours explicitly
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TripAssembler.class.getClassLoader());
        try {
            producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer());
        } finally {
            thread.setContextClassLoader(previous);
        }
        jsonb = TripEventJson.create();
        retryFor = config.getOptionalValue("chillflow.stream.retry-for", Duration.class).orElse(Duration.ofMinutes(4));
    }

    @PreDestroy
    void stop() {
        try {
            producer.close(Duration.ofSeconds(5));
            redis.close();
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the assembler", e);
        }
    }

    /**
     * Handles one event. When Redis or PostgreSQL fails, the event is retried here, with backoff, until they are
     * back (every step is idempotent): Liberty's Kafka connector shuts the whole stream down on a nack
     * (CWMRX1011E), so nothing is nacked. After {@code chillflow.stream.retry-for} (default PT4M, below the
     * consumer's max.poll.interval.ms) the event goes to the dead-letter topic as {@code unavailable}.
     */
    @Incoming("trip-events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        String payload = message.getPayload();
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                handle(payload);
                return message.ack();
            } catch (BadEvent e) {
                deadLetter(payload, e.reason, e.getMessage());
                return message.ack();
            } catch (SQLException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    deadLetter(payload, "unavailable", e.getClass().getSimpleName() + ": " + e.getMessage());
                    return message.ack();
                }
                LOG.log(Level.WARNING, "trip-events: Redis or PostgreSQL failed (" + e.getMessage() + "); retrying in "
                        + backoffMillis + " ms");
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return message.nack(interrupted); // the server is stopping
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private void count(String type, String outcome) {
        if (registries != null && registries.isResolvable()) {
            registries.get().counter(EVENTS, new org.eclipse.microprofile.metrics.Tag("type", type),
                    new org.eclipse.microprofile.metrics.Tag("outcome", outcome)).inc();
        }
    }

    void handle(String payload) throws BadEvent, SQLException {
        TripEvent event;
        try {
            event = jsonb.fromJson(payload, TripEvent.class);
        } catch (JsonbException e) {
            throw new BadEvent("malformed_json", e.getMessage());
        }
        if (event == null) {
            throw new BadEvent("malformed_json", "empty event");
        }
        TripEventType type = TripEventType.fromWire(event.eventType)
                .orElseThrow(() -> new BadEvent("unknown_event_type", "event_type '" + event.eventType + "'"));
        require("trip_key", event.tripKey);
        require("timestamp", event.timestamp);
        require("vendor_id", event.vendorId);
        require("vehicle_id_h", event.vehicleIdH);
        try {
            TripEvents.localTime(event.timestamp);
        } catch (IllegalArgumentException e) {
            throw new BadEvent("bad_timestamp", e.getMessage());
        }
        PartialTripStore.Outcome outcome = partials.add(event.tripKey, type.wire(), type.mask(),
                TripEventType.REQUIRED_MASK, payload);
        if (!outcome.complete()) {
            count(type.wire(), outcome.done() ? "duplicate" : "partial");
            return;
        }
        Map<TripEventType, TripEvent> events = new EnumMap<>(TripEventType.class);
        outcome.eventsByType().forEach((wire, json) -> TripEventType.fromWire(wire)
                .ifPresent(t -> events.put(t, jsonb.fromJson(json, TripEvent.class))));
        RawTrip trip;
        try {
            trip = TripEvents.assemble(events);
        } catch (IllegalArgumentException e) {
            throw new BadEvent("unassemblable", e.getMessage());
        }
        if (trip.pickup() == null || trip.dropoff() == null || trip.puZoneId() == null || trip.doZoneId() == null) {
            throw new BadEvent("missing_field", "trip " + event.tripKey + " lacks a time or a zone");
        }
        try {
            writer.upsert(event.tripKey, event.vehicleIdH, trip);
        } catch (StreamTripWriter.UnknownZoneException e) {
            throw new BadEvent("zone_not_in_dim_zone", e.getMessage());
        }
        partials.markWritten(event.tripKey);
        partials.countCompleted();
        count(type.wire(), "completed");
        producer.send(new ProducerRecord<>(COMPLETED_TOPIC, String.valueOf(trip.puZoneId()), event.tripKey));
    }

    private void deadLetter(String payload, String reason, String detail) {
        ProducerRecord<String, String> record = new ProducerRecord<>(DLQ_TOPIC, null, payload);
        record.headers().add("chillflow-reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("chillflow-detail", String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
        record.headers().add("chillflow-source-topic", "trip-events".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        partials.countDeadLetter(reason);
        count("unknown", "dead_letter_" + reason);
        LOG.warning(() -> "trip-events: event to " + DLQ_TOPIC + " (" + reason + "): " + detail);
    }

    private static void require(String field, Object value) throws BadEvent {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new BadEvent("missing_field", field + " is missing");
        }
    }

    /** An event that cannot be used: it goes to the dead-letter topic with its reason. */
    static final class BadEvent extends Exception {
        final String reason;

        BadEvent(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
