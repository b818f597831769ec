package org.chillflow.core.stream.assembly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * (cached, reloaded on a miss) and refuses the trip otherwise. A batch of trips is one transaction.
 */
public final class StreamTripWriter {

    static final List<String> COLUMNS = CompleteTripTable.COLUMNS;

    private static final String UPSERT = CompleteTripTable.upsert("VALUES (" + "?, ".repeat(COLUMNS.size())
            + "'stream', CURRENT_TIMESTAMP)");

    /** A reassembled trip, ready to write. */
    public record Completed(String tripKey, String vehicleIdH, RawTrip trip) {
    }

    private final DataSource dataSource;
    private volatile Set<Integer> zones = Set.of();

    public StreamTripWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Upserts the trips in one transaction (one JDBC batch) and returns the keys of those refused because
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
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (Completed c : known) {
                    bind(upsert, c.tripKey(), c.vehicleIdH(), c.trip());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
        return unknownZones;
    }

    private static void bind(PreparedStatement upsert, String tripKey, String vehicleIdH, RawTrip t) throws SQLException {
        DerivedFields d = DerivedFields.of(t);
        int i = 1;
        upsert.setString(i++, tripKey);
        upsert.setObject(i++, t.vendorId(), Types.INTEGER);
        upsert.setObject(i++, t.pickup());
        upsert.setObject(i++, t.dropoff());
        upsert.setObject(i++, t.puZoneId(), Types.INTEGER);
        upsert.setObject(i++, t.doZoneId(), Types.INTEGER);
        upsert.setObject(i++, t.passengerCount(), Types.INTEGER);
        upsert.setObject(i++, t.tripDistance(), Types.DOUBLE);
        upsert.setObject(i++, t.rateCode(), Types.INTEGER);
        upsert.setString(i++, t.storeAndFwdFlag());
        upsert.setObject(i++, t.paymentType(), Types.INTEGER);
        for (Double amount : new Double[] {t.fareAmount(), t.extra(), t.mtaTax(), t.tipAmount(), t.tollsAmount(),
            t.improvementSurcharge(), t.totalAmount(), t.congestionSurcharge(), t.airportFee(), t.cbdCongestionFee()}) {
            // the decimal text of the double, as the batch load's COPY sends it; the column rounds
            upsert.setObject(i++, amount == null ? null : new java.math.BigDecimal(amount.toString()), Types.NUMERIC);
        }
        upsert.setObject(i++, d.distanceKm(), Types.DOUBLE);
        upsert.setObject(i++, d.durationMin(), Types.DOUBLE);
        upsert.setObject(i++, d.avgSpeedKmh(), Types.DOUBLE);
        upsert.setString(i, vehicleIdH);
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
