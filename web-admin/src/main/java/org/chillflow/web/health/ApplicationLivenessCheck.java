package org.chillflow.web.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness says whether restarting the JVM would help: it goes DOWN only when the heap is nearly
 * exhausted, never because a backing service is away (that is readiness).
 */
@Liveness
@ApplicationScoped
public class ApplicationLivenessCheck implements HealthCheck {

    static final double HEAP_LIMIT = 0.95;

    @Override
    public HealthCheckResponse call() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double used = (double) heap.getUsed() / max;
        // status only: the public payload carries no figures (the heap is in /metrics)
        return HealthCheckResponse.named("jvm-heap").status(used < HEAP_LIMIT).build();
    }
}
