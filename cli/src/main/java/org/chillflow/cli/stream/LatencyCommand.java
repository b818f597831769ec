package org.chillflow.cli.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chillflow stream latency}: produce-to-committed-row latency of the trips completed since a moment, read
 * from {@code trips-completed}: each record's timestamp (sent after the row committed) minus its
 * {@code chillflow-event-ts} header (the completing event's produce time). Prints one JSON line.
 */
@Command(mixinStandardHelpOptions = true, name = "latency", description = "Latency from produce to committed row (p50/p95/p99/max) of the trips"
        + " completed since a moment, from trips-completed")
public class LatencyCommand implements Callable<Integer> {

    @Option(names = "--since", required = true, description = "ISO instant or epoch milliseconds")
    String since;

    @Option(names = "--trips", description = "stop after this many trips (default: when idle)")
    Long trips;

    @Option(names = "--idle", defaultValue = "PT10S", description = "stop when nothing arrives for this long")
    Duration idle;

    @Override
    public Integer call() {
        long from = since.chars().allMatch(Character::isDigit) ? Long.parseLong(since) : Instant.parse(since).toEpochMilli();
        Properties kafka = StreamCommand.client();
        kafka.put(ConsumerConfig.GROUP_ID_CONFIG, "chillflow-latency-" + UUID.randomUUID());
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long[] latencies = new long[1 << 16];
        int n = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("trips-completed").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = offsets.get(tp);
                if (at == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            Instant quietUntil = Instant.now().plus(idle);
            while (Instant.now().isBefore(quietUntil) && (trips == null || n < trips)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header produced = record.headers().lastHeader("chillflow-event-ts");
                    if (produced == null) {
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = record.timestamp() - Long.parseLong(new String(produced.value(), StandardCharsets.UTF_8));
                    quietUntil = Instant.now().plus(idle);
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.printf("{\"trips\":%d,\"p50_ms\":%d,\"p95_ms\":%d,\"p99_ms\":%d,\"max_ms\":%d}%n", n,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), n == 0 ? 0 : sorted[n - 1]);
        return n == 0 ? 1 : 0;
    }

    /** Nearest-rank percentile of sorted values (0 for none): the one definition, core's {@code NearestRank}. */
    static long percentile(long[] sorted, double p) {
        return (long) org.chillflow.core.stream.window.NearestRank.of(sorted, p);
    }
}
