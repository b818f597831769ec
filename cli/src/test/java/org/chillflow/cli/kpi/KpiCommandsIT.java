package org.chillflow.cli.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import org.chillflow.cli.ChillflowCli;
import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.junit.jupiter.api.Test;


/** The KPI commands of the CLI against the real database: aggregate run/status, report month. */
class KpiCommandsIT {

    @Test
    void aggregateRunStatusAndReportOfAMonth() throws Exception {
        // the schema first: on a new database this may be the first test to run (failsafe's order is the file system's)
        SchemaMigrator.migrate(CliDatabase.dataSource());
        sql("DELETE FROM mart.zone_hourly_kpis", "DELETE FROM stg.complete_trip",
                "INSERT INTO dim.zone (zone_id, borough, zone_name, service_zone) VALUES (161, 'Manhattan',"
                        + " 'Midtown Center', 'Yellow Zone') ON CONFLICT (zone_id) DO NOTHING",
                "INSERT INTO stg.complete_trip (trip_key, vendor_id, pickup_ts, dropoff_ts, pu_zone_id, do_zone_id,"
                        + " trip_distance, fare_amount, tip_amount, payment_type, vehicle_id_h, source) VALUES"
                        + " ('k1', 1, '2025-03-04 08:10', '2025-03-04 08:30', 161, 161, 2.0, 14.00, 3.00, 1, 'veh_a', 'batch'),"
                        + " ('k2', 1, '2025-03-04 08:40', '2025-03-04 08:50', 161, 161, 1.0, 8.00, 0.00, 2, 'veh_b', 'batch'),"
                        + " ('k3', 2, '2025-03-05 21:00', '2025-03-05 21:30', 161, 161, 6.0, 30.00, 6.00, 1, 'veh_a', 'batch')",
                DerivedFieldsFixture.UPDATE);

        assertThat(run("aggregate", "run", "--full-refresh").code()).isZero();
        Result status = run("aggregate", "status");
        assertThat(status.out()).contains("KPI rows:   2").contains("Last run:   full")
                .contains("Hours:      2025-03-04T08:00 to 2025-03-05T21:00");

        Result csv = run("report", "month", "2025-03", "--format", "csv");
        assertThat(csv.code()).isZero();
        assertThat(csv.out().lines()).containsExactly(
                "zone_id,hour_ts,trips,avg_fare,avg_tip,avg_speed_kmh,avg_distance_km,avg_duration_min,pct_card,outlier_rate,unique_vehicles",
                "161,2025-03-04T08:00,2,11.00,1.50,9.66,2.41,15.00,50.00,,2",
                "161,2025-03-05T21:00,1,30.00,6.00,19.31,9.66,30.00,100.00,,1");
        // outlier_rate is empty: fewer than four trips with a speed in each hour, too few to judge
        // by hand: 2 mi in 20 min and 1 mi in 10 min are both 9.66 km/h; 6 mi in 30 min is 19.31 km/h
        Result md = run("report", "month", "2025-03");
        // month summary weighted by trips: fare (11 x 2 + 30) / 3 = 17.33, card (50 x 2 + 100) / 3 = 66.67
        assertThat(md.out()).contains("| 3 | 1 | 2 | 17.33 | 3.00 | 66.67 % | n/a |")
                .contains("| 161 | Midtown Center | Manhattan | 3 | 17.33 |");

        Result backfill = run("aggregate", "run", "--from", "2025-03-05", "--to", "2025-03-05");
        assertThat(backfill.code()).isZero();
        assertThat(run("aggregate", "status").out()).contains("Last run:   backfill").contains("hours 24");
        assertThat(run("report", "month", "2025-03", "--format", "xml").code()).isEqualTo(2);
    }

    record Result(int code, String out) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = ChillflowCli.commandLine().execute(args);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previous);
        }
    }

    private static void sql(String... statements) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }
}
