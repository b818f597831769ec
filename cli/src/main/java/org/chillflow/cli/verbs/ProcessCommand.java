package org.chillflow.cli.verbs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.chillflow.cli.job.JobCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The original pipeline's verb, `python -m batch process trips CURATED`: runs load-trips and waits. */
@Command(mixinStandardHelpOptions = true, name = "process", description = "Load curated data (the original pipeline's verbs)",
        subcommands = ProcessCommand.Trips.class)
public class ProcessCommand {

    @Command(mixinStandardHelpOptions = true, name = "trips", description = "load-trips CURATED -> stg.complete_trip")
    static class Trips implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CURATED", description = "curated directory, inside the data directory")
        String curated;

        @Option(names = "--batch-size", description = "rows per chunk: one COPY and one upsert each (load-trips' chunkSize;"
                + " default 10000)")
        Integer batchSize;

        @Option(names = "--source", defaultValue = "batch", description = "the rows' source: batch (the only one a load"
                + " writes; the stream writes 'stream')")
        String source;

        @Override
        public Integer call() throws Exception {
            if (!"batch".equals(source)) {
                throw new IllegalArgumentException("--source: a load writes source 'batch' (the stream writes 'stream'),"
                        + " was '" + org.chillflow.core.config.ParameterValues.shown(source) + "'");
            }
            Map<String, String> parameters = new java.util.LinkedHashMap<>();
            parameters.put("input", JobCommand.dataPath("CURATED", curated));
            if (batchSize != null) {
                parameters.put("chunkSize", Integer.toString(batchSize));
            }
            return JobCommand.run("load-trips", parameters, true, Duration.ofHours(2));
        }
    }
}
