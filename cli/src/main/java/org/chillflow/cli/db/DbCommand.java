package org.chillflow.cli.db;

import java.util.concurrent.Callable;

import org.chillflow.core.migration.SchemaMigrator;
import org.flywaydb.core.api.output.MigrateResult;

import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "db", description = "Database utilities", subcommands = DbCommand.Migrate.class)
public class DbCommand {

    @Command(mixinStandardHelpOptions = true, name = "migrate", description = "Apply the Flyway migrations (the server does this at start-up too)")
    static class Migrate implements Callable<Integer> {

        @Override
        public Integer call() {
            MigrateResult result = SchemaMigrator.migrate(CliDatabase.dataSource());
            System.out.printf("%s: schema at version %s (%d migration(s) applied now)%n", CliDatabase.url(),
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
            return 0;
        }
    }
}
