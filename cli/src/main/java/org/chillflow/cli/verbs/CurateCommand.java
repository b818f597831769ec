package org.chillflow.cli.verbs;

import java.time.Duration;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.chillflow.cli.job.JobCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The original pipeline's verb, `python -m batch curate month RAW OUT`: runs curate-month and waits. */
@Command(mixinStandardHelpOptions = true, name = "curate", description = "Curate TLC data (the original pipeline's verbs)",
        subcommands = CurateCommand.Month.class)
public class CurateCommand {

    @Command(mixinStandardHelpOptions = true, name = "month", description = "curate-month RAW -> OUT (curated parts, rejects, dq-report.json)")
    static class Month implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RAW", description = "TLC file (Parquet or CSV), inside the data directory")
        String raw;

        @Parameters(index = "1", paramLabel = "OUT", description = "output directory, inside the data directory")
        String out;

        @Option(names = "--month", description = "YYYY-MM: pickups outside it are rejected")
        YearMonth month;

        @Override
        public Integer call() throws Exception {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("input", JobCommand.dataPath("RAW", raw));
            parameters.put("output", JobCommand.dataPath("OUT", out));
            if (month != null) {
                parameters.put("month", month.toString());
            }
            return JobCommand.run("curate-month", parameters, true, Duration.ofHours(2));
        }
    }
}
