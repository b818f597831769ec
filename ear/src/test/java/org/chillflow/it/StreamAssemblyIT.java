package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEvents;
import org.chillflow.core.trip.curated.CuratedTrip;
import org.chillflow.core.trip.curated.CuratedTripReader;
import org.chillflow.core.trip.TripKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import org.chillflow.core.stream.kafka.KafkaStreamOutput;
import org.chillflow.core.stream.assembly.PartialTripStore;
import org.chillflow.core.stream.assembly.StandaloneAssembler;
import org.chillflow.core.stream.assembly.TripAssemblyEngine;
import org.postgresql.ds.PGSimpleDataSource;

import redis.clients.jedis.UnifiedJedis;

/**
 * The real February 2025 sample through the stream on the Liberty test server, against real Kafka, Redis and
 * PostgreSQL: the trips the assembler writes have the business columns the batch load writes for the same
 * rows, also when every event comes twice in a shuffled order; unusable events go to the dead-letter topic.
 */
@MicroShedTest
class StreamAssemblyIT {

    private static final String SALT = "chillflow-dev-salt-2025"; // the development default, as the server's
    private static final String BUSINESS = "vendor_id, pickup_ts, dropoff_ts, pu_zone_id, do_zone_id,"
            + " passenger_count, trip_distance, rate_code, store_and_fwd_flag, payment_type, fare_amount, extra,"
            + " mta_tax, tip_amount, tolls_amount, improvement_surcharge, total_amount, congestion_surcharge,"
            + " airport_fee, cbd_congestion_fee, distance_km, duration_min, avg_speed_kmh, vehicle_id_h";

    static Map<String, String> batchRows;
    private static List<List<TripEvent>> trips;

    @BeforeAll
    static void batchReference() throws Exception {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        Path data = Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet"), data.resolve("stream-feb.parquet"), StandardCopyOption.REPLACE_EXISTING);
        reset(); // events an earlier run left unconsumed must not write over the batch rows
        // every zone, whatever ran before on this database: ingest-month seeds only an empty dim.zone, and a test of the
        // command line leaves one zone there (make test stream runs this class after it on a fresh database)
        JsonObject zones = run("seed-zones", "{}");
        assertThat(zones.getString("batchStatus")).as(zones.toString()).isEqualTo("COMPLETED");
        JsonObject ingest = run("ingest-month", "{\"input\":\"stream-feb.parquet\",\"month\":\"2025-02\","
                + "\"output\":\"stream-feb-curated\"}");
        assertThat(ingest.getString("batchStatus")).as(ingest.toString()).isEqualTo("COMPLETED");
        batchRows = rows("batch");
        assertThat(batchRows).hasSize(4_900);

        // the same curated rows as events, keyed as the batch load keys them
        trips = new ArrayList<>();
        try (Stream<Path> parts = Files.list(data.resolve("stream-feb-curated"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                try (CuratedTripReader reader = CuratedTripReader.open(part)) {
                    for (CuratedTrip c = reader.next(); c != null; c = reader.next()) {
                        var t = c.trip();
                        String key = TripKeys.tripKey(SALT, t.vendorId(), t.pickup(), t.puZoneId(), t.sourceRow());
                        String vehicle = TripKeys.vehicleId(SALT, t.vendorId(), t.sourceRow(), TripKeys.DEFAULT_FLEET_SIZE);
                        trips.add(TripEvents.split(key, vehicle, t));
                    }
                }
            }
        }
        assertThat(trips).hasSize(4_900);
    }

    @Test
    void theSampleMonthThroughTheStreamEqualsTheBatchLoad() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        send(events);
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
    }

