package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.JOB_TIMEOUT;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/** curate-month then load-trips on the Liberty test server, on the real February 2025 sample. */
@MicroShedTest
class BatchIngestionApiIT {

    @BeforeAll
    static void serverReady() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void theSampleMonthIsCuratedAndLoadedThroughTheApi() throws Exception {
        // the server's data directory is "data" under its output directory
        Path data = Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data");
        Files.createDirectories(data);
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet"), data.resolve("feb-2025.parquet"), StandardCopyOption.REPLACE_EXISTING);
        TestDatabase.execute("DELETE FROM stg.complete_trip");
        assertThat(run("seed-zones", "{}").getString("batchStatus")).isEqualTo("COMPLETED");

        JsonObject curation = run("curate-month",
                "{\"input\":\"feb-2025.parquet\",\"month\":\"2025-02\",\"output\":\"feb-2025-curated\",\"chunkSize\":\"1000\"}");
        assertThat(curation.getString("batchStatus")).as(curation.toString()).isEqualTo("COMPLETED");
        String exit = curation.getJsonArray("steps").getJsonObject(0).getString("exitStatus");
        assertThat(exit).startsWith("COMPLETED in=5000 out=");
        // the files as the caller named them, relative to the data directory (the job got absolute paths)
        assertThat(curation.getJsonObject("parameters").getString("input")).isEqualTo("feb-2025.parquet");
        assertThat(curation.getJsonObject("parameters").getString("output")).isEqualTo("feb-2025-curated");
        JsonObject curateStep = curation.getJsonArray("steps").getJsonObject(0);
        assertThat(curateStep.getInt("totalItems")).isEqualTo(5_000);
        assertThat(curateStep.getJsonNumber("percent").doubleValue()).isEqualTo(100.0);
        long out = Long.parseLong(exit.replaceAll(".* out=(\\d+) .*", "$1"));
        assertThat(Files.exists(data.resolve("feb-2025-curated/dq-report.json"))).isTrue();
        assertThat(TestDatabase.count("SELECT rows_in FROM ops.dq_report WHERE runtime = 'liberty' AND job_instance_id = "
                + curation.getJsonNumber("instanceId").longValue())).isEqualTo(5_000);
        JsonObject report = curation.getJsonObject("dqReport");
        assertThat(report.getInt("rowsIn")).isEqualTo(5_000);
        assertThat(report.getJsonNumber("rowsOut").longValue()).isEqualTo(out);
        assertThat(report.getJsonNumber("rejected").longValue()).isEqualTo(5_000 - out);
        long rejectsByRule = report.getJsonObject("counts").entrySet().stream()
                .filter(e -> java.util.Set.of("temporal_invalid", "speed_invalid", "money_reversal", "negative_amount",
                        "missing_required", "zone_invalid", "outside_month").contains(e.getKey()))
                .mapToLong(e -> ((jakarta.json.JsonNumber) e.getValue()).longValue()).sum();
        assertThat(rejectsByRule).isEqualTo(5_000 - out);

        JsonObject load = run("load-trips", "{\"input\":\"feb-2025-curated\",\"chunkSize\":\"1000\"}");
        assertThat(load.getString("batchStatus")).as(load.toString()).isEqualTo("COMPLETED");
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip WHERE source = 'batch'")).isEqualTo(out);
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip WHERE trip_distance IS NULL")).isZero();

        String metrics = ChillflowServer.get("/metrics", null).body();
        assertThat(metrics).contains("chillflow_batch_rows_total{").contains("outcome=\"rejected\"")
                .contains("rule=\"money_reversal\"").contains("outcome=\"loaded\"");
        assertThat(metrics).containsPattern("chillflow_batch_step_duration_seconds_count\\{.*job=\"load-trips\".*\\} [1-9]");
    }

