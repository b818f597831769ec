package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;

import jakarta.json.JsonObject;

import org.chillflow.core.trip.source.TlcMonthGenerator;

/** The load tests' fixtures: a generated month in the test server's data directory, progress, the curated count. */
final class TestLoads {

    private TestLoads() {
    }

    /**
     * A month of {@code rows} generated rows (resampled from the bundled real sample) written as {@code name} into the
     * test server's data directory; returns the name, for a job's {@code input}.
     */
    static String month(String name, YearMonth month, int rows, long seed) throws Exception {
        Path data = Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
        Path sample = Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet");
        TlcMonthGenerator.generate(TlcMonthGenerator.sample(sample), month, rows, seed, data.resolve(name));
        return name;
    }

    /**
     * On an empty stg.complete_trip, ingest-month of a generated month ({@link #month}) started through the API of the
     * server at {@code baseUrl} (null: the test server), curated into {@code <name>-curated}; returns the execution.
     */
    static long startIngest(String baseUrl, String name, YearMonth month, int rows, long seed, int chunkSize)
            throws Exception {
        return startIngest(baseUrl, name, month, rows, seed, chunkSize, "");
    }

    /** The same, with more job parameters ({@code extra}: JSON members, each preceded by a comma). */
    static long startIngest(String baseUrl, String name, YearMonth month, int rows, long seed, int chunkSize,
            String extra) throws Exception {
        month(name + ".parquet", month, rows, seed);
        TestDatabase.execute("DELETE FROM stg.complete_trip");
        var started = ChillflowServer.postJson((baseUrl == null ? "" : baseUrl) + "/api/jobs/ingest-month/executions",
                "operator", "{\"input\":\"" + name + ".parquet\",\"month\":\"" + month + "\",\"output\":\"" + name
                        + "-curated\",\"chunkSize\":\"" + chunkSize + "\"" + extra + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return ChillflowServer.object(started).getJsonNumber("executionId").longValue();
    }

    /** Waits (at most 2 minutes) until stg.complete_trip holds {@code rows} rows: the load is under way. */
    static void awaitLoaded(long rows) {
        Instant deadline = Instant.now().plusSeconds(120);
        long loaded = 0;
        while (loaded < rows && Instant.now().isBefore(deadline)) {
            loaded = TestDatabase.count("SELECT count(*) FROM stg.complete_trip");
            ChillflowServer.sleep(100);
        }
        assertThat(loaded).as("rows loaded before the deadline").isGreaterThanOrEqualTo(rows);
    }

    /** The rows the execution's curate step kept (its exit status: {@code ... out=N ...}). */
    static long curated(long executionId) {
        return curated(ChillflowServer.object(ChillflowServer.get("/api/jobs/executions/" + executionId, "viewer")));
    }

    /** The same, from an execution as the API shows it (any server's). */
    static long curated(JsonObject execution) {
        String exit = execution.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("stepName").equals("curate")).findFirst().orElseThrow().getString("exitStatus");
        return Long.parseLong(exit.replaceAll(".* out=(\\d+) .*", "$1"));
    }

    /** Restarts the execution through the test server's API and waits for the restart to complete. */
    static void restartToCompletion(long executionId) {
        var restarted = ChillflowServer.postJson("/api/jobs/executions/" + executionId + "/restart", "operator", "");
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(201);
        long restartId = ChillflowServer.object(restarted).getJsonNumber("executionId").longValue();
        JsonObject done = ChillflowServer.awaitJson("/api/jobs/executions/" + restartId, "viewer",
                java.time.Duration.ofMinutes(4), e -> ChillflowServer.terminal(e.getString("batchStatus")));
        assertThat(done.getString("batchStatus")).as(done.toString()).isEqualTo("COMPLETED");
    }

    /** Every curated trip in stg.complete_trip, once. */
    static void assertEveryCuratedTripOnce(long executionId) {
        long curated = curated(executionId);
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip")).as("rows").isEqualTo(curated);
        assertThat(TestDatabase.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).as("trips").isEqualTo(curated);
    }
}
