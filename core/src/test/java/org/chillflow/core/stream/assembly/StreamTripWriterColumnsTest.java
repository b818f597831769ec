package org.chillflow.core.stream.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;

import org.chillflow.core.trip.CompleteTripTable;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DerivedFields;
import org.junit.jupiter.api.Test;

/** The stream's one-statement upsert sends each column's values as an array of the column's own type. */
class StreamTripWriterColumnsTest {

    @Test
    void eachColumnHasItsTypeAndEachTripItsValuesInColumnOrder() {
        assertThat(CompleteTripTable.COLUMN_TYPES).hasSameSizeAs(CompleteTripTable.COLUMNS)
                .startsWith("varchar", "int4", "timestamp", "timestamp", "int4", "int4")
                .endsWith("float8", "float8", "float8", "varchar");
        assertThat(CompleteTripTable.COLUMN_TYPES.get(CompleteTripTable.COLUMNS.indexOf("store_and_fwd_flag"))).isEqualTo("bpchar");
        assertThat(CompleteTripTable.COLUMN_TYPES.get(CompleteTripTable.COLUMNS.indexOf("fare_amount"))).isEqualTo("numeric");

        RawTrip full = new RawTrip(1, 2, LocalDateTime.parse("2025-02-01T00:05"), LocalDateTime.parse("2025-02-01T00:17:30"),
                1, 2.5, 1, "N", 161, 236, 1, 13.5, 1.0, 0.5, 3.7, 0.0, 1.0, 22.2, 2.5, 0.0, 0.75);
        RawTrip sparse = new RawTrip(2, 1, LocalDateTime.parse("2025-02-01T01:00"), LocalDateTime.parse("2025-02-01T01:00:01"),
                null, null, null, null, 4, 4, null, 0.00001, null, null, null, null, null, null, null, null, null);
        Object[][] columns = StreamTripWriter.columns(List.of(new StreamTripWriter.Completed("k1", "v1", full),
                new StreamTripWriter.Completed("k2", "v2", sparse)));

        assertThat(columns).hasNumberOfRows(CompleteTripTable.COLUMNS.size());
        // the whole numbers and the doubles as numbers (sent in binary), the rest as text
        assertThat(columns[CompleteTripTable.COLUMNS.indexOf("pu_zone_id")]).isInstanceOf(Integer[].class);
        assertThat(columns[CompleteTripTable.COLUMNS.indexOf("distance_km")]).isInstanceOf(Double[].class);
        assertThat(columns[CompleteTripTable.COLUMNS.indexOf("fare_amount")]).isInstanceOf(String[].class);
        assertThat(columns[CompleteTripTable.COLUMNS.indexOf("pickup_ts")]).isInstanceOf(String[].class);
        assertThat(value(columns, "trip_key", 0)).isEqualTo("k1");
        assertThat(value(columns, "vehicle_id_h", 1)).isEqualTo("v2");
        assertThat(value(columns, "pickup_ts", 0)).isEqualTo("2025-02-01T00:05");
        assertThat(value(columns, "dropoff_ts", 0)).isEqualTo("2025-02-01T00:17:30");
        assertThat(value(columns, "pu_zone_id", 0)).isEqualTo("161");
        assertThat(value(columns, "do_zone_id", 0)).isEqualTo("236");
        assertThat(value(columns, "store_and_fwd_flag", 0)).isEqualTo("N");
        assertThat(value(columns, "fare_amount", 0)).isEqualTo("13.5");
        assertThat(value(columns, "cbd_congestion_fee", 0)).isEqualTo("0.75");
        assertThat(Double.parseDouble(value(columns, "distance_km", 0))).isEqualTo(2.5 * DerivedFields.KM_PER_MILE);
        assertThat(Double.parseDouble(value(columns, "duration_min", 0))).isEqualTo(12.5);
        // NULL stays NULL, and a number in exponent form is one PostgreSQL's numeric reads
        assertThat(value(columns, "passenger_count", 1)).isNull();
        assertThat(value(columns, "trip_distance", 1)).isNull();
        assertThat(value(columns, "distance_km", 1)).isNull();
        assertThat(value(columns, "fare_amount", 1)).isEqualTo("1.0E-5");
        assertThat(value(columns, "tip_amount", 1)).isNull();
    }

    /** A value as text (an int4 or float8 column's is a number: Integer[] and Double[] go to PostgreSQL in binary). */
    private static String value(Object[][] columns, String column, int trip) {
        Object value = columns[CompleteTripTable.COLUMNS.indexOf(column)][trip];
        return value == null ? null : value.toString();
    }
}