    @Test
    void aRealCsvMonthGoesThroughIngestMonthWithEveryRowAccountedFor() throws Exception {
        // the 2019 layout with the snake_case renames (great_expectations sample of January 2019)
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "great_expectations",
                "yellow_tripdata_sample_2019-01.csv"), data().resolve("jan-2019.csv"), StandardCopyOption.REPLACE_EXISTING);
        TestDatabase.execute("DELETE FROM stg.complete_trip");

        JsonObject ingest = run("ingest-month", "{\"input\":\"jan-2019.csv\",\"month\":\"2019-01\",\"chunkSize\":\"2000\"}");
        assertThat(ingest.getString("batchStatus")).as(ingest.toString()).isEqualTo("COMPLETED");
        JsonObject report = ingest.getJsonObject("dqReport");
        long in = report.getJsonNumber("rowsIn").longValue();
        long out = report.getJsonNumber("rowsOut").longValue();
        assertThat(in).isEqualTo(10_000);
        assertThat(out + report.getJsonNumber("rejected").longValue()).isEqualTo(in);
        assertThat(out).isGreaterThan(9_000);
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(out);
        assertThat(TestDatabase.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(out);
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip WHERE pickup_ts < '2019-01-01'"
                + " OR pickup_ts >= '2019-02-01'")).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM stg.complete_trip t WHERE NOT EXISTS (SELECT 1 FROM"
                + " dim.zone z WHERE z.zone_id = t.pu_zone_id) OR NOT EXISTS (SELECT 1 FROM dim.zone z WHERE"
                + " z.zone_id = t.do_zone_id)")).isZero();
        JsonObject load = ingest.getJsonArray("steps").stream().map(v -> v.asJsonObject())
                .filter(step -> step.getString("stepName").equals("load")).findFirst().orElseThrow();
        assertThat(load.getJsonObject("metrics").getJsonNumber("writeCount").longValue()).isEqualTo(out);

        // ingest-month's last step aggregated the month: the KPI API shows it
        JsonObject summary = object(ChillflowServer.get("/api/kpis/summary?month=2019-01", "viewer"));
        assertThat(summary.getJsonNumber("trips").longValue()).isEqualTo(out);
        assertThat(summary.getJsonArray("busiestZones")).hasSize(10);
        // the month's outlier rate is the trip-weighted mean of the hourly rates, as the database computes it
        assertThat(summary.getJsonNumber("outlierRate").bigDecimalValue()).isEqualByComparingTo(TestDatabase.decimal(
                "SELECT round(sum(outlier_rate * trips) / sum(trips) FILTER (WHERE outlier_rate IS NOT NULL), 2)"
                        + " FROM mart.zone_hourly_kpis WHERE hour_ts >= '2019-01-01' AND hour_ts < '2019-02-01'"))
                .isBetween(java.math.BigDecimal.ZERO, java.math.BigDecimal.valueOf(100));
        long kpiRows = TestDatabase.count("SELECT count(*) FROM mart.zone_hourly_kpis WHERE hour_ts >= '2019-01-01'"
                + " AND hour_ts < '2019-02-01'");
        assertThat(kpiRows).isPositive();
        JsonObject page = object(ChillflowServer.get("/api/kpis/zones/hourly?from=2019-01-01&to=2019-02-01&size=50&page=1",
                "viewer"));
        assertThat(page.getJsonNumber("total").longValue()).isEqualTo(kpiRows);
        assertThat(page.getJsonArray("items")).hasSize((int) Math.min(50, kpiRows - 50));
        String csv = ChillflowServer.get("/api/kpis/export?format=csv&month=2019-01", "viewer").body();
        assertThat(csv.lines().count()).isEqualTo(kpiRows + 1);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("zone_id,hour_ts,trips,avg_fare")
                .contains(",pct_card,outlier_rate,");
        JsonObject status = object(ChillflowServer.get("/api/kpis/status", "viewer"));
        assertThat(status.getJsonObject("lastRun").getString("mode")).isEqualTo("incremental");
        String vendors = ChillflowServer.get("/api/kpis/benchmarks/trips-by-vendor", "viewer").body();
        assertThat(vendors).contains("\"vendor_id\":1").contains("\"trips\":");
        assertThat(ChillflowServer.get("/api/kpis/daily?by=borough&from=2019-01-01&to=2019-01-31", "viewer").body())
                .contains("\"borough\":\"Manhattan\"");
        assertThat(ChillflowServer.get("/metrics", null).body())
                .containsPattern("chillflow_kpi_aggregation_duration_seconds_count\\{.*mode=\"incremental\".*\\} [1-9]")
                // hours recomputed, not rows written: the test database keeps its KPI rows between runs, and
                // recomputing unchanged hours writes nothing (seen on a second run)
                .containsPattern("chillflow_kpi_hours_processed_total\\{.*mode=\"incremental\".*\\} [1-9]")
                .contains("chillflow_kpi_rows_written_total{");
        HttpResponse<String> badMonth = ChillflowServer.get("/api/kpis/summary?month=2019-13", "viewer");
        assertThat(badMonth.statusCode()).isEqualTo(400);
        assertThat(object(badMonth).getString("detail")).isEqualTo("month must be YYYY-MM, was '2019-13'");
    }

    @Test
    void badInputIsRefusedOrFailsWithTheProblemNamed() throws Exception {
        // a missing file is refused before any job starts
        HttpResponse<String> missing = postJson("/api/jobs/ingest-month/executions", "operator",
                "{\"input\":\"no-such-month.parquet\",\"month\":\"2025-02\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(object(missing).getString("detail")).contains("no-such-month.parquet").contains("does not exist");
        HttpResponse<String> outside = postJson("/api/jobs/ingest-month/executions", "operator",
                "{\"input\":\"../../../../etc/passwd\",\"month\":\"2025-02\"}");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(object(outside).getString("detail")).contains("inside the data directory");

        // a file that is there but is no Parquet fails the job, and the execution says why
        Files.writeString(data().resolve("corrupt.parquet"), "this is not a Parquet file");
        JsonObject corrupt = run("ingest-month", "{\"input\":\"corrupt.parquet\",\"month\":\"2025-02\"}");
        assertThat(corrupt.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(corrupt.getString("exitStatus")).startsWith("FAILED: ").contains("corrupt.parquet is not a readable Parquet file");
        assertThat(Files.exists(data().resolve("corrupt.parquet.curated"))).isFalse();
    }

    private static Path data() throws java.io.IOException {
        // the server's data directory is "data" under its output directory
        return Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
    }

    private static JsonObject run(String job, String parameters) {
        HttpResponse<String> started = postJson("/api/jobs/" + job + "/executions", "operator", parameters);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(object(started).getString("jobName")).isEqualTo(job);
        return awaitJson(location, "viewer", JOB_TIMEOUT, e -> terminal(e.getString("batchStatus")));
    }
}
