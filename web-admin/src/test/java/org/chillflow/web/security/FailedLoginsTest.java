package org.chillflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void theNthFailureWithinTheWindowLocksForTheLockoutThenItOpensAgain() {
        FailedLogins logins = new FailedLogins(3, Duration.ofMinutes(15), Duration.ofMinutes(1));
        assertThat(logins.failed("viewer", T0).lockedNow()).isFalse();
        assertThat(logins.failed("viewer", T0.plusSeconds(1)).lockedNow()).isFalse();
        assertThat(logins.lockedUntil("viewer", T0.plusSeconds(2))).isNull();
        FailedLogins.Outcome third = logins.failed("viewer", T0.plusSeconds(2));
        assertThat(third.lockedNow()).as("the burst's first lock is reported (logged once)").isTrue();
        assertThat(third.lockedUntil()).isEqualTo(T0.plusSeconds(62));
        assertThat(logins.lockedUntil("viewer", T0.plusSeconds(30))).isEqualTo(T0.plusSeconds(62));
        assertThat(logins.lockedUntil("operator", T0.plusSeconds(30))).as("other keys are not locked").isNull();
        assertThat(logins.lockedUntil("viewer", T0.plusSeconds(63))).as("after the lockout").isNull();
        // a failure right after the lockout, still within the window, locks again at once (not reported again)
        FailedLogins.Outcome again = logins.failed("viewer", T0.plusSeconds(64));
        assertThat(again.lockedUntil()).isEqualTo(T0.plusSeconds(124));
        assertThat(again.lockedNow()).isFalse();
    }

    @Test
    void failuresOutsideTheWindowStartAFreshCountAndASuccessClears() {
        FailedLogins logins = new FailedLogins(2, Duration.ofMinutes(1), Duration.ofMinutes(1));
        logins.failed("a", T0);
        assertThat(logins.failed("a", T0.plusSeconds(120)).failures()).isEqualTo(1);
        logins.succeeded("a");
        assertThat(logins.failed("a", T0.plusSeconds(121)).failures()).isEqualTo(1);
        assertThat(logins.size()).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctKeysDoesNotGrowWithoutBound() {
        FailedLogins logins = new FailedLogins(5, Duration.ofSeconds(1), Duration.ofSeconds(1));
        for (int i = 0; i < FailedLogins.MAX_KEYS + 10; i++) {
            logins.failed("user" + i, T0);
        }
        logins.failed("late", T0.plusSeconds(10));
        assertThat(logins.size()).isLessThanOrEqualTo(FailedLogins.MAX_KEYS);
    }

    @Test
    void userNamesInLogLinesCannotForgeLines() {
        assertThat(LogSafe.user("admin\r\n[INFO] forged")).isEqualTo("'admin??[INFO] forged'");
        assertThat(LogSafe.user(null)).isEqualTo("(none)");
        assertThat(LogSafe.user("x".repeat(100))).hasSize(64 + 3);
    }

    @Test
    void basicCredentialsAreReadAndNeverShown() {
        BasicCredentials credentials = BasicCredentials.of("Basic "
                + java.util.Base64.getEncoder().encodeToString("viewer:pa:ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(credentials.user()).isEqualTo("viewer");
        assertThat(credentials.password()).isEqualTo("pa:ss");
        assertThat(credentials.toString()).doesNotContain("pa:ss");
        assertThat(BasicCredentials.of("Bearer x")).isNull();
        assertThat(BasicCredentials.of("Basic %%%").user()).isEmpty();
    }
}
