package org.chillflow.web.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    @Test
    void aFloodOfProbesRunsTheCheckOncePerPeriodAndSaysStatusOnly() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        boolean[] failing = {false};
        CachedProbe probe = new CachedProbe("postgresql", () -> {
            calls.incrementAndGet();
            if (failing[0]) {
                throw new java.sql.SQLException("Connection to 10.0.0.5:5432 refused");
            }
        }, Duration.ofMillis(300));
        for (int i = 0; i < 1_000; i++) {
            assertThat(probe.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        }
        assertThat(calls.get()).isEqualTo(1);
        failing[0] = true;
        Thread.sleep(350);
        HealthCheckResponse down = probe.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getName()).isEqualTo("postgresql");
        assertThat(down.getData()).as("no address, no error text").isEmpty();
        assertThat(calls.get()).isEqualTo(2);
    }
}
