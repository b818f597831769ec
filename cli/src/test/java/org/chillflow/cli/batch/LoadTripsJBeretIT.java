package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.List;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.trip.curated.CuratedTripReader;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.source.TlcRow;
import org.chillflow.core.trip.source.TlcSource;
import org.chillflow.core.trip.TripKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load-trips through JBeret SE: the curated February 2025 sample into stg.complete_trip by COPY + upsert. */
class LoadTripsJBeretIT {

    private static LocalJobs jobs;

    @TempDir
    static Path dir;

    private static Path curated;
    private static long curatedRows;

    @BeforeAll
    static void curateTheSampleOnce() throws Exception {
        jobs = new LocalJobs();
        curatedRows = BatchItSupport.seedZonesAndCurateTheSample(jobs, dir);
        curated = dir.resolve("curated");
    }

    @BeforeEach
    void emptyTrips() throws Exception {
        BatchItSupport.sql("DELETE FROM stg.complete_trip");
    }

    @Test
    void everyCuratedTripIsLoadedWithAllItsColumnsAndReloadingChangesNothing() throws Exception {
        JobExecution load = run("load-trips", parameters("0"));
        assertThat(load.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), load.getExecutionId(), Metric.MetricType.WRITE_COUNT)).isEqualTo(curatedRows);

        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE source = 'batch'")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curatedRows);
        // the original pipeline lost trip_distance on load; every curated row has it here
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE trip_distance IS NULL")).isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip t LEFT JOIN dim.zone z ON z.zone_id = t.pu_zone_id"
                + " WHERE z.zone_id IS NULL")).isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE vehicle_id_h !~ '^veh_[0-9a-f]{12}$'")).isZero();
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE pickup_ts >= dropoff_ts")).isZero();
        // keys are the original pipeline formula on the RAW row offset: check the last kept row of the raw file,
        // whose curated offset (the original pipeline's) would be smaller by the number of rows rejected before it
        RawTrip lastKept = lastKeptRawTrip();
        String expectedKey = TripKeys.tripKey("chillflow-dev-salt-2025", lastKept.vendorId(), lastKept.pickup(),
                lastKept.puZoneId(), lastKept.sourceRow());
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE trip_key = '" + expectedKey + "'"
                + " AND vehicle_id_h = '" + TripKeys.vehicleId("chillflow-dev-salt-2025", lastKept.vendorId(),
                        lastKept.sourceRow(), TripKeys.DEFAULT_FLEET_SIZE) + "'")).isEqualTo(1);
        // and its values arrived as curated (numeric(10,2) amounts, double precision distances, timestamps)
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE trip_key = '" + expectedKey + "'"
                + " AND pickup_ts = '" + lastKept.pickup() + "' AND dropoff_ts = '" + lastKept.dropoff() + "'"
                + " AND total_amount = " + lastKept.totalAmount() + " AND fare_amount = " + lastKept.fareAmount()
                + " AND trip_distance = " + lastKept.tripDistance() + "::float8"
                + " AND distance_km = " + lastKept.tripDistance() * 1.60934 + "::float8"
                + " AND do_zone_id = " + lastKept.doZoneId())).isEqualTo(1);

        String before = fingerprint();
        JobExecution again = run("load-trips", parameters("0"));
        assertThat(again.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fingerprint()).as("a second load leaves the table identical").isEqualTo(before);
    }

    @Test
    void aFailedLoadRestartsAtItsCheckpointWithoutDuplicates() throws Exception {
        Properties sequential = parameters("2500");
        sequential.setProperty("partitions", "1");
        JobExecution failed = run("load-trips", sequential);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(2_000);

        Properties restart = new Properties();
        restart.setProperty("failAtRow", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        JobExecution done = jobs.await(restartId, BatchItSupport.TIMEOUT);
        assertThat(done.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.READ_COUNT)).isEqualTo(curatedRows - 2_000);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curatedRows);
    }

    @Test
    void aFailedPartitionRestartsAtItsOwnCheckpointWhileTheOtherStaysDone() throws Exception {
        List<Path> parts;
        try (var list = Files.list(curated)) {
            parts = list.filter(p -> p.getFileName().toString().matches("part-\\d+\\.parquet")).sorted().toList();
        }
        long firstRun = 0; // two partitions: the first half of the part files, then the rest
        for (Path part : parts.subList(0, parts.size() / 2)) {
            try (CuratedTripReader reader = CuratedTripReader.open(part)) {
                firstRun += reader.rowCount();
            }
        }
        Properties p = parameters(Long.toString(firstRun + 700)); // the second partition's 700th row
        p.setProperty("chunkSize", "500");
        p.setProperty("partitions", "2");
        JobExecution failed = run("load-trips", p);
        assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        // JBeret SE reports FAILED while the other partition may still run to its end: wait for it
        long deadline = System.nanoTime() + BatchItSupport.TIMEOUT.toNanos();
        while (BatchItSupport.count("SELECT count(*) FROM stg.complete_trip") < firstRun + 500
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(firstRun + 500);

        Properties restart = new Properties();
        restart.setProperty("failAtRow", "0");
        long restartId = jobs.restart(failed.getExecutionId(), restart);
        assertThat(jobs.await(restartId, BatchItSupport.TIMEOUT).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(BatchItSupport.metric(jobs.operator(), restartId, Metric.MetricType.READ_COUNT))
                .isEqualTo(curatedRows - firstRun - 500);
        assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip")).isEqualTo(curatedRows);
        assertThat(BatchItSupport.count("SELECT count(DISTINCT trip_key) FROM stg.complete_trip")).isEqualTo(curatedRows);
    }

    @Test
    void aChunkWithAZoneMissingFromDimZoneIsRefusedWithTheZoneNamed() throws Exception {
        // zone 264 ("Unknown") is a valid id; without its dim.zone row the chunk must not load
        BatchItSupport.sql("DELETE FROM mart.zone_hourly_kpis WHERE zone_id = 264");
        BatchItSupport.sql("DELETE FROM dim.zone WHERE zone_id = 264");
        try {
            Properties p = parameters("0");
            p.setProperty("partitions", "1");
            JobExecution failed = run("load-trips", p);
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.getExitStatus()).contains("zone ids [264] are not in dim.zone");
            assertThat(BatchItSupport.count("SELECT count(*) FROM stg.complete_trip WHERE pu_zone_id = 264"
                    + " OR do_zone_id = 264")).isZero();
        } finally {
            assertThat(run("seed-zones", new Properties()).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        }
    }

    private static RawTrip lastKeptRawTrip() throws Exception {
        RawTrip last = null;
        try (TlcSource source = TlcSource.open(BatchItSupport.FEB_2025)) {
            for (TlcRow row = source.next(); row != null; row = source.next()) {
                if (row.parsed() && DqVerdict.evaluate(row.trip(), YearMonth.of(2025, 2)).kept()) {
                    last = row.trip();
                }
            }
        }
        return last;
    }

    private static Properties parameters(String failAtRow) {
        Properties p = new Properties();
        p.setProperty("input", curated.toString());
        p.setProperty("chunkSize", "1000");
        p.setProperty("failAtRow", failAtRow);
        return p;
    }

    private static JobExecution run(String job, Properties parameters) throws InterruptedException {
        return jobs.await(jobs.start(job, parameters), BatchItSupport.TIMEOUT);
    }


    private static String fingerprint() throws Exception {
        try (Connection c = CliDatabase.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT md5(string_agg(t::text, '|' ORDER BY trip_key))"
                        + " FROM stg.complete_trip t")) {
            r.next();
            return r.getString(1);
        }
    }


}
