package org.chillflow.cli.kpi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.cli.job.JobCommand;
import org.chillflow.core.kpi.KpiQueries;
import org.chillflow.core.migration.SchemaMigrator;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chillflow aggregate run [--incremental | --full-refresh | --from D --to D]} and {@code chillflow aggregate status}. */
@Command(mixinStandardHelpOptions = true, name = "aggregate", description = "Zone-hourly KPIs (mart.zone_hourly_kpis)",
        subcommands = {AggregateCommand.Run.class, AggregateCommand.Status.class})
public class AggregateCommand {

    @Command(mixinStandardHelpOptions = true, name = "run", description = "Run aggregate-kpis (JBeret SE) and wait: incremental by default")
    static class Run implements Callable<Integer> {

        @ArgGroup(exclusive = true)
        Mode mode;

        static class Mode {
            @Option(names = "--full-refresh", description = "recompute every hour")
            boolean full;

            /** The original pipeline's spelling; incremental is the default anyway. */
            @Option(names = "--incremental", description = "the hours of trips written since the last run (the default)")
            boolean incremental;

            @ArgGroup(exclusive = false)
            Range range;
        }

        static class Range {
            @Option(names = "--from", required = true, description = "backfill: first day YYYY-MM-DD")
            String from;

            @Option(names = "--to", required = true, description = "backfill: last day YYYY-MM-DD (included)")
            String to;
        }

        @Override
        public Integer call() throws Exception {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (mode != null && mode.full) {
                parameters.put("mode", "full");
            } else if (mode != null && mode.range != null) {
                parameters.put("mode", "backfill");
                parameters.put("from", mode.range.from);
                parameters.put("to", mode.range.to);
            } else {
                parameters.put("mode", "incremental");
            }
            return JobCommand.run("aggregate-kpis", parameters, true, Duration.ofHours(1));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "status", description = "KPI rows, hours covered, high-water mark, last run")
    static class Status implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            SchemaMigrator.migrate(CliDatabase.dataSource());
            KpiQueries.Status status = new KpiQueries(CliDatabase.transactions()).status();
            System.out.printf("KPI rows:   %,d%n", status.kpiRows());
            System.out.println("Hours:      " + (status.firstHour() == null ? "no data"
                    : status.firstHour() + " to " + status.lastHour()));
            System.out.println("Watermark:  " + (status.watermark() == null ? "none (next incremental run takes all)"
                    : status.watermark()));
            KpiQueries.LastRun run = status.lastRun();
            System.out.println("Last run:   " + (run == null ? "never"
                    : run.mode() + " finished " + run.finishedAt() + ", hours " + run.hours() + ", rows written "
                            + run.rowsWritten() + ", deleted " + run.rowsDeleted()
                            + (run.windowFrom() == null ? "" : ", window " + run.windowFrom() + " to " + run.windowTo())
                            + (run.jobExecutionId() == null ? "" : ", execution " + run.jobExecutionId())));
            return 0;
        }
    }
}
