package org.chillflow.cli.kpi;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.kpi.KpiQueries;
import org.chillflow.core.kpi.ZoneHourlyKpi;
import org.chillflow.core.migration.SchemaMigrator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chillflow report month 2025-02 --format md|csv}: a month's KPIs on standard output. */
@Command(mixinStandardHelpOptions = true, name = "report", description = "KPI reports", subcommands = ReportCommand.Month.class)
public class ReportCommand {

    @Command(mixinStandardHelpOptions = true, name = "month", description = "A month: summary and busiest zones (md) or every hourly row (csv)")
    static class Month implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "MONTH", description = "YYYY-MM")
        YearMonth month;

        @Option(names = "--format", defaultValue = "md", description = "md (default) or csv")
        String format;

        @Option(names = "--busiest", defaultValue = "10", description = "zones listed in the md report")
        int busiest;

        @Override
        public Integer call() throws Exception {
            SchemaMigrator.migrate(CliDatabase.dataSource());
            KpiQueries queries = new KpiQueries(CliDatabase.transactions());
            PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
            switch (format) {
                case "md" -> markdown(out, queries.summary(month, busiest));
                case "csv" -> {
                    CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(ZoneHourlyKpi.COLUMNS).build());
                    queries.forEachHourly(month, kpi -> {
                        try {
                            csv.printRecord(kpi.values());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    csv.flush();
                }
                default -> throw new IllegalArgumentException("--format must be md or csv, was '" + format + "'");
            }
            out.flush();
            return 0;
        }

        static void markdown(PrintWriter out, KpiQueries.MonthSummary s) {
            out.printf("# ChillFlow KPIs, %s%n%n", s.month());
            if (s.trips() == 0) {
                out.println("No KPI rows for this month (run ingest-month, or `chillflow aggregate run`).");
                return;
            }
            out.println("| trips | pickup zones | hours | avg fare | avg tip | card payments | speed outliers |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|");
            out.printf("| %,d | %d | %d | %s | %s | %s %% | %s |%n%n", s.trips(), s.zones(), s.hours(), s.avgFare(),
                    s.avgTip(), s.pctCard(), s.outlierRate() == null ? "n/a" : s.outlierRate() + " %");
            out.println("## Busiest pickup zones");
            out.println();
            out.println("| zone | name | borough | trips | avg fare |");
            out.println("|---:|---|---|---:|---:|");
            for (KpiQueries.ZoneTotal z : s.busiestZones()) {
                out.printf("| %d | %s | %s | %,d | %s |%n", z.zoneId(), z.zoneName(), z.borough(), z.trips(), z.avgFare());
            }
        }
    }
}
