package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * A month loaded into its own partition on Liberty (load step's MonthPartitionLoad, here for a month of 300,000 rows in chunks of 500:
 * {@code monthPartitionMinRows=0}): the server is killed while the load fills the month's table, the execution is
 * restarted, and the month ends attached with every curated trip once; ingest-month's incremental aggregation, which
 * runs after the publication, counts every one of them.
 */
@MicroShedTest
class MonthPartitionLoadApiIT {

    private static final int ROWS = 300_000;
    private static final String MONTH_TABLE = "stg.complete_trip_2025_08";

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void aKilledServerLeavesAMonthLoadThatARestartPublishesWhole() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS " + MONTH_TABLE);
        long executionId = TestLoads.startIngest(null, "partition-2025-08", YearMonth.of(2025, 8), ROWS, 23, 500,
                ",\"monthPartitionMinRows\":\"0\"");

        // the load fills the month's own table: nothing of it is in stg.complete_trip until it is published
        Instant deadline = Instant.now().plusSeconds(120);
        long filled = 0;
        while (filled < 5_000 && Instant.now().isBefore(deadline)) {
            filled = TestDatabase.count("SELECT count(*) FROM pg_class WHERE relname = 'complete_trip_2025_08'") == 0 ? 0
                    : TestDatabase.count("SELECT count(*) FROM " + MONTH_TABLE);
            ChillflowServer.sleep(100);
        }
        assertThat(filled).as("rows in the month's table before the deadline").isGreaterThanOrEqualTo(5_000);
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip")).isZero();
        ChillflowServer.killAndStart();
        System.out.println("MonthPartitionLoadApiIT: killed with " + filled + " rows seen in the month's table, "
                + TestDatabase.count("SELECT count(*) FROM " + MONTH_TABLE) + " there after the kill");
        assertThat(attached()).as("the load was still running when the server was killed").isZero();

        JsonObject crashed = awaitJson("/api/jobs/executions/" + executionId, "viewer", Duration.ofMinutes(2),
                e -> terminal(e.getString("batchStatus")));
        assertThat(crashed.getString("batchStatus")).isIn("FAILED", "STOPPED");
        TestLoads.restartToCompletion(executionId);

        assertThat(attached()).isOne();
        TestLoads.assertEveryCuratedTripOnce(executionId);
        long curated = TestLoads.curated(executionId);
        assertThat(TestDatabase.count("SELECT count(*) FROM " + MONTH_TABLE)).isEqualTo(curated);
        JsonObject summary = ChillflowServer.object(ChillflowServer.get("/api/kpis/summary?month=2025-08", "viewer"));
        assertThat(summary.getJsonNumber("trips").longValue()).as(summary.toString()).isEqualTo(curated);
        TestDatabase.execute("DROP TABLE " + MONTH_TABLE);
    }

    private static long attached() {
        return TestDatabase.count("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE c.relname = 'complete_trip_2025_08'");
    }
}
