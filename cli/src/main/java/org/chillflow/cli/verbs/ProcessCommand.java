package org.chillflow.cli.verbs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.chillflow.cli.job.JobCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The original pipeline's verb, `python -m batch process trips CURATED`: runs load-trips and waits. */
@Command(mixinStandardHelpOptions = true, name = "process", description = "Load curated data (the original pipeline's verbs)", subcommands = ProcessCommand.Trips.class)
public class ProcessCommand {

    @Command(mixinStandardHelpOptions = true, name = "trips", description = "load-trips CURATED -> stg.complete_trip")
    static class Trips implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CURATED", description = "curated directory, inside the data directory")
        String curated;

        @Override
        public Integer call() throws Exception {
            return JobCommand.run("load-trips", Map.of("input", JobCommand.dataPath("CURATED", curated)), true,
                    Duration.ofHours(2));
        }
    }
}
