package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import static org.chillflow.core.trip.source.ParquetValues.micros;
import static org.chillflow.core.trip.source.ParquetValues.optional;

/**
 * Month-scale TLC data without the network: resamples real rows (with their dirt: flex fares, reversals,
 * odd rate codes...) and spreads their pickups over the requested month, keeping each row's duration.
 * Written in the TLC's 2025 Parquet layout, so it goes through the same reader as a downloaded month.
 * Deterministic for a seed: same seed, same rows.
 */
public final class TlcMonthGenerator {

    /** The TLC 2025 yellow-taxi layout (the names and types of a downloaded file). */
    public static final MessageType TLC_2025_SCHEMA = MessageTypeParser.parseMessageType("""
            message schema {
              optional int32 VendorID;
              optional int64 tpep_pickup_datetime (TIMESTAMP(MICROS,false));
              optional int64 tpep_dropoff_datetime (TIMESTAMP(MICROS,false));
              optional double passenger_count;
              optional double trip_distance;
              optional double RatecodeID;
              optional binary store_and_fwd_flag (STRING);
              optional int32 PULocationID;
              optional int32 DOLocationID;
              optional int64 payment_type;
              optional double fare_amount;
              optional double extra;
              optional double mta_tax;
              optional double tip_amount;
              optional double tolls_amount;
              optional double improvement_surcharge;
              optional double total_amount;
              optional double congestion_surcharge;
              optional double Airport_fee;
              optional double cbd_congestion_fee;
            }
            """);

    private TlcMonthGenerator() {
    }

    /** Reads the parseable rows of a sample file to resample from. */
    public static List<RawTrip> sample(Path file) throws IOException, TlcColumns.UnmappableColumnsException {
        List<RawTrip> rows = new ArrayList<>();
        try (TlcSource source = TlcSource.open(file)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                if (row.parsed() && row.trip().pickup() != null && row.trip().dropoff() != null) {
                    rows.add(row.trip());
                }
            }
        }
        return rows;
    }

    /**
     * Row-group size of generated months: 8 MB, about 280,000 rows, so a month has enough row groups for
     * curate-month's partitions to get runs of about equal size (the datagen command can change it).
     */
    public static final long ROW_GROUP_BYTES = 8L * 1024 * 1024;

    /** Writes {@code rows} resampled trips of {@code month} to {@code out} (atomically). */
    public static void generate(List<RawTrip> sample, YearMonth month, long rows, long seed, Path out)
            throws IOException {
        generate(sample, month, rows, seed, out, ROW_GROUP_BYTES);
    }

    /** As above, with row groups of about {@code rowGroupBytes} (tests use small ones to get many groups). */
    public static void generate(List<RawTrip> sample, YearMonth month, long rows, long seed, Path out,
            long rowGroupBytes) throws IOException {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("no rows to resample from");
        }
        SplittableRandom random = new SplittableRandom(seed);
        long monthSeconds = Duration.between(month.atDay(1).atStartOfDay(), month.plusMonths(1).atDay(1).atStartOfDay())
                .toSeconds();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        SimpleGroupFactory groups = new SimpleGroupFactory(TLC_2025_SCHEMA);
        try (ParquetWriter<Group> writer = ParquetValues.writer(tmp, TLC_2025_SCHEMA, rowGroupBytes)) {
            for (long i = 0; i < rows; i++) {
                RawTrip t = sample.get(random.nextInt(sample.size()));
                LocalDateTime pickup = month.atDay(1).atStartOfDay().plusSeconds(random.nextLong(monthSeconds));
                LocalDateTime dropoff = pickup.plus(Duration.between(t.pickup(), t.dropoff()));
                writer.write(row(groups.newGroup(), t, pickup, dropoff));
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Group row(Group g, RawTrip t, LocalDateTime pickup, LocalDateTime dropoff) {
        optional(g, "VendorID", t.vendorId());
        g.append("tpep_pickup_datetime", micros(pickup)).append("tpep_dropoff_datetime", micros(dropoff));
        optional(g, "passenger_count", t.passengerCount() == null ? null : t.passengerCount().doubleValue());
        optional(g, "trip_distance", t.tripDistance());
        optional(g, "RatecodeID", t.rateCode() == null ? null : t.rateCode().doubleValue());
        optional(g, "store_and_fwd_flag", t.storeAndFwdFlag());
        optional(g, "PULocationID", t.puZoneId());
        optional(g, "DOLocationID", t.doZoneId());
        optional(g, "payment_type", t.paymentType() == null ? null : t.paymentType().longValue());
        optional(g, "fare_amount", t.fareAmount());
        optional(g, "extra", t.extra());
        optional(g, "mta_tax", t.mtaTax());
        optional(g, "tip_amount", t.tipAmount());
        optional(g, "tolls_amount", t.tollsAmount());
        optional(g, "improvement_surcharge", t.improvementSurcharge());
        optional(g, "total_amount", t.totalAmount());
        optional(g, "congestion_surcharge", t.congestionSurcharge());
        optional(g, "Airport_fee", t.airportFee());
        optional(g, "cbd_congestion_fee", t.cbdCongestionFee());
        return g;
    }
}
