package org.chillflow.core.stream.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * ChillFlow's topics as configuration names them ({@code chillflow.kafka.topics}: {@code name:partitions,...}), and
 * their creation where missing: by the server at start ({@code TopicProvisioner}) and by {@code chillflow stream
 * create-topics} where no server runs (the command-line pipeline).
 */
public final class Topics {

    private Topics() {
    }

    /** {@code name:partitions,...} in order. */
    public static Map<String, Integer> parse(String spec) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("chillflow.kafka.topics entry must be name:partitions, was '" + entry + "'");
            }
            result.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
        }
        return result;
    }

    /** A topic of so many partitions, with the broker's default replication factor when {@code replicas} is 0. */
    public static NewTopic newTopic(String name, int partitions, short replicas) {
        return new NewTopic(name, Optional.of(partitions), replicas > 0 ? Optional.of(replicas) : Optional.empty());
    }

    /** Creates the topics of {@code spec} that do not exist yet; returns those it created. */
    public static List<NewTopic> createMissing(Admin admin, String spec, short replicas, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        parse(spec).forEach((name, partitions) -> {
            if (!existing.contains(name)) {
                missing.add(newTopic(name, partitions, replicas));
            }
        });
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        return missing;
    }
}
