package org.chillflow.core.reference;

/**
 * A source record that cannot be turned into a domain value. {@link #reason()} is a stable,
 * machine-readable code (it is stored with the rejected record and counted per reason); the message
 * says what was wrong in words.
 */
public class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public InvalidRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
