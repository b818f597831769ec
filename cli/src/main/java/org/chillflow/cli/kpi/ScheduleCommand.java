package org.chillflow.cli.kpi;

import java.util.concurrent.Callable;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.chillflow.core.schedule.ScheduleDefinition;
import org.chillflow.core.schedule.ScheduleStore;

import picocli.CommandLine.Command;

/** {@code chillflow schedule jobs}: the server's schedules, from the database they share. */
@Command(mixinStandardHelpOptions = true, name = "schedule", description = "Job schedules (fired by the server)", subcommands = ScheduleCommand.Jobs.class)
public class ScheduleCommand {

    @Command(mixinStandardHelpOptions = true, name = "jobs", description = "List the schedules with their next fire time (UTC)")
    static class Jobs implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            SchemaMigrator.migrate(CliDatabase.dataSource());
            var schedules = new ScheduleStore(CliDatabase.transactions()).list();
            if (schedules.isEmpty()) {
                System.out.println("No schedules yet (a server registers its configured schedules when it starts).");
                return 0;
            }
            System.out.printf("%-16s %-16s %-8s %-9s %-8s %-20s %-20s %s%n", "schedule", "job", "every", "offset",
                    "enabled", "next fire (UTC)", "last fired (UTC)", "parameters");
            for (ScheduleStore.ScheduleState s : schedules) {
                System.out.printf("%-16s %-16s %-8s %-9s %-8s %-20s %-20s %s%n", s.name(), s.job(), s.every(), s.offset(),
                        s.enabled() ? "yes" : "no", s.nextFireAt().withNano(0), s.lastFiredAt() == null ? "never"
                                : s.lastFiredAt().withNano(0) + (s.lastExecutionId() == null ? "" : " #" + s.lastExecutionId()),
                        ScheduleDefinition.text(s.parameters()));
            }
            return 0;
        }
    }
}
