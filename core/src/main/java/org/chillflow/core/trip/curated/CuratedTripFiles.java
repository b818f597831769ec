package org.chillflow.core.trip.curated;

import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.source.TlcRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;


/**
 * The files curation writes, one pair per chunk: curated trips as Parquet (the original pipeline's curated names,
 * the derived fields, the raw source row and the DQ flags) and rejected rows as CSV (source row, rule,
 * reason, original row). Each file is written under a temporary name and moved into place atomically, and
 * named by the chunk's first source row, so a chunk redone after a restart replaces its files instead of
 * adding to them.
 */
public final class CuratedTripFiles {

    public static final MessageType CURATED_SCHEMA = MessageTypeParser.parseMessageType("""
            message curated_trip {
              required int64 source_row;
              required int32 vendor_id;
              required int64 pickup_ts (TIMESTAMP(MICROS,false));
              required int64 dropoff_ts (TIMESTAMP(MICROS,false));
              optional int32 passenger_count;
              optional double trip_distance;
              optional int32 rate_code;
              optional binary store_and_fwd_flag (STRING);
              required int32 pu_zone_id;
              required int32 do_zone_id;
              optional int32 payment_type;
              optional double fare_amount;
              optional double extra;
              optional double mta_tax;
              optional double tip_amount;
              optional double tolls_amount;
              optional double improvement_surcharge;
              optional double total_amount;
              optional double congestion_surcharge;
              optional double airport_fee;
              optional double cbd_congestion_fee;
              optional double distance_km;
              optional double duration_min;
              optional double avg_speed_kmh;
              optional binary dq_flags (STRING);
            }
            """);

    /**
     * Whether a file's schema is the curated layout: the same columns in the same order, each of the same physical
     * type, repetition and logical type. Not {@code MessageType.equals}: that also compares the column sort order the
     * footer declares, which parquet-java 1.15 wrote for doubles (TYPE_DEFINED_ORDER) and 1.18 no longer writes — a
     * curated directory written before an upgrade must still load (found by the stream benchmark's cached months).
     */
    public static boolean isCuratedLayout(MessageType schema) {
        if (!schema.getName().equals(CURATED_SCHEMA.getName()) || schema.getFieldCount() != CURATED_SCHEMA.getFieldCount()) {
            return false;
        }
        for (int i = 0; i < schema.getFieldCount(); i++) {
            org.apache.parquet.schema.Type field = schema.getType(i);
            org.apache.parquet.schema.Type expected = CURATED_SCHEMA.getType(i);
            if (!field.isPrimitive() || !field.getName().equals(expected.getName())
                    || field.getRepetition() != expected.getRepetition()
                    || field.asPrimitiveType().getPrimitiveTypeName() != expected.asPrimitiveType().getPrimitiveTypeName()
                    || !java.util.Objects.equals(field.getLogicalTypeAnnotation(), expected.getLogicalTypeAnnotation())) {
                return false;
            }
        }
        return true;
    }


    private CuratedTripFiles() {
    }

    public static Path curatedPart(Path dir, long firstRow) {
        return dir.resolve(String.format("part-%012d.parquet", firstRow));
    }

    public static Path rejectsPart(Path dir, long firstRow) {
        return dir.resolve(String.format("rejects-%012d.csv", firstRow));
    }

    /** Writes the kept rows of a chunk as one Parquet part (replacing a previous attempt's). */
    public static void writeCurated(Path target, List<DqVerdict> kept) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (ParquetWriter<DqVerdict> writer = new CuratedWriterBuilder(new LocalOutputFile(tmp))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // an intermediate file read once: dictionaries cost more to build (timestamps, amounts)
                // than they save; plain pages + snappy
                .withDictionaryEncoding(false)
                // read once, in full, by load-trips: no statistics, column indexes or page checksums to build
                .withStatisticsEnabled(false)
                .withSizeStatisticsEnabled(false)
                .withPageWriteChecksumEnabled(false)
                .withRowGroupSize(128L * 1024 * 1024)
                .build()) {
            for (DqVerdict verdict : kept) {
                writer.write(verdict);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A rejected source row: where it was, the rule that refused it and why, and its original text. */
    public record Reject(long sourceRow, String rule, String reason, String raw) {

        /** A row that could not be parsed. */
        public static Reject unparsed(TlcRow row) {
            return new Reject(row.sourceRow(), row.error().reason(), row.error().getMessage(), row.raw());
        }

        public static Reject of(TlcRow row, DqVerdict verdict) {
            return new Reject(row.sourceRow(), verdict.rejectedBy().code(), verdict.reason(), row.raw());
        }
    }

    /** Writes the rejected rows of a chunk as one CSV part with a header (replacing a previous attempt's). */
    public static void writeRejects(Path target, List<Reject> rejects) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                        .setHeader("source_row", "rule", "reason", "raw").build())) {
            for (Reject reject : rejects) {
                csv.printRecord(reject.sourceRow(), reject.rule(), reject.reason(), reject.raw());
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class CuratedWriterBuilder extends ParquetWriter.Builder<DqVerdict, CuratedWriterBuilder> {

        CuratedWriterBuilder(org.apache.parquet.io.OutputFile file) {
            super(file);
        }

        @Override
        protected CuratedWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<DqVerdict> getWriteSupport(ParquetConfiguration conf) {
            return new CuratedTripWriteSupport();
        }

        @Override
        protected WriteSupport<DqVerdict> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new CuratedTripWriteSupport();
        }
    }

}
