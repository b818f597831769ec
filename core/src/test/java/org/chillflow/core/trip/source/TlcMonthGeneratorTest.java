package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.quality.DqReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlcMonthGeneratorTest {

    private static final Path FEB_2025 = Path.of(System.getProperty("chillflow.samples", "../data/nyc"))
            .resolve("lakehouse-learning/yellow_tripdata_sample.parquet");

    @TempDir
    Path dir;

    @Test
    void sameSeedSameRowsInTheMonthWithTheSamplesDirt() throws Exception {
        List<RawTrip> sample = TlcMonthGenerator.sample(FEB_2025);
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        Path c = dir.resolve("c.parquet");
        TlcMonthGenerator.generate(sample, YearMonth.of(2024, 3), 20_000, 42, a);
        TlcMonthGenerator.generate(sample, YearMonth.of(2024, 3), 20_000, 42, b);
        TlcMonthGenerator.generate(sample, YearMonth.of(2024, 3), 20_000, 7, c);

        List<RawTrip> rowsA = read(a);
        assertThat(rowsA).hasSize(20_000).isEqualTo(read(b)).isNotEqualTo(read(c));
        assertThat(rowsA).allSatisfy(t -> assertThat(YearMonth.from(t.pickup())).isEqualTo(YearMonth.of(2024, 3)));
        long flex = rowsA.stream().filter(t -> Integer.valueOf(0).equals(t.paymentType())).count();
        // the sample has 22.5 % flex fares; a 20,000-row resample stays close to that
        assertThat(flex).isBetween(4_000L, 5_000L);
        // the generated file reads through the same TLC reader and rules as a downloaded month
        DqReport report = new DqReport();
        rowsA.forEach(t -> report.add(DqVerdict.evaluate(t, YearMonth.of(2024, 3))));
        assertThat(report.retentionRate()).isBetween(95.0, 99.5);
    }

    private static List<RawTrip> read(Path file) throws Exception {
        List<RawTrip> rows = new ArrayList<>();
        try (TlcSource source = TlcSource.open(file)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                rows.add(row.trip());
            }
        }
        return rows;
    }
}
