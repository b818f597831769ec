package org.chillflow.core.trip.source;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the column names of a TLC yellow-taxi file onto ChillFlow's fields, across the layouts found in
 * the wild: the TLC's own headers of 2019-2025 (with {@code Airport_fee} or {@code airport_fee}), the
 * snake_case renames (great_expectations samples) and the BigQuery public-dataset names. Names compare
 * case-insensitively. Columns missing from older years ({@code cbd_congestion_fee} before 2025,
 * {@code congestion_surcharge} before 2019) are simply absent; a file without one of the
 * {@linkplain TlcField#required() required} fields cannot be curated.
 */
public final class TlcColumns {

    /** The fields, their accepted column names, and whether a file must have them. */
    public enum TlcField {
        VENDOR_ID(true, "VendorID", "vendor_id"),
        PICKUP(true, "tpep_pickup_datetime", "pickup_datetime"),
        DROPOFF(true, "tpep_dropoff_datetime", "dropoff_datetime"),
        PASSENGER_COUNT(false, "passenger_count"),
        TRIP_DISTANCE(true, "trip_distance"),
        RATE_CODE(false, "RatecodeID", "rate_code_id", "rate_code"),
        STORE_AND_FWD_FLAG(false, "store_and_fwd_flag"),
        PU_ZONE_ID(true, "PULocationID", "pickup_location_id"),
        DO_ZONE_ID(true, "DOLocationID", "dropoff_location_id"),
        PAYMENT_TYPE(false, "payment_type"),
        FARE_AMOUNT(false, "fare_amount"),
        EXTRA(false, "extra"),
        MTA_TAX(false, "mta_tax"),
        TIP_AMOUNT(false, "tip_amount"),
        TOLLS_AMOUNT(false, "tolls_amount"),
        IMPROVEMENT_SURCHARGE(false, "improvement_surcharge", "imp_surcharge"),
        TOTAL_AMOUNT(true, "total_amount"),
        CONGESTION_SURCHARGE(false, "congestion_surcharge"),
        AIRPORT_FEE(false, "Airport_fee", "airport_fee"),
        CBD_CONGESTION_FEE(false, "cbd_congestion_fee");

        private final boolean required;
        private final List<String> names;

        TlcField(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        public boolean required() {
            return required;
        }

        /** The accepted column names; the first is the TLC's current spelling. */
        public List<String> names() {
            return names;
        }
    }

    private final EnumMap<TlcField, Integer> positions;
    private final List<String> ignored;

    private TlcColumns(EnumMap<TlcField, Integer> positions, List<String> ignored) {
        this.positions = positions;
        this.ignored = ignored;
    }

    /**
     * @param header the file's column names in order
     * @throws UnmappableColumnsException naming the required fields not found and the columns the file has
     */
    public static TlcColumns map(List<String> header) throws UnmappableColumnsException {
        Map<String, TlcField> byName = new LinkedHashMap<>();
        for (TlcField field : TlcField.values()) {
            field.names().forEach(name -> byName.put(name.toLowerCase(Locale.ROOT), field));
        }
        EnumMap<TlcField, Integer> positions = new EnumMap<>(TlcField.class);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).replace("\uFEFF", "").trim();
            TlcField field = byName.get(column.toLowerCase(Locale.ROOT));
            if (field == null || positions.containsKey(field)) {
                ignored.add(column);
            } else {
                positions.put(field, i);
            }
        }
        List<String> missing = new ArrayList<>();
        for (TlcField field : TlcField.values()) {
            if (field.required() && !positions.containsKey(field)) {
                missing.add(String.join("|", field.names()));
            }
        }
        if (!missing.isEmpty()) {
            throw new UnmappableColumnsException("not a TLC yellow-taxi layout: no column for " + missing
                    + "; the file has " + header);
        }
        return new TlcColumns(positions, List.copyOf(ignored));
    }

    /** The position of a field in the file, if the file has it. */
    public Optional<Integer> position(TlcField field) {
        return Optional.ofNullable(positions.get(field));
    }

    /** Columns the file has that no field uses (e.g. {@code test_bool}, {@code data_file_year}). */
    public List<String> ignored() {
        return ignored;
    }

    /** Thrown when a file's columns do not contain every required field. */
    public static class UnmappableColumnsException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnmappableColumnsException(String message) {
            super(message);
        }
    }
}
