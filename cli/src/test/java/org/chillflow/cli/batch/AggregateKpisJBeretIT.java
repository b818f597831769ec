package org.chillflow.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.chillflow.cli.db.CliDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aggregate-kpis through JBeret SE against the real database: hand-checked values, real month, modes. */
class AggregateKpisJBeretIT {

    private static LocalJobs jobs;

    @TempDir
    Path dir;

    @BeforeAll
    static void jobs() throws Exception {
        jobs = new LocalJobs();
        assertThat(jobs.await(jobs.start("seed-zones", new Properties()), BatchItSupport.TIMEOUT).getBatchStatus())
                .isEqualTo(BatchStatus.COMPLETED);
    }

    @BeforeEach
    void empty() throws Exception {
        BatchItSupport.sql("DELETE FROM mart.zone_hourly_kpis");
        BatchItSupport.sql("DELETE FROM ops.kpi_state");
        BatchItSupport.sql("DELETE FROM ops.kpi_run");
        BatchItSupport.sql("DELETE FROM stg.complete_trip");
    }

    @Test
    void aHandCheckedHourGetsTheReferenceFormulas() throws Exception {
        // zone 100, 2025-02-03 10:00: three trips worked out by hand below; zone 101, 11:00: one trip
        trip("a", 100, "2025-02-03 10:05", "2025-02-03 10:35", 5.0, "20.00", "4.00", 1, "veh_1");
        trip("b", 100, "2025-02-03 10:20", "2025-02-03 10:40", 2.0, "10.00", "0.00", 2, "veh_2");
        trip("c", 100, "2025-02-03 10:50", "2025-02-03 10:50", 1.0, "5.00", null, 1, "veh_1");
        trip("d", 101, "2025-02-03 11:10", "2025-02-03 11:25", 3.0, "15.50", "3.10", null, "veh_3");
        assertThat(exit(run("full"))).isEqualTo("COMPLETED mode=full hours=2 written=2 deleted=0");

        // trips 3; fare (20+10+5)/3 = 11.67; tip: c has none, (4+0)/2 = 2.00;
        // speed: a 5 mi in 30 min = 16.0934 km/h, b 2 mi in 20 min = 9.65604, c has no duration -> 12.87;
        // distance (5+2+1) x 1.60934 / 3 = 4.29 km; duration (30+20+0)/3 = 16.67 min; card 2 of 3 = 66.67 %;
        // vehicles veh_1, veh_2 = 2
        assertThat(kpi(100, "2025-02-03 10:00")).isEqualTo(List.of("3", "11.67", "2.00", "12.87", "4.29", "16.67",
                "66.67", "2"));
        // one trip: 3 mi in 15 min = 19.31 km/h, 4.83 km; a null payment type is not a card payment
        assertThat(kpi(101, "2025-02-03 11:00")).isEqualTo(List.of("1", "15.50", "3.10", "19.31", "4.83", "15.00",
                "0.00", "1"));

        // nothing new: a second run (incremental or full) changes no row
        assertThat(exit(run("incremental"))).endsWith(" written=0 deleted=0");
        assertThat(exit(run("full"))).isEqualTo("COMPLETED mode=full hours=2 written=0 deleted=0");
    }

