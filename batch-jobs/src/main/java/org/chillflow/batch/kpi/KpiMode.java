package org.chillflow.batch.kpi;

import java.util.Locale;

/** How much of the mart an aggregation run recomputes. */
public enum KpiMode {
    FULL, INCREMENTAL, BACKFILL;

    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the job parameter {@code mode}; empty = incremental. */
    public static KpiMode parse(String value) {
        if (value == null || value.isBlank()) {
            return INCREMENTAL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be full, incremental or backfill, was '" + value + "'");
        }
    }
}
