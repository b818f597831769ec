package org.chillflow.web.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CredentialPolicyTest {

    private static final Map<String, String> DEV = Map.of("admin", "admin", "operator", "operator", "viewer", "viewer",
            "scheduler", "scheduler");

    @Test
    void devProfileAcceptsTheDevelopmentLogins() {
        assertThat(CredentialPolicy.violations("dev", DEV)).isEmpty();
    }

    @Test
    void productionRefusesDevelopmentDefaults() {
        assertThat(CredentialPolicy.violations("prod", DEV)).containsExactly(
                "CHILLFLOW_ADMIN_PASSWORD is the development default",
                "CHILLFLOW_OPERATOR_PASSWORD is the development default",
                "CHILLFLOW_VIEWER_PASSWORD is the development default",
                "CHILLFLOW_SCHEDULER_PASSWORD is the development default");
    }

    @Test
    void anUnsetProfileIsProductionAndMissingOrUnresolvedPasswordsAreRefused() {
        assertThat(CredentialPolicy.violations(null, Map.of("admin", "${chillflow.admin.password}",
                "operator", "correct-horse-battery")))
                .containsExactly("CHILLFLOW_ADMIN_PASSWORD is not set", "CHILLFLOW_VIEWER_PASSWORD is not set",
                        "CHILLFLOW_SCHEDULER_PASSWORD is not set");
    }

    @Test
    void productionRefusesShortPasswordsAndAcceptsRealOnes() {
        assertThat(CredentialPolicy.violations("prod", Map.of("admin", "short", "operator", "correct-horse-battery",
                "viewer", "staple-staple-staple", "scheduler", "a-scheduler-secret")))
                .containsExactly("CHILLFLOW_ADMIN_PASSWORD is shorter than 12 characters");
        assertThat(CredentialPolicy.violations("prod", Map.of("admin", "a-long-admin-secret", "operator",
                "correct-horse-battery", "viewer", "staple-staple-staple", "scheduler", "a-scheduler-secret")))
                .isEmpty();
    }
}
