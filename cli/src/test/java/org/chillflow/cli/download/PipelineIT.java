package org.chillflow.cli.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The original pipeline's whole run, as its users type it: {@code make pipeline full YEAR=2025 MONTH=02}, in a
 * process of its own, against a local mirror of the TLC file server (the bundled February 2025 sample) and the
 * test environment's services: download -> ingest-month (zones, curate, load, KPIs) -> aggregate and the month's
 * report -> trips as events, reassembled.
 */
class PipelineIT {

    @TempDir
    Path data;

    @Test
    void makePipelineFullRunsAMonthEndToEnd() throws Exception {
        // the schema first: on a new database this may be the first test to run (failsafe's order is the file system's)
        SchemaMigrator.migrate(CliDatabase.dataSource());
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            // dim.zone too: ingest-month seeds the zones only when it finds none, and a test before this one may have left
            // a few (KpiCommandsIT adds one); a user's first run starts from an empty table
            statement.execute("TRUNCATE stg.complete_trip, mart.zone_hourly_kpis, ops.kpi_state, dim.zone");
        }
        forgetSettledTrips();
        Path repo = Path.of(System.getProperty("chillflow.repo", ".."));
        Path log = data.resolve("pipeline.log");
        ProcessBuilder make = new ProcessBuilder("make", "pipeline", "full", "YEAR=2025", "MONTH=02")
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = make.environment();
        env.put("CHILLFLOW_ENV", "test");
        env.put("CHILLFLOW_DB_URL", System.getProperty("chillflow.db.url"));
        env.put("CHILLFLOW_KAFKA_BOOTSTRAP", System.getProperty("chillflow.kafka.bootstrap"));
        env.put("CHILLFLOW_REDIS_PORT", System.getProperty("chillflow.redis.port"));
        env.put("CHILLFLOW_DATA_DIR", data.toString());
        env.put("CHILLFLOW_DOWNLOAD_BASE_URL", TlcMirror.BASE_URL);
        env.put("STREAM_TRIPS", "200");
        env.put("STREAM_IDLE", "PT5S");
        int code;
        try (TlcMirror mirror = new TlcMirror()) {
            Process process = make.start();
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("make pipeline full finished").isTrue();
            code = process.exitValue();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();

        Path file = data.resolve("inbox/yellow_tripdata_2025-02.parquet");
        assertThat(Files.mismatch(file, TlcMirror.FEB_2025)).isEqualTo(-1L);
        assertThat(out).contains(file + ": downloaded, 177,591 bytes, 5,000 rows")
                .containsPattern("execution \\d+ of ingest-month: COMPLETED")
                .contains("| 4,900 | 166 |") // the month's report: 4,900 trips kept of 5,000, in 166 pickup zones
                .contains("sent 1,000 events of 200 trips to trip-events")
                .containsPattern("assembled: [\\d,]+ events, [\\d,]+ trips completed")
                .contains("[pipeline 2025-02] full finished in");
        assertThat(count("SELECT count(*) FROM stg.complete_trip WHERE pickup_ts >= '2025-02-01'"
                + " AND pickup_ts < '2025-03-01'")).isEqualTo(4_900);
        assertThat(count("SELECT sum(trips) FROM mart.zone_hourly_kpis WHERE hour_ts >= '2025-02-01'"
                + " AND hour_ts < '2025-03-01'")).isEqualTo(4_900);
        // the stream stage wrote the 200 earliest trips back through the assembler
        assertThat(count("SELECT count(*) FROM stg.complete_trip WHERE source = 'stream' AND pickup_ts >= '2025-02-01'"
                + " AND pickup_ts < '2025-03-01'")).isEqualTo(200);
        assertThat(data.resolve("inbox/yellow_tripdata_2025-02.parquet.curated/dq-report.json")).exists();
    }

    /**
     * The assembler keeps a marker per settled trip (chillflow.stream.done-ttl) and drops later events of it as
     * duplicates; the trips here are the bundled month's, which earlier runs may have streamed already. Only the
     * markers go; no partial trip is touched.
     */
    private static void forgetSettledTrips() {
        try (Jedis jedis = new Jedis("127.0.0.1", Integer.parseInt(System.getProperty("chillflow.redis.port")))) {
            ScanParams match = new ScanParams().match("trip-done:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
