package org.chillflow.core.trip;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.apache.parquet.example.data.Group;

/** Writing helpers shared by the Parquet files ChillFlow produces (curated parts, generated months). */
final class ParquetValues {

    private ParquetValues() {
    }

    /** A wall-clock time as TIMESTAMP(MICROS, isAdjustedToUTC=false): micros of the same UTC clock reading. */
    static long micros(LocalDateTime time) {
        Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Appends an optional value; null leaves the field absent (NULL). */
    static void optional(Group g, String field, Integer value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    static void optional(Group g, String field, Long value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    static void optional(Group g, String field, Double value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    static void optional(Group g, String field, String value) {
        if (value != null) {
            g.append(field, value);
        }
    }
}
