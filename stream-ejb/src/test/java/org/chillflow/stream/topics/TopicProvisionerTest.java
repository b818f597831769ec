package org.chillflow.stream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void parsesTopicSpecInOrder() {
        assertThat(TopicProvisioner.parseTopics("trip-events:3, trips-completed:3,chillflow-dlq:1"))
                .containsExactly(java.util.Map.entry("trip-events", 3), java.util.Map.entry("trips-completed", 3),
                        java.util.Map.entry("chillflow-dlq", 1));
    }

    @Test
    void refusesEntryWithoutPartitions() {
        assertThatThrownBy(() -> TopicProvisioner.parseTopics("trip-events"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name:partitions");
    }

    @Test
    void theReplicationFactorIsTheBrokersUnlessConfigured() {
        assertThat(TopicProvisioner.newTopic("trip-events", 3, (short) 0).replicationFactor()).isEqualTo((short) -1);
        assertThat(TopicProvisioner.newTopic("trip-events", 3, (short) 3).replicationFactor()).isEqualTo((short) 3);
        assertThat(TopicProvisioner.newTopic("trip-events", 3, (short) 3).numPartitions()).isEqualTo(3);
    }
}
