package org.chillflow.core.stream.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;


/**
 * How the stream consumers in Liberty (the assembler, the zone windows) get a micro-batch through while Redis,
 * PostgreSQL or Kafka is away: the work is retried with backoff (100 ms doubling to 5 s; it is idempotent) until
 * {@code retryFor}, then the batch's records go to the dead-letter topic as {@code unavailable}. Nothing is nacked:
 * Liberty's Kafka connector ends the whole stream on a nack.
 */
public final class MicroBatchRetry {

    /** The batch's processing; may throw whatever a service failure throws. */
    public interface Work {
        void run() throws Exception;
    }

    private MicroBatchRetry() {
    }

    /**
     * @param retrying told true while attempts fail, false once the batch is through (a liveness signal)
     * @return true when the records may be acknowledged (processed, or dead-lettered as unavailable); false when the
     *         thread was interrupted (the server is stopping) or the dead-letter topic failed too: unacknowledged,
     *         the records are delivered again
     */
    public static boolean process(String what, List<Inbound> records, Work work, Duration retryFor,
            DeadLetters deadLetters, Consumer<Boolean> retrying, Logger log) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                work.run();
                retrying.accept(false);
                return true;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    log.log(Level.SEVERE, what + ": giving up on a batch of " + records.size() + " after " + retryFor
                            + "; its records go to the dead-letter topic as 'unavailable'", e);
                    retrying.accept(false);
                    return deadLetterAll(what, deadLetters, records, e, log);
                }
                retrying.accept(true);
                log.log(Level.WARNING, what + ": a service failed (" + e + "); retrying the batch of " + records.size()
                        + " in " + backoffMillis + " ms");
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private static boolean deadLetterAll(String what, DeadLetters output, List<Inbound> records, Exception cause,
            Logger log) {
        try {
            for (Inbound in : records) {
                output.deadLetter(in.payload(), in, null, "unavailable", cause.toString());
            }
            output.flush();
            return true;
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, what + ": the dead-letter topic is unavailable too; the batch is not acknowledged", e);
            return false;
        }
    }
}
