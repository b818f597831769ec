package org.chillflow.core.trip.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/** Writing helpers shared by the Parquet files ChillFlow produces (curated parts, generated months). */
public final class ParquetValues {

    private ParquetValues() {
    }

    /** A snappy Parquet writer on a local file, without Hadoop (plain Parquet configuration). */
    public static ParquetWriter<Group> writer(Path file, MessageType schema, long rowGroupBytes) throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    /** A wall-clock time as TIMESTAMP(MICROS, isAdjustedToUTC=false): micros of the same UTC clock reading. */
    public static long micros(LocalDateTime time) {
        Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Appends an optional value; null leaves the field absent (NULL). */
    public static void optional(Group g, String field, Integer value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    public static void optional(Group g, String field, Long value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    public static void optional(Group g, String field, Double value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    public static void optional(Group g, String field, String value) {
        if (value != null) {
            g.append(field, value);
        }
    }
}
