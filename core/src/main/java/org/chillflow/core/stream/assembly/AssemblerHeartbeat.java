package org.chillflow.core.stream.assembly;

/**
 * What this JVM's assembler last did, for the liveness check (EAR lib: one copy shared by the EJB module that
 * consumes and the web module that answers {@code /health/live}). Liberty's Kafka connector can end its stream
 * for good after an internal error (seen: a {@code WakeupException} out of an offset commit while the broker was
 * restarting, CWMRX1000E then SRMSG00201); the server then consumes nothing until it is restarted, which is
 * what the liveness check asks of the platform.
 */
public final class AssemblerHeartbeat {

    private static volatile long startedAt;
    private static volatile long lastDeliveredAt;
    private static volatile long retryingSince;

    private AssemblerHeartbeat() {
    }

    public static void started() {
        startedAt = System.currentTimeMillis();
        lastDeliveredAt = startedAt;
    }

    /** A record was delivered to the assembler. */
    public static void delivered() {
        lastDeliveredAt = System.currentTimeMillis();
    }

    /** A batch waits for Redis, PostgreSQL or Kafka to come back (no delivery then is expected). */
    public static void retrying(boolean retrying) {
        retryingSince = retrying ? System.currentTimeMillis() : 0;
    }

    public static boolean running() {
        return startedAt > 0;
    }

    public static long lastDeliveredAt() {
        return lastDeliveredAt;
    }

    public static boolean retrying() {
        return retryingSince > 0;
    }
}