    @Test
    void theRealMonthMatchesAnIndependentComputationAndIncrementalEqualsFullRefresh() throws Exception {
        Path input = Files.copy(BatchItSupport.FEB_2025, dir.resolve("feb.parquet"));
        Properties p = new Properties();
        p.setProperty("input", input.toString());
        p.setProperty("month", "2025-02");
        JobExecution ingest = jobs.await(jobs.start("ingest-month", p), BatchItSupport.TIMEOUT);
        assertThat(ingest.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);

        // ingest-month's last step aggregated incrementally; compare with Java over the loaded trips
        Map<String, List<String>> expected = independentKpis();
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(mart()).isEqualTo(expected);

        // the month's trips were written an hour before the high-water mark (the incremental mode re-reads
        // a 10-minute margin before the mark for late commits, and everything here was written in seconds)
        BatchItSupport.sql("UPDATE stg.complete_trip SET updated_at = updated_at - interval '1 hour'");
        // new trips in two hours (copies of existing ones under new keys), one trip moved to another zone
        BatchItSupport.sql("INSERT INTO stg.complete_trip (trip_key, vendor_id, pickup_ts, dropoff_ts, pu_zone_id,"
                + " do_zone_id, passenger_count, trip_distance, payment_type, fare_amount, tip_amount, total_amount,"
                + " distance_km, duration_min, avg_speed_kmh,"
                + " vehicle_id_h, source) SELECT 'copy' || substr(trip_key, 5), vendor_id, pickup_ts, dropoff_ts, pu_zone_id,"
                + " do_zone_id, passenger_count, trip_distance, payment_type, fare_amount + 1, tip_amount,"
                + " total_amount, distance_km, duration_min, avg_speed_kmh, 'veh_copy', 'batch' FROM stg.complete_trip"
                + " WHERE pickup_ts >= '2025-02-10 08:00' AND pickup_ts < '2025-02-10 10:00'");
        BatchItSupport.sql("UPDATE stg.complete_trip SET pu_zone_id = 1, updated_at = CURRENT_TIMESTAMP"
                + " WHERE trip_key = (SELECT min(trip_key) FROM stg.complete_trip WHERE pickup_ts >= '2025-02-20'"
                + " AND pickup_ts < '2025-02-21' AND trip_key NOT LIKE 'copy%')");
        String incremental = exit(run("incremental"));
        assertThat(incremental).startsWith("COMPLETED mode=incremental hours=");
        // 2025-02-10 08:00 and 09:00 (the copies) and the moved trip's hour on the 20th: nothing else
        assertThat(Integer.parseInt(incremental.replaceAll(".* hours=(\\d+) .*", "$1"))).isEqualTo(3);
        Map<String, List<String>> afterIncremental = mart();
        assertThat(afterIncremental).isEqualTo(independentKpis());

        assertThat(exit(run("full"))).endsWith(" written=0 deleted=0");
        assertThat(mart()).isEqualTo(afterIncremental);
    }

    @Test
    void outlierRateIsTheShareOfSpeedsOutsideTukeysFencesOfTheZoneHour() throws Exception {
        // five 20-minute trips: 2.0, 2.2, 2.4 and 2.6 miles (9.66 to 12.55 km/h) and 20 miles (96.56 km/h);
        // quartiles (linear interpolation) 10.62 and 12.55, IQR 1.93, fences 7.72 and 15.45: one outlier in five
        trip("o1", 140, "2025-02-07 09:00", "2025-02-07 09:20", 2.0, "12.00", "1.00", 1, "veh_o1");
        trip("o2", 140, "2025-02-07 09:05", "2025-02-07 09:25", 2.2, "12.00", "1.00", 1, "veh_o2");
        trip("o3", 140, "2025-02-07 09:10", "2025-02-07 09:30", 2.4, "12.00", "1.00", 1, "veh_o3");
        trip("o4", 140, "2025-02-07 09:15", "2025-02-07 09:35", 2.6, "12.00", "1.00", 1, "veh_o4");
        trip("o5", 140, "2025-02-07 09:20", "2025-02-07 09:40", 20.0, "60.00", "1.00", 1, "veh_o5");
        // a trip of no duration has no speed: counted in trips, not in the outlier rate's denominator
        trip("o6", 140, "2025-02-07 09:30", "2025-02-07 09:30", 0.0, "3.00", "0.00", 2, "veh_o6");
        // three trips with a speed in another hour: too few for quartiles, the rate stays NULL
        trip("o7", 140, "2025-02-07 10:00", "2025-02-07 10:20", 2.0, "12.00", "1.00", 1, "veh_o7");
        trip("o8", 140, "2025-02-07 10:05", "2025-02-07 10:25", 2.0, "12.00", "1.00", 1, "veh_o8");
        trip("o9", 140, "2025-02-07 10:10", "2025-02-07 10:30", 30.0, "80.00", "1.00", 1, "veh_o9");
        run("full");
        assertThat(BatchItSupport.count("SELECT trips FROM mart.zone_hourly_kpis WHERE zone_id = 140"
                + " AND hour_ts = '2025-02-07 09:00'")).isEqualTo(6);
        assertThat(outlierRate(140, "2025-02-07 09:00")).isEqualTo("20.00");
        assertThat(outlierRate(140, "2025-02-07 10:00")).isNull();
    }

