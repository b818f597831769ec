package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real 2025 TLC Parquet samples bundled under data/nyc (dirt table in data/nyc/SOURCES.md). */
class TlcParquetReaderTest {

    private static final Path SAMPLES = Path.of(System.getProperty("chillflow.samples", "../data/nyc"));
    private static final Path FEB_2025 = SAMPLES.resolve("lakehouse-learning/yellow_tripdata_sample.parquet");
    private static final Path JAN_2025 = SAMPLES.resolve("hardwood/yellow_tripdata_sample.parquet");

    @TempDir
    Path dir;

    @Test
    void realFebruary2025SampleReadsWithItsKnownDirt() throws Exception {
        List<RawTrip> trips = readAll(FEB_2025);
        assertThat(trips).hasSize(5_000);
        assertThat(count(trips, t -> t.passengerCount() == null)).isEqualTo(1_125);
        assertThat(count(trips, t -> Integer.valueOf(0).equals(t.paymentType()))).isEqualTo(1_125);
        assertThat(count(trips, t -> Integer.valueOf(1).equals(t.paymentType()))).isEqualTo(3_277);
        assertThat(count(trips, t -> t.fareAmount() != null && t.fareAmount() < 0)).isEqualTo(272);
        assertThat(count(trips, t -> t.tripDistance() != null && t.tripDistance() == 0.0)).isEqualTo(138);
        assertThat(count(trips, t -> Integer.valueOf(99).equals(t.rateCode()))).isEqualTo(58);
        assertThat(trips.stream().map(RawTrip::puZoneId).distinct().count()).isEqualTo(166);
        assertThat(trips.stream().map(RawTrip::pickup).min(LocalDateTime::compareTo))
                .contains(LocalDateTime.of(2025, 2, 1, 0, 0, 22));
        assertThat(trips.stream().map(RawTrip::pickup).max(LocalDateTime::compareTo))
                .contains(LocalDateTime.of(2025, 2, 28, 23, 57, 4));
        assertThat(count(trips, t -> t.cbdCongestionFee() != null)).isPositive();
    }

    @Test
    void int64PassengerCountsOfAnotherWriterMapToo() throws Exception {
        try (TlcParquetReader reader = TlcParquetReader.open(JAN_2025)) {
            assertThat(reader.rowCount()).isEqualTo(5);
            assertThat(reader.rowGroupCount()).isEqualTo(1);
        }
        List<RawTrip> trips = readAll(JAN_2025);
        assertThat(trips).hasSize(5);
        assertThat(trips).allSatisfy(t -> assertThat(t.pickup().toLocalDate()).isEqualTo(java.time.LocalDate.of(2025, 1, 1)));
        assertThat(trips).allSatisfy(t -> assertThat(t.passengerCount()).isNotNull());
    }

    @Test
    void columnReadingMatchesParquetsOwnRecordAssemblyOnEveryValue() throws Exception {
        for (Path file : List.of(FEB_2025, JAN_2025)) {
            List<RawTrip> trips = readAll(file);
            List<org.apache.parquet.example.data.Group> groups = new ArrayList<>();
            try (var reader = new org.apache.parquet.hadoop.ParquetReader.Builder<org.apache.parquet.example.data.Group>(
                    new org.apache.parquet.io.LocalInputFile(file), new org.apache.parquet.conf.PlainParquetConfiguration()) {
                @Override
                protected org.apache.parquet.hadoop.api.ReadSupport<org.apache.parquet.example.data.Group> getReadSupport() {
                    return new org.apache.parquet.hadoop.example.GroupReadSupport();
                }
            }.build()) {
                for (var g = reader.read(); g != null; g = reader.read()) {
                    groups.add(g);
                }
            }
            assertThat(trips).hasSameSizeAs(groups);
            for (int i = 0; i < trips.size(); i++) {
                RawTrip t = trips.get(i);
                var g = groups.get(i);
                assertThat(t.sourceRow()).isEqualTo(i);
                assertThat(t.vendorId()).isEqualTo(g.getInteger("VendorID", 0));
                assertThat(t.puZoneId()).isEqualTo(g.getInteger("PULocationID", 0));
                assertThat(t.doZoneId()).isEqualTo(g.getInteger("DOLocationID", 0));
                assertThat(t.tripDistance()).isEqualTo(g.getDouble("trip_distance", 0));
                assertThat(t.totalAmount()).isEqualTo(g.getDouble("total_amount", 0));
                long micros = g.getLong("tpep_pickup_datetime", 0);
                var type = (org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation)
                        g.getType().getType("tpep_pickup_datetime").getLogicalTypeAnnotation();
                long perSecond = switch (type.getUnit()) {
                    case MILLIS -> 1_000L;
                    case MICROS -> 1_000_000L;
                    case NANOS -> 1_000_000_000L;
                };
                assertThat(t.pickup()).isEqualTo(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, perSecond),
                        (int) (Math.floorMod(micros, perSecond) * (1_000_000_000L / perSecond)), java.time.ZoneOffset.UTC));
                assertThat(t.storeAndFwdFlag()).isEqualTo(g.getFieldRepetitionCount("store_and_fwd_flag") == 0 ? null
                        : g.getString("store_and_fwd_flag", 0));
                assertThat(t.passengerCount() == null).isEqualTo(g.getFieldRepetitionCount("passenger_count") == 0);
            }
        }
    }

    @Test
    void skipResumesAtTheSameSourceRow() throws Exception {
        List<RawTrip> all = readAll(FEB_2025);
        try (TlcSource source = TlcSource.open(FEB_2025)) {
            source.skip(4_321);
            TlcRow row = source.next();
            assertThat(row.sourceRow()).isEqualTo(4_321);
            assertThat(row.trip()).isEqualTo(all.get(4_321));
        }
    }

    @Test
    void aFileThatIsNotParquetOrMissingIsRefusedWithItsName() throws IOException {
        Path notParquet = Files.writeString(dir.resolve("trips.parquet"), "VendorID,tpep_pickup_datetime\n1,2\n");
        assertThatThrownBy(() -> TlcParquetReader.open(notParquet)).isInstanceOf(IOException.class)
                .hasMessageContaining("trips.parquet").hasMessageContaining("not a readable Parquet file");
        Path empty = Files.createFile(dir.resolve("empty.parquet"));
        assertThatThrownBy(() -> TlcParquetReader.open(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("empty.parquet");
        assertThatThrownBy(() -> TlcParquetReader.open(dir.resolve("missing.parquet")))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static List<RawTrip> readAll(Path file) throws Exception {
        List<RawTrip> trips = new ArrayList<>();
        try (TlcSource source = TlcSource.open(file)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                assertThat(row.error()).as("row %d: %s", row.sourceRow(), row.raw()).isNull();
                trips.add(row.trip());
            }
        }
        return trips;
    }

    private static long count(List<RawTrip> trips, Predicate<RawTrip> test) {
        return trips.stream().filter(test).count();
    }
}
