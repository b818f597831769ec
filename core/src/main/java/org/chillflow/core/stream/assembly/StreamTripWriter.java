package org.chillflow.core.stream.assembly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.chillflow.core.jdbc.JdbcTransactions;
import org.chillflow.core.trip.CompleteTripTable;
import org.chillflow.core.trip.quality.DerivedFields;
import org.chillflow.core.trip.RawTrip;

/**
 * Writes a reassembled trip to {@code stg.complete_trip} ({@code source='stream'}): the same columns and the
 * same upsert as the batch load (a row changes only when a value does), so a trip seen by both paths ends as
 * one row. The table has no zone foreign keys (V3); this writer checks the zones against {@code dim.zone}
 * (cached, reloaded on a miss) and refuses the trip otherwise. A batch of trips is one transaction and one statement.
 */
public final class StreamTripWriter {

    static final List<String> COLUMNS = CompleteTripTable.COLUMNS;
    private static final List<String> COLUMN_TYPES = CompleteTripTable.COLUMN_TYPES;

    /**
     * One statement for a whole batch, each column's values one array: PostgreSQL plans and starts the insert once per
     * batch instead of once per trip (a JDBC batch of one-row upserts runs as many statements as trips).
     */
    private static final String UPSERT = CompleteTripTable.upsert("SELECT u.*, 'stream', CURRENT_TIMESTAMP FROM unnest("
            + CompleteTripTable.COLUMN_TYPES.stream().map(t -> "?::" + t + "[]").collect(java.util.stream.Collectors.joining(", "))
            + ") AS u");

    /** A reassembled trip, ready to write. */
    public record Completed(String tripKey, String vehicleIdH, RawTrip trip) {
    }

    private final DataSource dataSource;
    private volatile Set<Integer> zones = Set.of();

    public StreamTripWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Upserts the trips in one transaction (one statement) and returns the keys of those refused because
     * dim.zone does not hold their zones (they are not written). The trip keys must be distinct.
     */
    public Set<String> upsertAll(List<Completed> trips) throws SQLException {
        Set<String> unknownZones = new HashSet<>();
        List<Completed> known = new java.util.ArrayList<>(trips.size());
        for (Completed c : trips) {
            if (zonesKnown(c.trip().puZoneId(), c.trip().doZoneId())) {
                known.add(c);
            } else {
                unknownZones.add(c.tripKey());
            }
        }
        if (known.isEmpty()) {
            return unknownZones;
        }
        JdbcTransactions.inTransaction(dataSource, connection -> {
            Object[][] columns = columns(known);
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (int c = 0; c < columns.length; c++) {
                    upsert.setArray(c + 1, connection.createArrayOf(COLUMN_TYPES.get(c), columns[c]));
                }
                upsert.executeUpdate();
            }
            return null;
        });
        return unknownZones;
    }

    /**
     * The trips' values column by column (null for SQL NULL): the {@code int4} and {@code float8} columns as {@code
     * Integer[]} and {@code Double[]}, which the driver sends in PostgreSQL's binary array format (the same doubles,
     * neither side writing or parsing decimal text: that text was about 6 % of the server's samples in the
     * stream benchmark's profile, docs/performance-history.md), the others as text, which PostgreSQL reads in the
     * column's type: the amounts ({@code numeric}) as the batch load's COPY sends them, the times and the flag.
     */
    static Object[][] columns(List<Completed> trips) {
        Object[][] columns = new Object[COLUMNS.size()][];
        boolean[] asText = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = switch (COLUMN_TYPES.get(i)) {
                case "int4" -> new Integer[trips.size()];
                case "float8" -> new Double[trips.size()];
                default -> new String[trips.size()];
            };
            asText[i] = columns[i] instanceof String[];
        }
        for (int r = 0; r < trips.size(); r++) {
            Completed c = trips.get(r);
            RawTrip t = c.trip();
            DerivedFields d = DerivedFields.of(t);
            Object[] row = {c.tripKey(), t.vendorId(), t.pickup(), t.dropoff(), t.puZoneId(), t.doZoneId(), t.passengerCount(),
                t.tripDistance(), t.rateCode(), t.storeAndFwdFlag(), t.paymentType(), t.fareAmount(), t.extra(), t.mtaTax(),
                t.tipAmount(), t.tollsAmount(), t.improvementSurcharge(), t.totalAmount(), t.congestionSurcharge(),
                t.airportFee(), t.cbdCongestionFee(), d.distanceKm(), d.durationMin(), d.avgSpeedKmh(), c.vehicleIdH()};
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                columns[i][r] = value != null && asText[i] ? value.toString() : value;
            }
        }
        return columns;
    }

    private boolean zonesKnown(Integer pu, Integer dropoff) throws SQLException {
        if (pu != null && dropoff != null && zones.contains(pu) && zones.contains(dropoff)) {
            return true;
        }
        Set<Integer> loaded = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT zone_id FROM dim.zone");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                loaded.add(rows.getInt(1));
            }
        }
        zones = Set.copyOf(loaded);
        return pu != null && dropoff != null && zones.contains(pu) && zones.contains(dropoff);
    }
}
