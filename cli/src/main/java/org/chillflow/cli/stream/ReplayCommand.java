package org.chillflow.cli.stream;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chillflow.core.stream.FeedPacer;
import org.chillflow.core.stream.window.StreamPulseFile;
import org.chillflow.core.stream.window.ZoneWindowEngine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chillflow replay streampulse FILE}: StreamPulse's CSV replay producer, done right. */
@Command(mixinStandardHelpOptions = true, name = "replay", description = "Replay event files onto Kafka", subcommands = ReplayCommand.StreamPulse.class)
public class ReplayCommand {

    /** One record the broker acknowledged, with the time it was handed to the producer (the windows benchmark). */
    public record Sent(StreamPulseFile.Outgoing outgoing, int partition, long sentAtMillis) {
    }

    @Command(mixinStandardHelpOptions = true, name = "streampulse", description = "Send a StreamPulse CSV (trip_id,region_id,event_time,fare,duration,"
            + "distance) to zone-events, keyed by region. Rows are validated with the consumer's own schema (bad rows"
            + " are counted by reason, never abort the run) and sent in event-time order, unless --raw.")
    public static class StreamPulse implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the CSV file")
        Path file;

        @Option(names = "--speed", description = "pace by event time, this many times faster than real time"
                + " (default: as fast as possible)")
        Double speed;

        @Option(names = "--raw", description = "send every row as it is, unvalidated, in file order (to exercise the"
                + " server's dead-letter path)")
        boolean raw;

        @Option(names = "--topic", defaultValue = "zone-events", description = "default: ${DEFAULT-VALUE}")
        String topic;

        @Option(names = "--replay-id", description = "the source id the server keeps a watermark for (default:"
                + " streampulse:FILE:start time, a new one per run)")
        String replayId;

        /** Filled by a run: every record the broker acknowledged, in send order. */
        final List<Sent> sent = new ArrayList<>();
        /** Filled by a run: the source id the records carry. */
        String source;
        /** Filled by a run: the CPU this process spent from the first send to the last acknowledgement. */
        long sendCpuNanos;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                System.err.println("no such file: " + file);
                return 2;
            }
            if (speed != null && !(speed > 0)) {
                System.err.println("--speed must be a positive factor, was " + speed);
                return 2;
            }
            StreamPulseFile.Prepared prepared = StreamPulseFile.read(file, raw);
            source = replayId != null ? replayId : newSource(file);
            FeedPacer pacer;
            int failed;
            try (KafkaProducer<String, String> producer = producer(speed)) {
                pacer = ready(producer);
                failed = send(producer, prepared, pacer);
            }
            double seconds = pacer.elapsedSeconds();
            System.out.printf("replay %s: %,d rows; sent %,d%s to %s in %.1f s (%,.0f events/s); rejected %,d %s; failed %,d%n",
                    source, prepared.rows(), sent.size(), raw ? " unvalidated" : "", topic, seconds,
                    sent.size() / Math.max(seconds, 1e-9), prepared.rejected().size(), prepared.rejectedByReason(), failed);
            for (StreamPulseFile.Rejected r : prepared.rejected()) {
                System.out.printf("  line %d: %s (%s)%n", r.line(), r.reason(), r.detail());
            }
            return failed == 0 ? 0 : 1;
        }

        /** A new replay's source id: {@code streampulse:FILE:start time}. */
        static String newSource(Path file) {
            return "streampulse:" + file.getFileName() + ":" + Instant.now();
        }

        /** The producer a replay at {@code speed} sends with (paced: no linger; as fast as possible: 10 ms). */
        static KafkaProducer<String, String> producer(Double speed) {
            Properties kafka = StreamCommand.producerSettings(speed == null ? 10 : 0);
            kafka.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            return new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer());
        }

        /**
         * The topic's metadata fetched, then the pace started: the first send of a new producer waits for the
         * metadata (and the connection), which would otherwise count as the replay's first event being slow.
         */
        FeedPacer ready(KafkaProducer<String, String> producer) {
            StreamCommand.awaitTopic(producer, topic);
            return new FeedPacer(speed, null);
        }

        /**
         * Sends the prepared events through {@code producer} and waits for every acknowledgement, filling
         * {@link #sent} and {@link #sendCpuNanos}; returns how many failed.
         */
        int send(KafkaProducer<String, String> producer, StreamPulseFile.Prepared prepared, FeedPacer pacer)
                throws InterruptedException {
            List<Future<RecordMetadata>> pending = new ArrayList<>(prepared.events().size());
            long[] sentAt = new long[prepared.events().size()];
            byte[] sourceHeader = source.getBytes(StandardCharsets.UTF_8);
            long cpuBefore = processCpuNanos();
            int i = 0;
            for (StreamPulseFile.Outgoing out : prepared.events()) {
                if (speed != null) {
                    pacer.await(out.event().eventTime());
                }
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, out.key(), out.json());
                record.headers().add(ZoneWindowEngine.SOURCE_HEADER, sourceHeader);
                sentAt[i++] = System.currentTimeMillis();
                pending.add(producer.send(record));
            }
            producer.flush();
            int failed = 0;
            for (int j = 0; j < pending.size(); j++) {
                try {
                    RecordMetadata metadata = pending.get(j).get();
                    sent.add(new Sent(prepared.events().get(j), metadata.partition(), sentAt[j]));
                } catch (ExecutionException e) {
                    failed++;
                    System.err.println("line " + prepared.events().get(j).line() + " not sent: " + e.getCause().getMessage());
                }
            }
            sendCpuNanos = processCpuNanos() - cpuBefore;
            return failed;
        }

        /** This JVM's CPU time so far (every thread), or 0 where the JVM does not tell. */
        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? Math.max(os.getProcessCpuTime(), 0) : 0;
        }
    }
}
