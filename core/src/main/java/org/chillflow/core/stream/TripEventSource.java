package org.chillflow.core.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.chillflow.core.trip.curated.CuratedTrip;
import org.chillflow.core.trip.curated.CuratedTripReader;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.TripKeys;

/**
 * Trips as a feed of events: from curated parts (keyed as the batch load keys them) or from
 * {@code stg.complete_trip}; interleaved by event time as a real feed would be, optionally duplicated and
 * shuffled (test switches).
 */
public final class TripEventSource {

    private TripEventSource() {
    }

    /** The events of every trip in a curated directory (or one curated part file). */
    public static List<TripEvent> fromCurated(Path curated, String salt, int fleetSize) throws IOException {
        List<Path> parts = parts(curated);
        List<TripEvent> events = new ArrayList<>();
        for (Path part : parts) {
            try (CuratedTripReader reader = CuratedTripReader.open(part)) {
                for (CuratedTrip c = reader.next(); c != null; c = reader.next()) {
                    RawTrip t = c.trip();
                    events.addAll(TripEvents.split(TripKeys.tripKey(salt, t.vendorId(), t.pickup(), t.puZoneId(),
                            t.sourceRow()), TripKeys.vehicleId(salt, t.vendorId(), t.sourceRow(), fleetSize), t));
                }
            }
        }
        return events;
    }

    private static final String COLUMNS = "SELECT trip_key, vehicle_id_h, vendor_id, pickup_ts, dropoff_ts, passenger_count, trip_distance,"
                + " rate_code, store_and_fwd_flag, pu_zone_id, do_zone_id, payment_type, fare_amount, extra, mta_tax,"
                + " tip_amount, tolls_amount, improvement_surcharge, total_amount, congestion_surcharge, airport_fee,"
                + " cbd_congestion_fee FROM stg.complete_trip";

    /** The events of trips in stg.complete_trip, by pickup time: at most {@code limit}, or one trip key. */
    public static List<TripEvent> fromDatabase(DataSource dataSource, int limit, String tripKey) throws SQLException {
        String sql = COLUMNS + (tripKey == null ? " ORDER BY pickup_ts, trip_key LIMIT ?" : " WHERE trip_key = ?");
        return query(dataSource, sql, query -> {
            if (tripKey == null) {
                query.setInt(1, limit);
            } else {
                query.setString(1, tripKey);
            }
        });
    }

    /**
     * The events of the trips picked up in {@code month}, handed to {@code sink} in event-time order without holding
     * the month: trips come from a cursor by pickup time, and a trip's events wait in a queue only until no trip read
     * later can have an earlier event (every event of a trip is at or after its pickup). Memory is the trips in flight
     * at one moment, not the month (a month is 3 million trips, 15 million events).
     *
     * @return the trips read
     */
    public static long streamFromDatabase(DataSource dataSource, YearMonth month, EventSink sink) throws Exception {
        record Timed(long epochMillis, long sequence, TripEvent event) {
        }
        java.util.PriorityQueue<Timed> waiting = new java.util.PriorityQueue<>(Comparator.comparingLong(Timed::epochMillis)
                .thenComparingLong(Timed::sequence));
        long trips = 0;
        long sequence = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL keeps a cursor (fetch size) only inside a transaction
            try (PreparedStatement query = connection.prepareStatement(COLUMNS
                    + " WHERE pickup_ts >= ? AND pickup_ts < ? ORDER BY pickup_ts, trip_key")) {
                query.setObject(1, month.atDay(1).atStartOfDay());
                query.setObject(2, month.plusMonths(1).atDay(1).atStartOfDay());
                query.setFetchSize(5_000);
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        List<TripEvent> events = TripEvents.split(r.getString(1), r.getString(2), trip(r));
                        long pickup = java.time.Instant.parse(events.get(0).timestamp).toEpochMilli();
                        while (!waiting.isEmpty() && waiting.peek().epochMillis() < pickup) {
                            sink.accept(waiting.poll().event());
                        }
                        for (TripEvent e : events) {
                            waiting.add(new Timed(java.time.Instant.parse(e.timestamp).toEpochMilli(), sequence++, e));
                        }
                        trips++;
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
        while (!waiting.isEmpty()) {
            sink.accept(waiting.poll().event());
        }
        return trips;
    }

    /** Receives events one at a time (may throw: a send that failed, an interrupted replay). */
    @FunctionalInterface
    public interface EventSink {
        void accept(TripEvent event) throws Exception;
    }

    /** Curated rows, from the part files' footers (no row read). */
    public static long curatedRows(Path curated) throws IOException {
        long rows = 0;
        for (Path part : parts(curated)) {
            try (CuratedTripReader reader = CuratedTripReader.open(part)) {
                rows += reader.rowCount();
            }
        }
        return rows;
    }

    private static List<Path> parts(Path curated) throws IOException {
        if (Files.isDirectory(curated)) {
            try (Stream<Path> list = Files.list(curated)) {
                return list.filter(p -> p.getFileName().toString().matches("part-\\d+\\.parquet")).sorted().toList();
            }
        }
        return List.of(curated);
    }

    private static RawTrip trip(ResultSet r) throws SQLException {
        return new RawTrip(-1, integer(r, 3), r.getTimestamp(4).toLocalDateTime(),
                r.getTimestamp(5).toLocalDateTime(), integer(r, 6), real(r, 7), integer(r, 8), r.getString(9),
                integer(r, 10), integer(r, 11), integer(r, 12), real(r, 13), real(r, 14), real(r, 15),
                real(r, 16), real(r, 17), real(r, 18), real(r, 19), real(r, 20), real(r, 21), real(r, 22));
    }

    private interface Binder {
        void bind(PreparedStatement query) throws SQLException;
    }

    private static List<TripEvent> query(DataSource dataSource, String sql, Binder binder) throws SQLException {
        List<TripEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            query.setFetchSize(10_000);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    events.addAll(TripEvents.split(r.getString(1), r.getString(2), trip(r)));
                }
            }
        }
        return events;
    }

    /** Event-time order (a real feed interleaves trips); duplicates and a seeded shuffle on request. */
    public static List<TripEvent> arrange(List<TripEvent> events, boolean duplicate, Long shuffleSeed) {
        List<TripEvent> feed = byEventTime(events);
        if (duplicate) {
            List<TripEvent> twice = new ArrayList<>(feed.size() * 2);
            for (TripEvent e : feed) { // each right after itself: still in event-time order
                twice.add(e);
                twice.add(e);
            }
            feed = twice;
        }
        if (shuffleSeed != null) {
            java.util.Collections.shuffle(feed, new Random(shuffleSeed));
        }
        return feed;
    }

    /** Sorted by event time, each timestamp parsed once (not once per comparison: millions of events). */
    private static List<TripEvent> byEventTime(List<TripEvent> events) {
        record Timed(long epochMillis, TripEvent event) {
        }
        List<Timed> timed = new ArrayList<>(events.size());
        for (TripEvent e : events) {
            timed.add(new Timed(java.time.Instant.parse(e.timestamp).toEpochMilli(), e));
        }
        timed.sort(Comparator.comparingLong(Timed::epochMillis));
        List<TripEvent> sorted = new ArrayList<>(events.size());
        timed.forEach(t -> sorted.add(t.event()));
        return sorted;
    }

    private static Integer integer(ResultSet r, int column) throws SQLException {
        int value = r.getInt(column);
        return r.wasNull() ? null : value;
    }

    private static Double real(ResultSet r, int column) throws SQLException {
        double value = r.getDouble(column);
        return r.wasNull() ? null : value;
    }
}
