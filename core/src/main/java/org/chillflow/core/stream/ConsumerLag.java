package org.chillflow.core.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group is behind on a topic, partition by partition (committed offsets vs. log ends). */
public final class ConsumerLag {

    /** One partition: the group's committed offset, the log end, and the records between. */
    public record PartitionLag(int partition, long committed, long end, long lag) {
    }

    private ConsumerLag() {
    }

    /** The partitions the group has committed on, in order; none when it never committed. */
    public static List<PartitionLag> of(Admin admin, String group, String topic, long timeoutMs) throws Exception {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> ends = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        committed.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> ends.put(tp, OffsetSpec.latest()));
        var latest = admin.listOffsets(ends).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<PartitionLag> lag = new ArrayList<>();
        for (TopicPartition tp : ends.keySet()) {
            long done = committed.get(tp) == null ? 0 : committed.get(tp).offset();
            long end = latest.get(tp).offset();
            lag.add(new PartitionLag(tp.partition(), done, end, Math.max(0, end - done)));
        }
        return lag;
    }

    public static long total(List<PartitionLag> lag) {
        return lag.stream().mapToLong(PartitionLag::lag).sum();
    }
}
