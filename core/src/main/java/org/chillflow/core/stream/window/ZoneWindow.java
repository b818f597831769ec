package org.chillflow.core.stream.window;

import java.time.Instant;

/**
 * A zone's metrics in one window, as the API serves them: StreamPulse's nine fields (regionId .. p95Duration),
 * then the window size, whether the window is final (the watermark has passed its end plus the allowed lateness;
 * until then the values are running totals), when it last changed and when it became final.
 */
public record ZoneWindow(int regionId, Instant windowStart, Instant windowEnd, long tripCount, double avgFare,
        double totalDistance, double avgDuration, double p50Duration, double p95Duration, String window,
        @jakarta.json.bind.annotation.JsonbProperty("final") boolean finalWindow, Instant updatedAt, Instant finalAt) {

    /** The value a "top regions" ranking sorts by. */
    public double metric(String name) {
        return switch (name) {
            case "trip_count" -> tripCount;
            case "avg_fare" -> avgFare;
            case "total_distance" -> totalDistance;
            default -> throw new IllegalArgumentException("metric must be trip_count, avg_fare or total_distance, was '" + name + "'");
        };
    }
}
