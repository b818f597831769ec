package org.chillflow.cli.datagen;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;

import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.source.TlcMonthGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, name = "datagen", description = "Generate test data offline", subcommands = DatagenCommand.Month.class)
public class DatagenCommand {

    @Command(mixinStandardHelpOptions = true, name = "month", description = "A TLC-layout Parquet month resampled from real rows, e.g."
            + " `chillflow datagen month --month 2025-02 --rows 3000000 --seed 42 --out F`")
    static class Month implements Callable<Integer> {

        @Option(names = "--month", required = true, description = "YYYY-MM")
        YearMonth month;

        @Option(names = "--rows", defaultValue = "3000000", description = "rows to write (default ${DEFAULT-VALUE})")
        long rows;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--sample", defaultValue = "data/nyc/lakehouse-learning/yellow_tripdata_sample.parquet",
                description = "real rows to resample (default: the bundled 5,000 rows of February 2025)")
        Path sample;

        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--row-group-mb", defaultValue = "8", description = "row-group size in MB (default"
                + " ${DEFAULT-VALUE}: about 280,000 rows, so curate-month's partitions get balanced runs)")
        int rowGroupMb;

        @Override
        public Integer call() throws Exception {
            long start = System.nanoTime();
            java.util.List<RawTrip> rows0 = TlcMonthGenerator.sample(sample);
            TlcMonthGenerator.generate(rows0, month, rows, seed, out, rowGroupMb * 1024L * 1024L);
            System.out.printf("%s: %,d rows of %s (seed %d) in %.1f s%n", out, rows, month, seed,
                    (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}
