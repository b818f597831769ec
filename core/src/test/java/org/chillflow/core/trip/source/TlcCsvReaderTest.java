package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.quality.DqRule;
import org.chillflow.core.trip.quality.DqReport;
import org.chillflow.core.trip.quality.DqAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.chillflow.core.reference.InvalidRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TLC CSV samples bundled under data/nyc (see data/nyc/SOURCES.md for their dirt table). */
class TlcCsvReaderTest {

    private static final Path SAMPLES = Path.of(System.getProperty("chillflow.samples", "../data/nyc"));

    @TempDir
    Path dir;

    @Test
    void snakeCaseRenamesWithCrlfLineEnds() throws Exception {
        List<RawTrip> trips = readAll(SAMPLES.resolve("great_expectations/yellow_tripdata_sample_2019-01.csv"));
        assertThat(trips).hasSize(10_000);
        assertThat(count(trips, t -> t.fareAmount() != null && t.fareAmount() < 0)).isEqualTo(7);
        assertThat(count(trips, t -> Integer.valueOf(0).equals(t.paymentType()))).isZero();
        assertThat(count(trips, t -> t.paymentType() != null && t.paymentType() == 1)).isEqualTo(7_134);
        assertThat(count(trips, t -> t.tripDistance() != null && t.tripDistance() == 0.0)).isEqualTo(64);
        assertThat(count(trips, t -> t.congestionSurcharge() == null)).isPositive();
        assertThat(trips.get(0).sourceRow()).isZero();
        assertThat(trips.get(9_999).sourceRow()).isEqualTo(9_999);
    }

    @Test
    void originalTlcHeadersWithAnExtraColumnAndFlexFares() throws Exception {
        Path file = SAMPLES.resolve("great_expectations/yellow_tripdata_sample_2021.csv");
        try (TlcCsvReader reader = TlcCsvReader.open(file)) {
            assertThat(reader.columns().ignored()).containsExactly("test_bool");
        }
        List<RawTrip> trips = readAll(file);
        assertThat(trips).hasSize(1_000);
        assertThat(count(trips, t -> t.passengerCount() == null)).isEqualTo(13);
        assertThat(count(trips, t -> Integer.valueOf(0).equals(t.paymentType()))).isEqualTo(13);
        assertThat(count(trips, t -> Integer.valueOf(99).equals(t.rateCode()))).isEqualTo(1);
    }

    @Test
    void bigQueryNamesZoneSuffixesAndExponentDecimals() throws Exception {
        Path file = SAMPLES.resolve("symbiote-lite/yellow_tripdata_sample.csv");
        List<RawTrip> trips = readAll(file);
        assertThat(trips).hasSize(10_000);
        assertThat(trips.get(0).pickup()).isEqualTo(LocalDateTime.of(2022, 3, 2, 15, 25, 57));
        assertThat(trips.get(0).extra()).isEqualTo(0.0);
        assertThat(trips.get(0).totalAmount()).isEqualTo(45.05);
        assertThat(trips.get(0).puZoneId()).isEqualTo(132);
        assertThat(count(trips, t -> t.passengerCount() == null)).isEqualTo(355);
        assertThat(count(trips, t -> t.fareAmount() != null && t.fareAmount() < 0)).isEqualTo(68);
        assertThat(count(trips, t -> t.pickup().getYear() == 2002)).isEqualTo(1);
    }

    @Test
    void outOfMonthRowsOfARealMonthAreRejectedAndEveryRowIsAccountedFor() throws Exception {
        Path file = SAMPLES.resolve("great_expectations/yellow_tripdata_sample_2019-03.csv");
        // independent count straight from the text: pickup is the second column
        long aprilPickups = Files.readAllLines(file).stream().skip(1)
                .filter(line -> line.split(",")[1].startsWith("2019-04")).count();
        assertThat(aprilPickups).isPositive();
        DqReport report = new DqReport();
        for (RawTrip trip : readAll(file)) {
            report.add(DqVerdict.evaluate(trip, YearMonth.of(2019, 3)));
        }
        long rejected = report.countsFor(DqAction.REJECT).values().stream().mapToLong(Long::longValue).sum();
        assertThat(report.rowsIn()).isEqualTo(10_000);
        assertThat(report.rowsOut() + rejected).isEqualTo(10_000);
        assertThat(report.count(DqRule.OUTSIDE_MONTH)).isBetween(1L, aprilPickups);
    }

    @Test
    void aRowWithAnUnparseableValueComesBackWithItsReasonAndReadingGoesOn() throws Exception {
        Path file = dir.resolve("bad-row.csv");
        Files.writeString(file, "VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,trip_distance,PULocationID,"
                + "DOLocationID,total_amount\n"
                + "1,2025-02-01 00:00:22,2025-02-01 00:10:00,1.5,161,237,12.5\n"
                + "1,yesterday,2025-02-01 00:10:00,1.5,161,237,12.5\n"
                + "2,2025-02-01 01:00:00,2025-02-01 01:10:00,abc,161,237,12.5\n"
                + "2,2025-02-01 02:00:00,2025-02-01 02:10:00,2.0,48,\n"
                + "2,2025-02-01 03:00:00,2025-02-01 03:10:00,2.0,48,50,9.0\n", StandardCharsets.UTF_8);
        List<TlcRow> rows = new ArrayList<>();
        try (TlcCsvReader reader = TlcCsvReader.open(file)) {
            for (TlcRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).parsed()).isTrue();
        assertThat(rows.get(1).error().reason()).isEqualTo(TlcValues.REASON_UNPARSEABLE);
        assertThat(rows.get(1).error().getMessage()).contains("tpep_pickup_datetime").contains("yesterday");
        assertThat(rows.get(2).error().getMessage()).contains("trip_distance");
        assertThat(rows.get(3).error().reason()).isEqualTo("wrong_field_count");
        assertThat(rows.get(4).parsed()).isTrue();
        assertThat(rows.get(4).sourceRow()).isEqualTo(4);
        assertThat(rows.get(2).raw()).contains("abc");
    }

    @Test
    void aFileThatIsNotATripLayoutNamesTheMissingColumns() {
        assertThatThrownBy(() -> TlcCsvReader.open(SAMPLES.resolve("taxi_zone_lookup.csv")))
                .isInstanceOf(TlcColumns.UnmappableColumnsException.class)
                .hasMessageContaining("tpep_pickup_datetime|pickup_datetime")
                .hasMessageContaining("LocationID");
    }

    @Test
    void anEmptyFileIsRefusedWithAMessage() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        assertThatThrownBy(() -> TlcCsvReader.open(empty)).isInstanceOf(IOException.class).hasMessageContaining("empty");
    }

    @Test
    void wholeNumbersWrittenAsFloatsAreAcceptedButFractionsAreNot() throws InvalidRecordException {
        assertThat(TlcValues.integer("RatecodeID", "1.0")).isEqualTo(1);
        assertThat(TlcValues.integer("RatecodeID", "")).isNull();
        assertThatThrownBy(() -> TlcValues.integer("passenger_count", "1.5")).isInstanceOf(InvalidRecordException.class);
        assertThat(TlcValues.timestamp("t", "2025-02-01T00:00:22.5")).isEqualTo(LocalDateTime.of(2025, 2, 1, 0, 0, 22, 500_000_000));
    }

    private static List<RawTrip> readAll(Path file) throws Exception {
        List<RawTrip> trips = new ArrayList<>();
        try (TlcCsvReader reader = TlcCsvReader.open(file)) {
            for (TlcRow row = reader.next(); row != null; row = reader.next()) {
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
