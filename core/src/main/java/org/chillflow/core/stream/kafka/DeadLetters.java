package org.chillflow.core.stream.kafka;


/** Where a stream consumer's refused records go (chillflow-dlq in both runtimes). Sends may be asynchronous until flush. */
public interface DeadLetters {

    /**
     * @param payload the record as it arrived
     * @param source the record it came in, when it is the record being processed (null for records read back from
     *        Redis: the other events of a refused trip, expired partial trips)
     */
    void deadLetter(String payload, Inbound source, String key, String reason, String detail);

    /** Blocks until everything sent so far is acknowledged by the broker. */
    void flush();
}
