package org.chillflow.core.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * Paces a feed of events: by event time, {@code speed} times faster than real time, or at a steady {@code rate}
 * of events per second, or not at all (both null). Shared by the CLI producer and the replays of the API.
 */
public final class FeedPacer {

    private final Double speed;
    private final Double rate;
    private final long startedNanos = System.nanoTime();
    private Instant firstEvent;
    private long paced;

    public FeedPacer(Double speed, Double rate) {
        if (speed != null && rate != null) {
            throw new IllegalArgumentException("pace by speed or by rate, not both");
        }
        this.speed = speed;
        this.rate = rate;
    }

    /** Sleeps until this event is due. */
    public void await(TripEvent event) throws InterruptedException {
        await(speed == null ? null : Instant.parse(event.timestamp));
    }

    /** Sleeps until an event of this event time (read only when pacing by speed) is due. */
    public void await(Instant at) throws InterruptedException {
        long due;
        if (speed != null) {
            if (firstEvent == null) {
                firstEvent = at;
            }
            due = (long) (Duration.between(firstEvent, at).toNanos() / speed);
        } else if (rate != null) {
            due = (long) (paced++ * 1e9 / rate);
        } else {
            return;
        }
        long wait = due - (System.nanoTime() - startedNanos);
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Seconds since the pacer was made. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
