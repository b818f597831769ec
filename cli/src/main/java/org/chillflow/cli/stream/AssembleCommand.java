package org.chillflow.cli.stream;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.chillflow.core.stream.assembly.StandaloneAssembler;
import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chillflow stream assemble}: one more assembler in the servers' consumer group, outside Liberty (same
 * engine, same Redis state, same table); Kafka shares the partitions of trip-events between them.
 */
@Command(mixinStandardHelpOptions = true, name = "assemble", aliases = "assemble-trips",
        description = "Join the assembler group and reassemble trips from trip-events until"
        + " stopped (Ctrl-C) or idle")
public class AssembleCommand implements Callable<Integer> {

    @Option(names = { "--idle", "--timeout" }, converter = OriginalStreamVerbs.Seconds.class,
            description = "stop after nothing arrived for this long: ISO-8601 (PT10S) or seconds (default: run until stopped)")
    Duration idle;

    @Option(names = "--group", defaultValue = "chillflow-trip-assembler",
            description = "consumer group (default ${DEFAULT-VALUE}: the servers' group)")
    String group;

    @Option(names = "--topic", defaultValue = "trip-events", description = "the events' topic (default ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() throws Exception {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        long started = System.nanoTime();
        StandaloneAssembler.Totals totals;
        try (StandaloneAssembler assembler = new StandaloneAssembler(
                StandaloneAssembler.settings(ConfigProvider.getConfig()), CliDatabase.dataSource(), group, topic)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                assembler.stop();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("assembling %s in group %s%n", topic, group);
            totals = assembler.run(idle);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        System.out.printf("assembled: %,d events, %,d trips completed, %,d dead letters in %.1f s%n", totals.events(),
                totals.completed(), totals.deadLetters(), (System.nanoTime() - started) / 1e9);
        if (totals.duplicates() > 0) {
            // a trip settled before (a second replay of the same trips, a redelivery) is not written again
            System.out.printf("dropped as duplicates: %,d events of trips already settled (kept for chillflow.stream.done-ttl)%n",
                    totals.duplicates());
        }
        return 0;
    }
}
