package org.chillflow.web.health;

import java.time.Duration;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * One dependency's probe behind a public health check: the answer carries the check's name and status only (no
 * address, cluster id or error text: {@code /health} is unauthenticated and reachable through a Route), the reason
 * of a change goes to the server log once, and the probe runs at most once per {@code chillflow.health.cache}
 * (PT2S) however many requests ask, so a flood of probes is not a flood of database, Redis and Kafka calls.
 */
final class CachedProbe {

    /** Throws when the dependency does not answer as it should. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(CachedProbe.class.getName());

    private final String name;
    private final Probe probe;
    private final long ttlNanos;
    private long checkedAt;
    private Boolean up;

    CachedProbe(String name, Probe probe) {
        this(name, probe, ConfigProvider.getConfig().getOptionalValue("chillflow.health.cache", Duration.class)
                .orElse(Duration.ofSeconds(2)));
    }

    CachedProbe(String name, Probe probe, Duration ttl) {
        this.name = name;
        this.probe = probe;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized HealthCheckResponse call() {
        long now = System.nanoTime();
        if (up == null || now - checkedAt >= ttlNanos) {
            boolean ok;
            String reason = null;
            try {
                probe.run();
                ok = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
                reason = "interrupted";
            } catch (Exception e) {
                ok = false;
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (up == null ? !ok : up != ok) {
                String why = reason;
                LOG.warning(() -> "dependency " + name + " is " + (why == null ? "UP again" : "DOWN: " + why));
            }
            up = ok;
            checkedAt = System.nanoTime();
        }
        return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                java.util.Optional.empty());
    }
}
