package org.chillflow.stream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaSecurityConfigSourceTest {

    @Test
    void theConnectorGetsTheSecuritySettingsThatAreSetAndNoOthers() {
        Properties system = new Properties();
        system.setProperty("chillflow.kafka.sasl-mechanism", "SCRAM-SHA-512");
        KafkaSecurityConfigSource source = new KafkaSecurityConfigSource(Map.of(
                "CHILLFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CHILLFLOW_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "CHILLFLOW_KAFKA_SSL_TRUSTSTORE_LOCATION", " "), system);
        assertThat(source.getPropertyNames()).containsExactlyInAnyOrder(
                "mp.messaging.connector.liberty-kafka.security.protocol",
                "mp.messaging.connector.liberty-kafka.sasl.mechanism",
                "mp.messaging.connector.liberty-kafka.sasl.jaas.config");
        assertThat(source.getValue("mp.messaging.connector.liberty-kafka.security.protocol")).isEqualTo("SASL_SSL");
        assertThat(source.getValue("mp.messaging.connector.liberty-kafka.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(new KafkaSecurityConfigSource(Map.of(), new Properties()).getPropertyNames()).isEmpty();
    }
}
