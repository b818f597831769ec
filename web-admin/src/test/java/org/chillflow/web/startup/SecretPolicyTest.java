package org.chillflow.web.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretPolicyTest {

    /** What server.env and the config defaults give a development server. */
    private static final Map<String, String> DEV = Map.of("chillflow.admin.password", "admin",
            "chillflow.operator.password", "operator", "chillflow.viewer.password", "viewer",
            "chillflow.scheduler.password", "scheduler", "chillflow.db.password", "chillflow",
            "keystore.password", "chillflow-dev-keystore", "chillflow.hash.salt", "chillflow-dev-salt-2025");

    /** Real values for every required secret. */
    private static Map<String, String> strong() {
        Map<String, String> values = new HashMap<>();
        values.put("chillflow.admin.password", "a-long-admin-secret");
        values.put("chillflow.operator.password", "correct-horse-battery");
        values.put("chillflow.viewer.password", "staple-staple-staple");
        values.put("chillflow.scheduler.password", "a-scheduler-secret");
        values.put("chillflow.db.password", "a-database-secret-42");
        values.put("keystore.password", "a-keystore-secret-42");
        values.put("chillflow.hash.salt", "a-salt-of-the-deployment");
        return values;
    }

    @Test
    void devProfileAcceptsTheDevelopmentValues() {
        assertThat(SecretPolicy.violations("dev", DEV)).isEmpty();
    }

    @Test
    void productionRefusesEveryDevelopmentDefault() {
        assertThat(SecretPolicy.violations("prod", DEV)).containsExactly(
                "CHILLFLOW_ADMIN_PASSWORD is the development default",
                "CHILLFLOW_OPERATOR_PASSWORD is the development default",
                "CHILLFLOW_VIEWER_PASSWORD is the development default",
                "CHILLFLOW_SCHEDULER_PASSWORD is the development default",
                "CHILLFLOW_DB_PASSWORD is the development default",
                "KEYSTORE_PASSWORD is the development default",
                "CHILLFLOW_HASH_SALT is the development default");
    }

    @Test
    void productionRefusesTheExamplePlaceholders() throws Exception {
        // every value of the committed example Secret, as a user who copied it unchanged would deploy it
        java.nio.file.Path example = java.nio.file.Path.of("../deploy/openshift/base/secret.env.example");
        Map<String, String> values = new HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(example)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String variable = line.substring(0, line.indexOf('='));
                SecretPolicy.SECRETS.stream().filter(s -> s.variable().equals(variable))
                        .forEach(s -> values.put(s.configKey(), line.substring(line.indexOf('=') + 1)));
            }
        }
        assertThat(values).hasSizeGreaterThanOrEqualTo(7);
        assertThat(SecretPolicy.violations("prod", values)).hasSize(values.size())
                .allSatisfy(problem -> assertThat(problem).endsWith("is a placeholder (from secret.env.example)"));
    }

    @Test
    void anUnsetProfileIsProductionAndMissingOrUnresolvedSecretsAreRefused() {
        Map<String, String> values = strong();
        values.put("chillflow.admin.password", "${chillflow.admin.password}");
        values.remove("keystore.password");
        assertThat(SecretPolicy.violations(null, values))
                .containsExactly("CHILLFLOW_ADMIN_PASSWORD is not set", "KEYSTORE_PASSWORD is not set");
    }

    @Test
    void productionRefusesShortSecretsAndAcceptsRealOnes() {
        Map<String, String> values = strong();
        values.put("chillflow.hash.salt", "short");
        assertThat(SecretPolicy.violations("prod", values)).containsExactly("CHILLFLOW_HASH_SALT is shorter than 12 characters");
        assertThat(SecretPolicy.violations("prod", strong())).isEmpty();
    }

    @Test
    void optionalSecretsMayBeUnsetButNotWeak() {
        Map<String, String> values = strong();
        values.put("chillflow.redis.password", "chillflow");
        values.put("chillflow.kafka.sasl-jaas-config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"x\" password=\"change-me\";");
        assertThat(SecretPolicy.violations("prod", values)).containsExactly(
                "CHILLFLOW_REDIS_PASSWORD is the development default",
                "CHILLFLOW_KAFKA_SASL_JAAS_CONFIG is a placeholder (from secret.env.example)");
    }

    @Test
    void messagesNameTheVariableNeverTheValue() {
        Map<String, String> values = strong();
        values.put("chillflow.db.password", "tiny-pw");
        assertThat(SecretPolicy.violations("prod", values)).singleElement().asString().doesNotContain("tiny-pw");
    }
}
