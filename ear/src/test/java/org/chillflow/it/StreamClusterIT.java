package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * The clustered services (make test cluster: a 3-master Redis Cluster and 3 Kafka brokers from bin/services,
 * CHILLFLOW_ENV=cluster), with the stream and window tests ({@link StreamAssemblyIT}, {@link ZoneMetricsIT}) run
 * unchanged on them beside this class: the topics are replicated three times, and the sample month replayed while a
 * Redis master and a Kafka broker are killed ({@code kill -9}) and started again writes exactly the batch load's
 * rows and counts every trip in a final window, with no dead letter.
 */
@MicroShedTest
class StreamClusterIT {

    private static final Path SERVICES = Path.of(System.getProperty("chillflow.it.project.dir"), ".services", "cluster");

    @BeforeAll
    static void onTheClusteredServices() throws Exception {
        assertThat(TestRedis.cluster()).as("run by make test cluster (-Pcluster)").isTrue();
        assertThat(TestRedis.masters()).hasSize(3);
        StreamAssemblyIT.batchReference();
    }

    @Test
    void theServersTopicsHaveThreeReplicasAndTwoInSync() throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        try (Admin admin = Admin.create(config)) {
            List<String> topics = List.of("trip-events", "trips-completed", "zone-events", "chillflow-dlq");
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription topic : described.values()) {
                assertThat(topic.partitions()).as(topic.name()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "trip-events");
            assertThat(admin.describeConfigs(List.of(events)).all().get(30, TimeUnit.SECONDS).get(events)
                    .get("min.insync.replicas").value()).isEqualTo("2");
        }
    }

    @Test
    void aMonthReplayedWhileARedisMasterAndAKafkaBrokerAreKilledEqualsTheBatch() throws Exception {
        StreamAssemblyIT.reset();
        long dlqBefore = StreamAssemblyIT.dlqEnd();
        StreamAssemblyIT.replayMonth(40_000); // paced: the month in about 60 s, so that both kills fall inside it
        awaitRows(300);
        kill(SERVICES.resolve("redis/7002/redis.pid"));
        assertThat(StreamAssemblyIT.rows("stream").size()).as("trips written when the Redis master is killed")
                .isBetween(300, 4_899);
        ChillflowServer.sleep(3_000);
        ChillflowServer.services("up", "redis"); // the node restarts with its AOF and its slots (nodes.conf)
        kill(SERVICES.resolve("kafka/2/kafka.pid"));
        assertThat(StreamAssemblyIT.rows("stream").size()).as("trips written when the Kafka broker is killed")
                .isLessThan(4_900);
        ChillflowServer.sleep(5_000);
        ChillflowServer.services("up", "kafka"); // the broker catches up from its peers
        assertThat(StreamAssemblyIT.awaitStreamRowsRestartingWhenNotLive(4_900)).isEqualTo(StreamAssemblyIT.batchRows);
        StreamAssemblyIT.assertEveryTripInAFinalWindow(dlqBefore);
    }

    private static void awaitRows(int rows) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (StreamAssemblyIT.rows("stream").size() < rows && Instant.now().isBefore(deadline)) {
            ChillflowServer.sleep(200);
        }
    }

    private static void kill(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        process.destroyForcibly(); // SIGKILL
        process.onExit().get(30, TimeUnit.SECONDS);
    }
}
