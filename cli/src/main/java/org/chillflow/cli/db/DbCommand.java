package org.chillflow.cli.db;

import java.util.concurrent.Callable;

import org.chillflow.core.migration.SchemaMigrator;
import org.flywaydb.core.api.output.MigrateResult;

import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "db", description = "Database utilities", subcommands = {DbCommand.Migrate.class, DbCommand.Clean.class})
public class DbCommand {

    @Command(mixinStandardHelpOptions = true, name = "migrate", description = "Apply the Flyway migrations and check the JPA mapping against the schema"
            + " (the server does both at start-up too)")
    static class Migrate implements Callable<Integer> {

        @Override
        public Integer call() {
            MigrateResult result = SchemaMigrator.migrate(CliDatabase.dataSource());
            org.chillflow.core.persistence.Entities.validate(CliDatabase.entityManagerFactory());
            System.out.printf("%s: schema at version %s (%d migration(s) applied now); the JPA mapping of %d entities"
                    + " matches it%n", CliDatabase.url(),
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted, org.chillflow.core.persistence.Entities.ALL.size());
            return 0;
        }
    }

    /**
     * The original's {@code clean_database.py --confirm}: empties the loaded trips and the KPIs (and the KPI
     * high-water mark, so the next incremental run starts over); keeps the zones, the job history and the reports.
     */
    @Command(mixinStandardHelpOptions = true, name = "clean", description = "Empty stg.complete_trip and mart.zone_hourly_kpis"
            + " (zones, job history and reports stay); asks for --confirm")
    static class Clean implements Callable<Integer> {

        static final String TRUNCATE = "TRUNCATE stg.complete_trip, mart.zone_hourly_kpis, ops.kpi_state";

        static final String UNPUBLISHED_MONTHS = "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'stg' AND c.relkind = 'r'"
                + " AND NOT c.relispartition AND c.relname ~ '^complete_trip_[0-9]{4}_[0-9]{2}$'";

        @picocli.CommandLine.Option(names = "--confirm", description = "really empty them")
        boolean confirm;

        @Override
        public Integer call() throws Exception {
            javax.sql.DataSource dataSource = CliDatabase.dataSource();
            SchemaMigrator.migrate(dataSource);
            long trips = org.chillflow.core.trip.CompleteTripTable.count(CliDatabase.transactions(), "batch")
                    + org.chillflow.core.trip.CompleteTripTable.count(CliDatabase.transactions(), "stream");
            if (!confirm) {
                System.err.printf("chillflow: would empty %s: %,d trips and every KPI row; run again with --confirm%n",
                        CliDatabase.url(), trips);
                return 2;
            }
            try (java.sql.Connection connection = dataSource.getConnection();
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute(TRUNCATE);
                // month tables a load filled and never published (batch-jobs' MonthPartition): a later load of the
                // month would continue into them
                java.util.List<String> unpublished = new java.util.ArrayList<>();
                try (java.sql.ResultSet rows = statement.executeQuery(UNPUBLISHED_MONTHS)) {
                    while (rows.next()) {
                        unpublished.add(rows.getString(1));
                    }
                }
                for (String table : unpublished) {
                    statement.execute("DROP TABLE " + table);
                }
            }
            System.out.printf("%s: emptied (%,d trips, the KPIs and their high-water mark); zones kept%n",
                    CliDatabase.url(), trips);
            return 0;
        }
    }
}
