package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.chillflow.core.stream.assembly.PartialTripStore;
import org.chillflow.cli.ChillflowCli;
import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.junit.jupiter.api.Test;

/** The stream commands against the real test broker (9192) and database. */
class StreamCommandsIT {

    @Test
    void tripsFromTheDatabaseBecomeFiveEventsEachOnAFreshTopicAndComeBackInEventTimeOrder() throws Exception {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM stg.complete_trip WHERE trip_key LIKE 'streamcli-%'");
            statement.executeUpdate("INSERT INTO dim.zone (zone_id, borough, zone_name, service_zone) VALUES (161,"
                    + " 'Manhattan', 'Midtown Center', 'Yellow Zone') ON CONFLICT (zone_id) DO NOTHING");
            statement.executeUpdate("INSERT INTO stg.complete_trip (trip_key, vendor_id, pickup_ts, dropoff_ts, pu_zone_id,"
                    + " do_zone_id, trip_distance, fare_amount, total_amount, payment_type, vehicle_id_h, source) VALUES"
                    + " ('streamcli-a', 1, '1999-01-01 08:00', '1999-01-01 08:20', 161, 161, 2.0, 12.00, 15.50, 1, 'veh_a', 'batch'),"
                    + " ('streamcli-b', 2, '1999-01-01 08:05', '1999-01-01 08:10', 161, 161, 1.0, 7.00, 9.00, 2, 'veh_b', 'batch')");
            // (a total is required: the assembler applies the batch curation's rules, and a trip without one is rejected)
        }
        String topic = "it-stream-" + UUID.randomUUID();
        assertThat(run("stream", "create-topic", "--topic", topic, "--partitions", "1")).contains("created " + topic);
        assertThat(run("stream", "create-topic", "--topic", topic)).contains("exists already");
        // the two earliest trips of the table are these (1999)
        assertThat(run("stream", "produce", "--from-db", "--limit", "2", "--topic", topic))
                .contains("sent 10 events of 2 trips to " + topic);
        String consumed = run("stream", "consume", "--topic", topic, "--max", "10", "--timeout", "PT15S");
        assertThat(consumed).contains("10 message(s)");
        assertThat(consumed.lines().filter(l -> l.startsWith(topic)).map(l -> l.replaceAll(".*\"event_type\":\"([a-z_]+)\".*", "$1"))
                .toList()).containsExactly("trip_started", "zone_entered", "trip_started", "zone_entered", "trip_ended",
                        "zone_exited", "payment_processed", "trip_ended", "zone_exited", "payment_processed");
        assertThat(consumed).contains("key=streamcli-a", "key=streamcli-b", "\"timestamp\":\"1999-01-01T13:00:00Z\"");

        // an assembler outside the server reassembles them (its own group on this topic); it writes completed trips
        // and dead letters to ChillFlow's topics, which a server creates at start and, without one, create-topics does
        assertThat(run("stream", "create-topics")).containsPattern("created \\[|topics: all there");
        assertThat(run("stream", "create-topics")).contains("topics: all there");
        // a topic that does not exist: the producer says so and what to do, it does not claim to have sent anything
        assertThat(runFailing("stream", "produce", "--from-db", "--limit", "1", "--topic", "it-missing-" + UUID.randomUUID()))
                .contains("is not there").contains("chillflow stream create-topics").doesNotContain("sent ");
        try (redis.clients.jedis.Jedis redis = new redis.clients.jedis.Jedis("127.0.0.1", 6380)) {
            for (String trip : List.of("streamcli-a", "streamcli-b")) {
                redis.del(PartialTripStore.doneKey(trip), PartialTripStore.tripKey(trip));
            }
        }
        long before = System.currentTimeMillis();
        assertThat(run("stream", "assemble", "--topic", topic, "--group", "it-" + topic, "--idle", "PT3S"))
                .contains("assembled: 10 events, 2 trips completed, 0 dead letters");
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT trip_key, source, fare_amount FROM stg.complete_trip"
                        + " WHERE trip_key LIKE 'streamcli-%' ORDER BY trip_key")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBigDecimal(3)).isEqualTo("streamcli-a stream 12.00");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBigDecimal(3)).isEqualTo("streamcli-b stream 7.00");
        }
        // and published them to trips-completed, where their latency is measured
        String latency = run("stream", "latency", "--since", Long.toString(before), "--idle", "PT3S");
        assertThat(latency).containsPattern("\\{\"trips\":[1-9]\\d*,\"p50_ms\":\\d+,\"p95_ms\":\\d+,\"p99_ms\":\\d+");
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM stg.complete_trip WHERE trip_key LIKE 'streamcli-%'");
        }
    }

    /** Runs a command that must fail with exit code 1; returns what it printed, standard error included. */
    private static String runFailing(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            picocli.CommandLine commandLine = ChillflowCli.commandLine();
            commandLine.setErr(new java.io.PrintWriter(both, true));
            assertThat(commandLine.execute(args)).as(String.join(" ", args)).isEqualTo(1);
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = ChillflowCli.commandLine().execute(args);
            assertThat(code).as(String.join(" ", args)).isZero();
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(previous);
        }
    }
}
