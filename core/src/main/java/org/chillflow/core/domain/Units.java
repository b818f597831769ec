package org.chillflow.core.domain;

/**
 * Units the trip records come in and the product reports in. TLC records distances in miles; ChillFlow reports
 * kilometres everywhere — curated trips, KPIs, zone windows — with this one factor, so the batch and the stream agree
 * to the last digit (1.60934, the five-decimal factor the original pipeline used; the exact international mile is
 * 1.609344).
 */
public final class Units {

    public static final double KM_PER_MILE = 1.60934;

    private Units() {
    }
}
