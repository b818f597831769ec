package org.chillflow.cli.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;


import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.chillflow.core.stream.kafka.StreamHeaders;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.cli.db.CliDatabase;
import org.chillflow.cli.job.JobCommand;
import org.chillflow.core.stream.FeedPacer;
import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEventSource;
import org.chillflow.core.trip.TripKeys;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chillflow stream produce|consume|create-topic|assemble|latency}: the event feed, from the command line. */
@Command(mixinStandardHelpOptions = true, name = "stream", description = "Trip events on Kafka",
        subcommands = {StreamCommand.Produce.class, StreamCommand.Consume.class, StreamCommand.CreateTopic.class,
            StreamCommand.CreateTopics.class,
            AssembleCommand.class, LatencyCommand.class, WindowsBenchCommand.class, OriginalStreamVerbs.ProduceEvents.class,
            OriginalStreamVerbs.ProduceFromFile.class})
public class StreamCommand {

    /** The configured broker(s) and their security settings (SASL, TLS), as every CLI client uses them. */
    static Properties client() {
        Properties kafka = new Properties();
        kafka.putAll(org.chillflow.core.config.KafkaSettings.of(ConfigProvider.getConfig()).clientProperties());
        return kafka;
    }

    /**
     * The CLI producers' settings: the configured broker, every record acknowledged by all replicas, a send that
     * gives up after {@link #METADATA_WAIT} when the topic does not exist (rather than blocking a minute per record),
     * and batches of up to {@code chillflow.cli.kafka.batch-size} bytes per partition. A replay as fast as possible is
     * a bulk send: with Kafka's default of 16 KB (about 80 events) the broker handled a produce request every 80
     * events, and it shares the machine with the server the replay measures (measured in docs/performance-history.md, "2026-12-03, afternoon").
     */
    static Properties producerSettings(int lingerMs) {
        Properties kafka = client();
        kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        kafka.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        kafka.put(ProducerConfig.BATCH_SIZE_CONFIG,
                ConfigProvider.getConfig().getValue("chillflow.cli.kafka.batch-size", Integer.class));
        kafka.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) METADATA_WAIT.toMillis());
        return kafka;
    }

    static final Duration METADATA_WAIT = Duration.ofSeconds(15);

    /**
     * The topic's metadata fetched now, not in the first send (a new producer's first send waits for it and the
     * connection); a missing topic is {@link #noTopic}.
     */
    static void awaitTopic(org.apache.kafka.clients.producer.Producer<?, ?> producer, String topic) {
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            throw noTopic(topic, e);
        }
    }

    /** What a send that found no topic means, and what to do. */
    static org.chillflow.cli.errors.CommandFailure noTopic(String topic, Exception cause) {
        return new org.chillflow.cli.errors.CommandFailure("topic " + topic + " is not there (no metadata in "
                + METADATA_WAIT.toSeconds() + " s): a running server creates ChillFlow's topics at start; without one,"
                + " run `chillflow stream create-topics`", cause);
    }

    @Command(mixinStandardHelpOptions = true, name = "produce", description = "Trips as events on trip-events, keyed by trip key, in event-time order")
    static class Produce implements Callable<Integer> {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static class Source {
            @Option(names = "--from-file", paramLabel = "CURATED", description = "a curated directory or part file"
                    + " (inside the data directory); trips keyed as the batch load keys them")
            String file;

            @Option(names = "--from-db", description = "trips of stg.complete_trip, by pickup time")
            boolean database;
        }

        @Option(names = "--limit", defaultValue = "100", description = "--from-db: trips (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--trip-key", description = "--from-db: this one trip")
        String tripKey;

        @Option(names = "--topic", defaultValue = "trip-events")
        String topic;

        @Option(names = "--speed", description = "pace by event time, this many times faster than real time;"
                + " without it: as fast as possible")
        Double speed;

        @Option(names = "--rate", description = "pace at this many events per second (a steady load, for latency"
                + " measurements); not with --speed")
        Double rate;

        @Option(names = "--duplicate", description = "test switch: send every event twice")
        boolean duplicate;

        @Option(names = "--shuffle", paramLabel = "SEED", description = "test switch: shuffle the events (seeded)")
        Long shuffle;

        @Override
        public Integer call() throws Exception {
            Config config = ConfigProvider.getConfig();
            List<TripEvent> events;
            if (source.database) {
                events = TripEventSource.fromDatabase(CliDatabase.dataSource(), limit, tripKey);
            } else {
                events = TripEventSource.fromCurated(Path.of(JobCommand.dataPath("--from-file", source.file)),
                        config.getValue("chillflow.hash.salt", String.class),
                        config.getOptionalValue("chillflow.hash.fleet-size", Integer.class).orElse(TripKeys.DEFAULT_FLEET_SIZE));
            }
            if (speed != null && rate != null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--speed and --rate exclude each other");
            }
            List<TripEvent> feed = TripEventSource.arrange(events, duplicate, shuffle);
            events = null; // the feed holds them: let the list go (millions of events in a benchmark)
            Properties kafka = producerSettings(10);
            FeedPacer pacer;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                            new StringSerializer())) {
                awaitTopic(producer, topic);
                // the pace starts with a producer ready to send: a --rate schedule that began before the client
                // had connected put the first second's events behind it, and sent them in a burst to catch up
                pacer = new FeedPacer(speed != null && speed > 0 ? speed : null, rate);
                // a failed send reports through its callback (a missing topic after max.block.ms): the first one
                // stops the feed, and nothing is called sent that Kafka did not acknowledge
                java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
                // one replay id per run: the zone windows give the run's completed trips a watermark of their own
                String replay = StreamHeaders.newReplayId("trips");
                for (TripEvent event : feed) {
                    pacer.await(event);
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.tripKey, TripEventJson.write(event));
                    StreamHeaders.add(record.headers(), StreamHeaders.REPLAY, replay);
                    producer.send(record, (metadata, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        }
                    });
                    if (failed.get() != null) {
                        break;
                    }
                }
                if (failed.get() == null) {
                    // the end of the replay on every partition, after its events: the zone windows make its last
                    // windows final at once (StreamHeaders.END)
                    for (var partition : producer.partitionsFor(topic)) {
                        producer.send(StreamHeaders.endOfReplay(topic, partition.partition(), replay), (metadata, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            }
                        });
                    }
                }
                producer.flush();
                Exception failure = failed.get();
                if (failure instanceof org.apache.kafka.common.errors.TimeoutException
                        || failure instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    throw noTopic(topic, failure);
                } else if (failure != null) {
                    throw new org.chillflow.cli.errors.CommandFailure("sending to " + topic + " failed: "
                            + failure.getClass().getSimpleName(), failure);
                }
            }
            double seconds = pacer.elapsedSeconds();
            System.out.printf("sent %,d events of %,d trips to %s in %.1f s (%,.0f events/s)%n", feed.size(),
                    feed.size() / (duplicate ? 10 : 5), topic, seconds, feed.size() / Math.max(seconds, 1e-9));
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "consume", aliases = "consume-events",
            description = "Print a topic's messages (key, headers, value) from the beginning")
    static class Consume implements Callable<Integer> {

        @Option(names = "--topic", defaultValue = "trip-events")
        String topic;

        @Option(names = "--max", defaultValue = "20", description = "messages to print (default ${DEFAULT-VALUE})")
        int max;

        @Option(names = "--timeout", defaultValue = "PT10S", converter = OriginalStreamVerbs.Seconds.class,
                description = "stop when nothing arrives for this long: ISO-8601 or seconds (default ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            Properties kafka = client();
            kafka.put(ConsumerConfig.GROUP_ID_CONFIG, "chillflow-cli-" + UUID.randomUUID());
            kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            int printed = 0;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                Instant quietUntil = Instant.now().plus(timeout);
                while (printed < max && Instant.now().isBefore(quietUntil)) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        StringBuilder headers = new StringBuilder();
                        record.headers().forEach(h -> headers.append(' ').append(h.key()).append('=')
                                .append(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                        System.out.printf("%s/%d@%d key=%s%s %s%n", record.topic(), record.partition(), record.offset(),
                                record.key(), headers, record.value());
                        quietUntil = Instant.now().plus(timeout);
                        if (++printed >= max) {
                            break;
                        }
                    }
                }
            }
            System.out.printf("%d message(s)%n", printed);
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "create-topics", description = "Create ChillFlow's topics that do not"
            + " exist yet (chillflow.kafka.topics; replication factor chillflow.kafka.replication-factor), as a server does"
            + " at start: for the command-line pipeline without a server")
    static class CreateTopics implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            Config config = ConfigProvider.getConfig();
            String spec = config.getValue("chillflow.kafka.topics", String.class);
            short replicas = config.getOptionalValue("chillflow.kafka.replication-factor", Short.class).orElse((short) 0);
            org.chillflow.core.config.KafkaSettings kafka = org.chillflow.core.config.KafkaSettings.of(config);
            try (Admin admin = Admin.create(kafka.adminProperties())) {
                List<NewTopic> created = org.chillflow.core.stream.kafka.Topics.createMissing(admin, spec, replicas,
                        Math.max(kafka.timeoutMs(), 10_000));
                System.out.println(created.isEmpty() ? "topics: all there (" + spec + ")"
                        : "created " + created.stream().map(t -> t.name() + ":" + t.numPartitions()).toList());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new org.chillflow.cli.errors.CommandFailure(kafka.bootstrap() + ": no answer from Kafka", e);
            }
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "create-topic", description = "Create a topic (replication factor 1)")
    static class CreateTopic implements Callable<Integer> {

        @Option(names = "--topic", required = true)
        String topic;

        @Option(names = "--partitions", defaultValue = "3")
        int partitions;

        @Override
        public Integer call() throws Exception {
            Properties kafka = client();
            try (Admin admin = Admin.create(kafka)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                System.out.printf("created %s with %d partition(s)%n", topic, partitions);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    System.out.printf("%s exists already%n", topic);
                    return 0;
                }
                throw e;
            }
            return 0;
        }
    }
}