    @Test
    void everyEventTwiceInAShuffledOrderGivesTheSameTrips() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        events.addAll(new ArrayList<>(events));
        Collections.shuffle(events, new Random(42));
        send(events);
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
        ChillflowServer.sleep(2_000); // late duplicates change nothing
        assertThat(rows("stream")).isEqualTo(batchRows);
    }

    @Test
    void redisRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        send(events.subList(0, events.size() / 2));
        ChillflowServer.services("down", "redis");
        ChillflowServer.sleep(3_000);
        ChillflowServer.services("up", "redis"); // AOF: the partial trips held so far come back
        send(events.subList(events.size() / 2, events.size()));
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
    }

    @Test
    void postgresRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        send(events.subList(0, events.size() / 2));
        ChillflowServer.services("restart", "postgres"); // the assembler's upserts fail until it is back: retried
        send(events.subList(events.size() / 2, events.size()));
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
    }

    @Test
    void kafkaRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        send(events.subList(0, events.size() / 2));
        ChillflowServer.services("down", "kafka");
        ChillflowServer.sleep(2_000);
        ChillflowServer.services("up", "kafka");
        send(events.subList(events.size() / 2, events.size()));
        // a consumer that stops delivering while the broker restarts is what the liveness check reports (see
        // ConsumerHeartbeat), and the platform's answer is a restart
        assertThat(awaitStreamRowsRestartingWhenNotLive(4_900)).isEqualTo(batchRows);
    }

    @Test
    void theServerKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        reset();
        // paced, 100 trips a tenth of a second apart (the month in about 5 s at least): however fast the server
        // writes, the kill falls while the stream flows; sent at once, a fast writer had every row before the kill
        java.util.concurrent.CompletableFuture<Void> sending = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (int from = 0; from < trips.size(); from += 100) {
                List<TripEvent> slice = new ArrayList<>();
                trips.subList(from, Math.min(trips.size(), from + 100)).forEach(slice::addAll);
                try {
                    send(slice);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ChillflowServer.sleep(100);
            }
        });
        Instant deadline = Instant.now().plusSeconds(60);
        while (rows("stream").size() < 300 && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(100);
        }
        assertThat(rows("stream").size()).as("trips written before the kill").isBetween(300, 4_899);
        // kill -9: offsets not committed are delivered again; the rest of the month is sent while the server is down
        // (a failed send is thrown once the server runs again, not before its start)
        ChillflowServer.killAndStart(() -> sending.exceptionally(failed -> null).join());
        sending.join();
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
    }

    @Test
    void unusableEventsGoToTheDeadLetterTopicWithTheirReasonAndTheStreamGoesOn() throws Exception {
        reset();
        String marker = UUID.randomUUID().toString();
        List<String> bad = List.of("not json " + marker,
                "{\"event_type\":\"tip_added\",\"trip_key\":\"" + marker + "\",\"timestamp\":\"2025-02-01T05:00:00Z\","
                        + "\"vendor_id\":1,\"vehicle_id_h\":\"veh_x\"}",
                "{\"event_type\":\"trip_started\",\"trip_key\":\"" + marker + "\",\"vendor_id\":1,\"vehicle_id_h\":\"veh_x\"}",
                "{\"event_type\":\"trip_started\",\"trip_key\":\"" + marker + "\",\"timestamp\":\"2025-02-01T05:00:00Z\","
                        + "\"vendor_id\":\"one\",\"vehicle_id_h\":\"veh_x\"}");
        try (KafkaProducer<String, String> producer = producer()) {
            for (String value : bad) {
                producer.send(new ProducerRecord<>("trip-events", marker, value));
            }
        }
        // a complete trip that the batch curation would reject (3,000 miles in its minutes: above 200 km/h): the
        // stream refuses it too, all five events with the curation's reason, and it never reaches the table
        List<String> tooFast = new ArrayList<>();
        try (Jsonb jsonb = TripEventJson.create()) {
            for (TripEvent event : trips.get(1)) {
                TripEvent copy = jsonb.fromJson(jsonb.toJson(event), TripEvent.class);
                copy.tripKey = "too-fast-" + marker;
                if (copy.tripDistance != null) {
                    copy.tripDistance = 3_000.0;
                }
                tooFast.add(jsonb.toJson(copy));
            }
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (String value : tooFast) {
                producer.send(new ProducerRecord<>("trip-events", "too-fast-" + marker, value));
            }
        }
        send(trips.get(0)); // a good trip after the bad events still completes
        assertThat(awaitStreamRows(1)).containsKey(trips.get(0).get(0).tripKey);

        Map<String, String> reasons = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "stream-it-" + marker);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("chillflow-dlq"));
            Instant deadline = Instant.now().plusSeconds(60);
            while (reasons.size() < 4 + tooFast.size() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(marker)) {
                        reasons.put(record.value(), header(record, "chillflow-reason"));
                        sources.put(record.value(), header(record, "chillflow-source-topic") + "/"
                                + header(record, "chillflow-source-partition") + "@" + header(record, "chillflow-source-offset"));
                    }
                }
            }
        }
        assertThat(reasons).containsEntry(bad.get(0), "malformed_json").containsEntry(bad.get(1), "unknown_event_type")
                .containsEntry(bad.get(2), "missing_field").containsEntry(bad.get(3), "malformed_json");
        tooFast.forEach(event -> assertThat(reasons).containsEntry(event, "speed_invalid"));
        // each names the record it came in: the four went to one partition (one key), in order
        List<Long> offsets = bad.stream().map(sources::get).peek(source -> assertThat(source).matches("trip-events/\\d@\\d+"))
                .map(source -> Long.parseLong(source.substring(source.indexOf('@') + 1))).toList();
        assertThat(offsets).isSorted().doesNotHaveDuplicates();

        // the status API and the metrics count them
        drain();
        JsonObject status = object(ChillflowServer.get("/api/stream/status", "viewer"));
        assertThat(status.getString("consumerGroup")).isEqualTo("chillflow-trip-assembler");
        assertThat(status.getJsonArray("lag")).hasSize(3);
        assertThat(status.getJsonNumber("totalLag").longValue()).isZero();
        assertThat(status.getJsonNumber("streamRowsInTable").longValue()).isEqualTo(1);
        assertThat(status.getJsonNumber("tripsCompleted").longValue()).isPositive();
        JsonObject deadLetters = status.getJsonObject("deadLettersByReason");
        assertThat(deadLetters.getJsonNumber("malformed_json").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(deadLetters.getJsonNumber("unknown_event_type").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(ChillflowServer.get("/metrics", null).body())
                .containsPattern("chillflow_stream_events_total\\{.*outcome=\"completed\".*\\} [1-9]")
                .containsPattern("chillflow_stream_events_total\\{.*outcome=\"dead_letter_missing_field\".*\\} [1-9]");
    }

    @Test
    void aSecondAssemblerJoiningMidStreamSharesTheWorkWithoutChangingTheResult() throws Exception {
        reset();
        List<TripEvent> events = new ArrayList<>();
        trips.forEach(events::addAll);
        int third = events.size() / 3;
        send(events.subList(0, third));
        // chillflow stream assemble's engine and loop, in this JVM, in the server's consumer group
        StandaloneAssembler.Settings settings = new StandaloneAssembler.Settings(
                new org.chillflow.core.config.KafkaSettings(System.getProperty("chillflow.it.kafka.bootstrap"), 3000, "", "",
                        "", "", ""),
                TestRedis.settings(), 500, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofDays(2),
                TripAssemblyEngine.DEFAULT_COMPLETION_BOUND);
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(System.getProperty("chillflow.it.db.url"));
        database.setUser("chillflow");
        database.setPassword("chillflow");
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (StandaloneAssembler second = new StandaloneAssembler(settings, database, "chillflow-trip-assembler")) {
            var totals = thread.submit(() -> second.run(Duration.ofSeconds(15)));
            // the rest while the group rebalances and afterwards, in slices
            int slice = (events.size() - third) / 10;
            for (int from = third; from < events.size(); from += slice) {
                send(events.subList(from, Math.min(events.size(), from + slice)));
                ChillflowServer.sleep(1_000);
            }
            assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
            StandaloneAssembler.Totals second2 = totals.get(3, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(second2.events()).as("events the second assembler took").isPositive();
            assertThat(second2.completed()).as("trips it completed").isPositive().isLessThan(4_900);
        } finally {
            thread.shutdownNow();
        }
        drain();
        assertThat(rows("stream")).isEqualTo(batchRows);
    }

    @Test
    void aPartialTripThatWaitsTooLongGoesToTheDeadLetterTopicWithAllItsEvents() throws Exception {
        reset();
        List<TripEvent> trip = trips.get(1);
        String key = trip.get(0).tripKey;
        send(trip.subList(0, 3)); // started, zone_entered, ended: no payment, never complete
        drain();
        try (UnifiedJedis redis = TestRedis.client()) {
            assertThat(redis.zcard("trip-partials")).isEqualTo(1);
            assertThat(redis.hkeys(PartialTripStore.tripKey(key))).contains("trip_started", "zone_entered", "trip_ended");
        }
        ChillflowServer.sleep(1_500);
        long sweptAt = System.currentTimeMillis();
        // the sweep the server runs every chillflow.stream.sweep-interval, here with a 1 s timeout
        try (UnifiedJedis redis = TestRedis.client();
                KafkaStreamOutput output = new KafkaStreamOutput(System.getProperty("chillflow.it.kafka.bootstrap"), "it")) {
            TripAssemblyEngine engine = new TripAssemblyEngine(new PartialTripStore(redis, 3_600, 3_600), null, output,
                    new TripAssemblyEngine.Observer() {
                    });
            assertThat(engine.sweepExpired(Duration.ofSeconds(1))).isEqualTo(1);
            assertThat(redis.zcard("trip-partials")).isZero();
            assertThat(redis.exists(PartialTripStore.tripKey(key))).isFalse();
        }
        Map<String, String> expired = new HashMap<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "stream-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("chillflow-dlq"));
            Instant deadline = Instant.now().plusSeconds(60);
            while (expired.size() < 3 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key()) && "partial_expired".equals(header(record, "chillflow-reason"))
                            && record.timestamp() >= sweptAt) { // earlier runs swept this trip too
                        expired.put(record.value(), header(record, "chillflow-trip-key"));
                        // each still names the record it came in
                        assertThat(header(record, "chillflow-source-topic")).isEqualTo("trip-events");
                        assertThat(header(record, "chillflow-source-partition")).matches("\\d");
                        assertThat(header(record, "chillflow-source-offset")).matches("\\d+");
                    }
                }
            }
        }
        try (Jsonb jsonb = TripEventJson.create()) {
            assertThat(expired.keySet()).containsExactlyInAnyOrderElementsOf(
                    trip.subList(0, 3).stream().map(jsonb::toJson).toList());
        }
        assertThat(expired.values()).containsOnly(key);
        JsonObject status = object(ChillflowServer.get("/api/stream/status", "viewer"));
        assertThat(status.getJsonNumber("partialTrips").longValue()).isZero();
        assertThat(status.getJsonObject("deadLettersByReason").getJsonNumber("partial_expired").longValue())
                .isGreaterThanOrEqualTo(3);
        assertThat(rows("stream")).doesNotContainKey(key);
    }

    @Test
    void anOperatorReplaysAMonthThroughTheApi() throws Exception {
        reset();
        long dlqBefore = dlqEnd();
        // a curated directory in the data directory: the trips end as the batch load wrote them
        var started = postJson("/api/stream/replay", "operator", "{\"input\":\"stream-feb-curated\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonObject done = awaitJson(location, "viewer", Duration.ofMinutes(2), r -> !r.getString("state").equals("RUNNING"));
        assertThat(done.getString("state")).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.getJsonNumber("trips").longValue()).isEqualTo(4_900);
        assertThat(done.getJsonNumber("eventsSent").longValue()).isEqualTo(24_500);
        assertThat(done.getString("requestedBy")).isEqualTo("operator");
        assertThat(awaitStreamRows(4_900)).isEqualTo(batchRows);
        // a month replayed as fast as it goes: every completed trip counts in its zone windows, none is late or
        // refused, and the windows become final once the replay has gone quiet (the test server's source-idle, 5 s)
        Map<String, long[]> windows = awaitHourWindows(4_900, true);
        Map<String, Long> deadLetters = deadLettersSince(dlqBefore);
        assertThat(windows.values().stream().mapToLong(w -> w[0]).sum()).as("dead letters " + deadLetters + "; "
                + ChillflowServer.get("/metrics?scope=application", null).body().lines()
                        .filter(l -> l.startsWith("chillflow_windows_events")).toList()).isEqualTo(4_900);
        assertThat(windows.values()).allMatch(w -> w[1] == 1);
        assertThat(deadLetters).as("dead letters of the replay").isEmpty();
        // the replay's end reached the windows through every lane: each partition's watermark is at the end of time
        try (UnifiedJedis redis = TestRedis.client()) {
            // (replay ids are trips-<replay>-<random>; chillflow:wm:trips-completed is the live traffic's)
            var states = TestRedis.keys("chillflow:wm:trips-*").stream().filter(k -> !k.equals("chillflow:wm:trips-completed"))
                    .toList();
            assertThat(states).hasSize(1);
            Map<String, String> state = redis.hgetAll(states.iterator().next());
            for (int partition = 0; partition < 3; partition++) {
                assertThat(state).containsEntry("wm" + partition, Long.toString(Long.MAX_VALUE));
            }
        }

        // the month from stg.complete_trip: every event again, nothing changes
        started = postJson("/api/stream/replay", "operator", "{\"month\":\"2025-02\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        done = awaitJson(started.headers().firstValue("Location").orElseThrow(), "viewer", Duration.ofMinutes(2),
                r -> !r.getString("state").equals("RUNNING"));
        assertThat(done.getString("state")).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.getJsonNumber("eventsSent").longValue()).isEqualTo(24_500);
        drain();
        assertThat(rows("stream")).isEqualTo(batchRows);

        // paced at real time it runs for weeks: a second replay is refused meanwhile, and the operator stops it
        started = postJson("/api/stream/replay", "operator", "{\"month\":\"2025-02\",\"speed\":1}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String paced = started.headers().firstValue("Location").orElseThrow();
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator", "{\"month\":\"2025-02\"}"), 409);
        var stopped = ChillflowServer.send(ChillflowServer.request(paced, "operator").DELETE().build());
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        JsonObject state = awaitJson(paced, "viewer", Duration.ofSeconds(30), r -> !r.getString("state").equals("RUNNING"));
        assertThat(state.getString("state")).isEqualTo("STOPPED");
        var all = (jakarta.json.JsonArray) ChillflowServer.json(ChillflowServer.get("/api/stream/replays", "viewer"));
        assertThat(all.size()).isGreaterThanOrEqualTo(3);
        assertThat(all.getJsonObject(0).getString("state")).as("newest first").isEqualTo("STOPPED");
    }

    @Test
    void theLivenessCheckReportsTheConsumer() throws Exception {
        drain();
        // after a restart the assembler starts with the first poll: ask until the consumer group reports its lag.
        // /health says status only (no figures, no addresses); the lag is the stream status's (and /metrics')
        JsonObject check = null;
        JsonObject status = null;
        Instant deadline = Instant.now().plusSeconds(60);
        do {
            var live = ChillflowServer.get("/health/live", null);
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            check = object(live).getJsonArray("checks").stream().map(v -> (JsonObject) v)
                    .filter(c -> c.getString("name").equals("stream-consumer")).findFirst().orElseThrow();
            status = object(ChillflowServer.get("/api/stream/status", "viewer"));
            if (status.get("totalLag") instanceof jakarta.json.JsonNumber) {
                break;
            }
            ChillflowServer.sleep(1_000);
        } while (Instant.now().isBefore(deadline));
        assertThat(check.getString("status")).as(check.toString()).isEqualTo("UP");
        assertThat(status.getJsonNumber("totalLag")).as(status.toString()).isNotNull();
        assertThat(status.getJsonNumber("totalLag").longValue()).isZero();
    }

    @Test
    void badReplayRequestsGetAProblemAndStartNothing() {
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator", "{}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator",
                "{\"month\":\"2025-02\",\"input\":\"x\"}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator", "{\"month\":\"2025-13\"}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator", "{\"input\":\"../../etc\"}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator", "{\"input\":\"no-such-dir\"}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "operator",
                "{\"month\":\"2025-02\",\"speed\":-2}"), 400);
        ChillflowServer.assertProblem(postJson("/api/stream/replay", "viewer", "{\"month\":\"2025-02\"}"), 403);
        ChillflowServer.assertProblem(ChillflowServer.get("/api/stream/replays/987654", "viewer"), 404);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The end offset of chillflow-dlq (one partition). */
    static long dlqEnd() throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            var dlq = new org.apache.kafka.common.TopicPartition("chillflow-dlq", 0);
            return admin.listOffsets(Map.of(dlq, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(dlq).offset();
        }
    }

    /**
     * The dead letters from this offset on, counted by reason; each key is the reason and the detail of its first letter
     * (a failed assertion then says which trip, window and watermark, not only how many).
     */
    static Map<String, Long> deadLettersSince(long offset) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        Map<String, Long> byReason = new java.util.TreeMap<>();
        Map<String, String> firstDetail = new HashMap<>();
        long end = dlqEnd();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            var dlq = new org.apache.kafka.common.TopicPartition("chillflow-dlq", 0);
            consumer.assign(List.of(dlq));
            consumer.seek(dlq, offset);
            Instant deadline = Instant.now().plusSeconds(30);
            while (consumer.position(dlq) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String reason = header(record, "chillflow-reason");
                    byReason.merge(reason, 1L, Long::sum);
                    firstDetail.putIfAbsent(reason, "trip " + header(record, "chillflow-trip-key") + ": "
                            + header(record, "chillflow-detail"));
                }
            }
        }
        Map<String, Long> described = new java.util.LinkedHashMap<>();
        byReason.forEach((reason, n) -> described.put(reason + " (first: " + firstDetail.get(reason) + ")", n));
        return described;
    }

    /** The curated sample month replayed through the API, paced by event time this many times faster than real time. */
    static void replayMonth(double speed) {
        var started = ChillflowServer.postJson("/api/stream/replay", "operator",
                "{\"input\":\"stream-feb-curated\",\"speed\":" + speed + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    }

    /** The sample month's 4,900 trips all counted in final 1-hour windows, and no dead letter after the offset. */
    static void assertEveryTripInAFinalWindow(long dlqBefore) throws Exception {
        var windows = awaitHourWindows(4_900, true);
        assertThat(windows.values().stream().mapToLong(w -> w[0]).sum()).as("completed trips in the 1-hour windows")
                .isEqualTo(4_900);
        assertThat(windows.values()).as("every window final").allMatch(w -> w[1] == 1);
        assertThat(deadLettersSince(dlqBefore)).as("dead letters").isEmpty();
    }

    /**
     * The 1-hour zone windows in Redis (key to {count, final 0/1}), once they hold {@code trips} trips in all (and are
     * all final, when asked), or after 60 s.
     */
    static Map<String, long[]> awaitHourWindows(long trips, boolean allFinal) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        try (UnifiedJedis redis = TestRedis.client()) {
            while (true) {
                Map<String, long[]> windows = new HashMap<>();
                // a zone's windows of one day are fields of one hash: '1h:<start>' = 'count,...,final,final_at'
                for (String key : TestRedis.keys("chillflow:win:{*}")) {
                    redis.hgetAll(key).forEach((field, value) -> {
                        if (field.matches("1h:\\d+")) {
                            String[] sums = value.split(",", -1);
                            windows.put(key + ":" + field, new long[] { Long.parseLong(sums[0]), "1".equals(sums[5]) ? 1 : 0 });
                        }
                    });
                }
                long total = windows.values().stream().mapToLong(w -> w[0]).sum();
                boolean finalAll = windows.values().stream().allMatch(w -> w[1] == 1);
                if (total >= trips && (!allFinal || finalAll) || Instant.now().isAfter(deadline)) {
                    return windows;
                }
                ChillflowServer.sleep(500);
            }
        }
    }

    static void reset() throws Exception {
        drain(); // what an earlier test sent (duplicates) is consumed before the slate is cleaned
        TestDatabase.execute("DELETE FROM stg.complete_trip");
        TestRedis.flushAll();
    }

    /**
     * Waits until the assembler and the zone windows have consumed everything (no lag on trip-events, trips-completed,
     * zone-events), restarting the server as a platform would when /health/live says a consumer has stopped
     * delivering.
     */
    static void drain() throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        Map<String, String> groups = Map.of("chillflow-trip-assembler", "trip-events",
                "chillflow-zone-windows-trips", "trips-completed", "chillflow-zone-windows", "zone-events");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            Instant deadline = Instant.now().plusSeconds(240);
            while (Instant.now().isBefore(deadline)) {
                long lag = 0;
                for (Map.Entry<String, String> group : groups.entrySet()) {
                    var committed = admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
                    var latest = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(
                            tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
                    lag += committed.entrySet().stream().filter(e -> e.getKey().topic().equals(group.getValue()))
                            .mapToLong(e -> latest.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()))
                            .sum();
                }
                if (lag == 0) {
                    return;
                }
                var live = ChillflowServer.get("/health/live", null);
                if (live.statusCode() == 503) {
                    System.out.println("StreamAssemblyIT: liveness DOWN (" + live.body() + "); restarting the server");
                    ChillflowServer.restart();
                }
                ChillflowServer.sleep(500);
            }
        }
    }

    /**
     * Sends every event and waits until each is acknowledged (acks=all). A record the broker did not take in time (a
     * broker just restarted can leave a new producer waiting, once seen for two minutes on CI) is sent again by a new
     * producer, up to three more times: resending is harmless, the assembler drops an event it already holds, and the
     * tests judge the server, not this producer. Any other failure fails the test here, not later on a count.
     */
    private static void send(List<TripEvent> events) throws Exception {
        List<TripEvent> pending = events;
        for (int attempt = 1; ; attempt++) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(pending.size());
            try (Jsonb jsonb = TripEventJson.create(); KafkaProducer<String, String> producer = producer()) {
                for (TripEvent event : pending) {
                    sent.add(producer.send(new ProducerRecord<>("trip-events", event.tripKey, jsonb.toJson(event))));
                }
            }
            List<TripEvent> timedOut = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) || attempt == 4) {
                        throw e;
                    }
                    timedOut.add(pending.get(i));
                }
            }
            if (timedOut.isEmpty()) {
                return;
            }
            System.out.println("StreamAssemblyIT: " + timedOut.size() + " of " + pending.size()
                    + " events not acknowledged in time (attempt " + attempt + "); sending them again");
            pending = timedOut;
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("chillflow.it.kafka.bootstrap"));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000); // then send() tries a new producer
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** As a platform would: waits for the rows, restarting the server whenever /health/live is DOWN. */
    static Map<String, String> awaitStreamRowsRestartingWhenNotLive(int expected) throws Exception {
        return awaitStreamRows(expected, 300, true);
    }

    static Map<String, String> awaitStreamRows(int expected) throws Exception {
        // generous: after a kill the dead consumer's session must expire before its partitions move on
        return awaitStreamRows(expected, 240, false);
    }

    private static Map<String, String> awaitStreamRows(int expected, int seconds, boolean restartWhenNotLive)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        Map<String, String> rows = rows("stream");
        while (rows.size() < expected && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(500);
            rows = rows("stream");
            if (restartWhenNotLive && rows.size() < expected) {
                var live = ChillflowServer.get("/health/live", null);
                if (live.statusCode() == 503) {
                    System.out.println("StreamAssemblyIT: liveness DOWN (" + live.body() + "); restarting the server");
                    ChillflowServer.restart();
                }
            }
        }
        return rows;
    }

    /** trip_key -> the business columns as text, of the rows written by one source. */
    static Map<String, String> rows(String source) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(System.getProperty("chillflow.it.db.url"),
                "chillflow", "chillflow");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT trip_key, ROW(" + BUSINESS
                        + ")::text FROM stg.complete_trip WHERE source = '" + source + "'")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    private static JsonObject run(String job, String parameters) {
        var started = postJson("/api/jobs/" + job + "/executions", "operator", parameters);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return awaitJson(started.headers().firstValue("Location").orElseThrow(), "viewer", JOB_TIMEOUT,
                e -> terminal(e.getString("batchStatus")));
    }
}
