package org.chillflow.cli.stream;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The original stream CLI's spellings (docs/GLOSSARY.md), so its users' scripts keep working:
 * {@code produce-events} and {@code produce-from-file} are {@code stream produce --from-db} and {@code --from-file};
 * {@code consume-events} and {@code assemble-trips} are aliases of {@code consume} and {@code assemble}, whose
 * timeouts also take the original's plain seconds.
 */
final class OriginalStreamVerbs {

    private OriginalStreamVerbs() {
    }

    @Command(mixinStandardHelpOptions = true, name = "produce-events",
            description = "The original's spelling of `stream produce --from-db`: trips of stg.complete_trip as events")
    static class ProduceEvents implements Callable<Integer> {

        @Option(names = "--limit", defaultValue = "100", description = "trips (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--trip-key", description = "this one trip")
        String tripKey;

        @Option(names = "--topic", defaultValue = "trip-events")
        String topic;

        @Override
        public Integer call() throws Exception {
            StreamCommand.Produce produce = produce(topic);
            produce.source.database = true;
            produce.limit = limit;
            produce.tripKey = tripKey;
            return produce.call();
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "produce-from-file",
            description = "The original's spelling of `stream produce --from-file`")
    static class ProduceFromFile implements Callable<Integer> {

        @Option(names = "--file", required = true, paramLabel = "CURATED",
                description = "a curated directory or part file (inside the data directory)")
        String file;

        @Option(names = "--topic", defaultValue = "trip-events")
        String topic;

        @Override
        public Integer call() throws Exception {
            StreamCommand.Produce produce = produce(topic);
            produce.source.file = file;
            return produce.call();
        }
    }

    private static StreamCommand.Produce produce(String topic) {
        StreamCommand.Produce produce = new StreamCommand.Produce();
        produce.source = new StreamCommand.Produce.Source();
        produce.topic = topic;
        produce.limit = 100;
        return produce;
    }

    /** A duration as ISO-8601 (PT10S) or, as the original CLI took it, a number of seconds. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            return v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        }
    }
}