    private static String outlierRate(int zone, String hour) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT outlier_rate FROM mart.zone_hourly_kpis"
                        + " WHERE zone_id = " + zone + " AND hour_ts = '" + hour + "'")) {
            assertThat(row.next()).as("KPI row of zone %d at %s", zone, hour).isTrue();
            return row.getString(1);
        }
    }

    @Test
    void backfillRecomputesItsRangeOnly() throws Exception {
        trip("e", 120, "2025-02-05 09:10", "2025-02-05 09:30", 2.0, "12.00", "1.00", 1, "veh_5");
        trip("f", 120, "2025-02-06 09:10", "2025-02-06 09:30", 2.0, "12.00", "1.00", 1, "veh_6");
        run("full");
        // both days change; only the 5th is backfilled
        BatchItSupport.sql("UPDATE stg.complete_trip SET fare_amount = 30.00 WHERE trip_key IN ('e', 'f')");
        assertThat(exit(backfill("2025-02-05", "2025-02-05"))).isEqualTo("COMPLETED mode=backfill hours=24 written=1 deleted=0");
        assertThat(kpi(120, "2025-02-05 09:00").get(1)).isEqualTo("30.00");
        assertThat(kpi(120, "2025-02-06 09:00").get(1)).isEqualTo("12.00");
        // a trip gone from the range takes its KPI row with it
        BatchItSupport.sql("DELETE FROM stg.complete_trip WHERE trip_key = 'e'");
        assertThat(exit(backfill("2025-02-05T09:00", "2025-02-05T10:00"))).isEqualTo("COMPLETED mode=backfill hours=1 written=0 deleted=1");
        assertThat(BatchItSupport.count("SELECT count(*) FROM mart.zone_hourly_kpis")).isEqualTo(1);
        assertThat(BatchItSupport.count("SELECT count(*) FROM ops.kpi_run WHERE mode = 'backfill'"
                + " AND window_from = '2025-02-05 09:00' AND window_to = '2025-02-05 10:00' AND rows_deleted = 1")).isEqualTo(1);
    }

    @Test
    void aBadModeOrRangeFailsTheJobWithTheReason() throws Exception {
        Properties p = new Properties();
        p.setProperty("mode", "sometimes");
        JobExecution bad = jobs.await(jobs.start("aggregate-kpis", p), BatchItSupport.TIMEOUT);
        assertThat(bad.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(bad.getExitStatus()).isEqualTo("FAILED: mode must be full, incremental or backfill, was 'sometimes'");
        JobExecution empty = backfillExecution("2025-02-06", "2025-02-05");
        assertThat(empty.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(empty.getExitStatus()).contains("backfill range is empty");
    }

    private static JobExecution run(String mode) throws Exception {
        Properties p = new Properties();
        p.setProperty("mode", mode);
        JobExecution execution = jobs.await(jobs.start("aggregate-kpis", p), BatchItSupport.TIMEOUT);
        assertThat(execution.getBatchStatus()).as(execution.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
        return execution;
    }

    private static JobExecution backfill(String from, String to) throws Exception {
        JobExecution execution = backfillExecution(from, to);
        assertThat(execution.getBatchStatus()).as(execution.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
        return execution;
    }

    private static JobExecution backfillExecution(String from, String to) throws Exception {
        Properties p = new Properties();
        p.setProperty("mode", "backfill");
        p.setProperty("from", from);
        p.setProperty("to", to);
        return jobs.await(jobs.start("aggregate-kpis", p), BatchItSupport.TIMEOUT);
    }

    private static String exit(JobExecution execution) {
        return jobs.operator().getStepExecutions(execution.getExecutionId()).get(0).getExitStatus();
    }

    private static void trip(String key, int zone, String pickup, String dropoff, double miles, String fare,
            String tip, Integer payment, String vehicle) throws Exception {
        BatchItSupport.sql("INSERT INTO stg.complete_trip (trip_key, vendor_id, pickup_ts, dropoff_ts, pu_zone_id,"
                + " do_zone_id, trip_distance, fare_amount, tip_amount, payment_type, vehicle_id_h, source) VALUES ('"
                + key + "', 2, '" + pickup + "', '" + dropoff + "', " + zone + ", 236, " + miles + ", " + fare + ", "
                + tip + ", " + payment + ", '" + vehicle + "', 'batch')");
        BatchItSupport.sql(org.chillflow.cli.kpi.DerivedFieldsFixture.UPDATE);
    }

    /** The KPI columns of one row as text: trips, fare, tip, speed, distance, duration, card %, vehicles. */
    private static List<String> kpi(int zone, String hour) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT trips, avg_fare, avg_tip, avg_speed_kmh,"
                        + " avg_distance_km, avg_duration_min, pct_card, unique_vehicles FROM mart.zone_hourly_kpis"
                        + " WHERE zone_id = " + zone + " AND hour_ts = '" + hour + "'")) {
            assertThat(row.next()).as("KPI row of zone %d at %s", zone, hour).isTrue();
            List<String> values = new ArrayList<>();
            for (int c = 1; c <= 8; c++) {
                values.add(row.getString(c));
            }
            return values;
        }
    }

    /** The whole mart: "zone hour" -> trips, fare, tip, duration, card %, outlier %, vehicles (as text, 2 decimals). */
    private static Map<String, List<String>> mart() throws Exception {
        Map<String, List<String>> mart = new TreeMap<>();
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT zone_id, hour_ts, trips, avg_fare, avg_tip,"
                        + " avg_duration_min, pct_card, outlier_rate, unique_vehicles FROM mart.zone_hourly_kpis")) {
            while (rows.next()) {
                mart.put(rows.getInt(1) + " " + rows.getTimestamp(2).toLocalDateTime(), List.of(rows.getString(3),
                        text(rows.getBigDecimal(4)), text(rows.getBigDecimal(5)), text(rows.getBigDecimal(6)),
                        text(rows.getBigDecimal(7)), text(rows.getBigDecimal(8)), rows.getString(9)));
            }
        }
        return mart;
    }

    /** The same KPIs computed in Java from the loaded trips (the test's own arithmetic, not the job's SQL). */
    private static Map<String, List<String>> independentKpis() throws Exception {
        record Acc(List<BigDecimal> fares, List<BigDecimal> tips, List<Long> seconds, int[] card, Set<String> vehicles,
                List<Double> speeds) {
        }
        Map<String, Acc> byHour = new HashMap<>();
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pu_zone_id, pickup_ts, dropoff_ts, fare_amount,"
                        + " tip_amount, payment_type, vehicle_id_h, avg_speed_kmh FROM stg.complete_trip")) {
            while (rows.next()) {
                LocalDateTime pickup = rows.getTimestamp(2).toLocalDateTime();
                String key = rows.getInt(1) + " " + pickup.withMinute(0).withSecond(0).withNano(0);
                Acc acc = byHour.computeIfAbsent(key, k -> new Acc(new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>(), new int[1], new HashSet<>(), new ArrayList<>()));
                if (rows.getBigDecimal(4) != null) {
                    acc.fares().add(rows.getBigDecimal(4));
                }
                if (rows.getBigDecimal(5) != null) {
                    acc.tips().add(rows.getBigDecimal(5));
                }
                long seconds = Duration.between(pickup, rows.getTimestamp(3).toLocalDateTime()).toSeconds();
                acc.seconds().add(seconds);
                double speed = rows.getDouble(8);
                if (!rows.wasNull() && seconds > 0) {
                    acc.speeds().add(speed);
                }
                if (rows.getInt(6) == 1) {
                    acc.card()[0]++;
                }
                acc.vehicles().add(rows.getString(7));
            }
        }
        Map<String, List<String>> kpis = new TreeMap<>();
        byHour.forEach((key, acc) -> {
            int trips = acc.seconds().size();
            long seconds = acc.seconds().stream().mapToLong(Long::longValue).sum();
            kpis.put(key, List.of(Integer.toString(trips), mean(acc.fares()), mean(acc.tips()),
                    text(BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60L * trips), 2, RoundingMode.HALF_UP)),
                    text(BigDecimal.valueOf(100L * acc.card()[0]).divide(BigDecimal.valueOf(trips), 2, RoundingMode.HALF_UP)),
                    outlierPercent(acc.speeds()), Integer.toString(acc.vehicles().size())));
        });
        return kpis;
    }

    /** Tukey's fences (1.5 IQR) over the quartiles by linear interpolation; "null" under four speeds. */
    private static String outlierPercent(List<Double> speeds) {
        if (speeds.size() < 4) {
            return "null";
        }
        double[] sorted = speeds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double low = q1 - 1.5 * (q3 - q1);
        double high = q3 + 1.5 * (q3 - q1);
        long outliers = Arrays.stream(sorted).filter(v -> v < low || v > high).count();
        return text(BigDecimal.valueOf(100L * outliers).divide(BigDecimal.valueOf(sorted.length), 2, RoundingMode.HALF_UP));
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static String mean(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return "null";
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return text(sum.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP));
    }

    private static String text(BigDecimal value) {
        return value == null ? "null" : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
