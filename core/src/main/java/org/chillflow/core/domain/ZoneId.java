package org.chillflow.core.domain;

/**
 * A TLC taxi zone id ("LocationID"). The TLC publishes 1..265 today (264 and 265 are the
 * "unknown" and "outside of NYC" buckets); any positive id is accepted so that a new edition of the
 * lookup file does not need a code change.
 */
public record ZoneId(int value) {

    public ZoneId {
        if (value <= 0) {
            throw new IllegalArgumentException("zone id must be positive, was " + value);
        }
    }

    public static ZoneId of(int value) {
        return new ZoneId(value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
