package org.chillflow.core.trip;

import java.util.List;
import java.util.stream.Collectors;

import org.chillflow.core.persistence.CompleteTripEntity;
import org.chillflow.core.persistence.Transactions;

/**
 * {@code stg.complete_trip} as both bulk writers fill it — the batch load (COPY into a staging table, then one upsert) and
 * the stream's assembler (one upsert per micro-batch, each column's values one array): its columns in one order, and
 * the one upsert by trip key, so a trip seen by both paths ends as one row and a row changes only when a value does.
 * The conflict target is the table's primary key, (trip_key, pickup_ts): the table is partitioned by pickup month
 * (V9), and the key hashes the pickup.
 */
public final class CompleteTripTable {

    /** Written after {@link #COLUMNS} by both paths, or by the database. */
    private static final java.util.Set<String> NOT_FILLED = java.util.Set.of("source", "last_update_ts", "created_at",
            "updated_at");

    /** The mapped fields of the columns a writer fills, in their declaration order. */
    private static final List<java.lang.reflect.Field> FILLED = java.util.Arrays.stream(CompleteTripEntity.class.getDeclaredFields())
            .filter(f -> f.getAnnotation(jakarta.persistence.Column.class) != null
                    && !NOT_FILLED.contains(f.getAnnotation(jakarta.persistence.Column.class).name())).toList();

    /**
     * The columns a writer fills, in this order (COPY lines, statement parameters); then source and last_update_ts.
     * Read from {@link CompleteTripEntity}'s mapped fields in their declaration order (the JVM keeps it; the load ITs
     * would refuse a line whose values landed in other columns), so the table's columns are written down once.
     */
    public static final List<String> COLUMNS = FILLED.stream()
            .map(f -> f.getAnnotation(jakarta.persistence.Column.class).name()).toList();

    public static final String COLUMN_LIST = String.join(", ", COLUMNS);

    /**
     * The PostgreSQL type of each of {@link #COLUMNS}, in the same order, read from the mapped fields' Java types: what a
     * writer that sends a column's values as one array names the array's element type.
     */
    public static final List<String> COLUMN_TYPES = FILLED.stream().map(f -> sqlType(f.getType())).toList();

    private CompleteTripTable() {
    }

    private static String sqlType(Class<?> type) {
        if (type == String.class) {
            return "varchar";
        } else if (type == int.class || type == Integer.class) {
            return "int4";
        } else if (type == java.time.LocalDateTime.class) {
            return "timestamp";
        } else if (type == double.class || type == Double.class) {
            return "float8";
        } else if (type == Character.class) {
            return "bpchar";
        } else if (type == java.math.BigDecimal.class) {
            return "numeric";
        }
        throw new IllegalStateException("no PostgreSQL type for a complete trip's " + type);
    }

    /** Rows written by one path: {@code batch} or {@code stream}. */
    public static long count(Transactions transactions, String source) {
        return transactions.inTransaction(em -> em.createQuery("select count(t) from CompleteTripEntity t"
                + " where t.source = :source", Long.class).setParameter("source", source).getSingleResult());
    }

    /**
     * The upsert of rows given as {@link #COLUMNS}, then the source ('batch' or 'stream') and the last update time.
     *
     * @param rows a {@code SELECT …} or {@code VALUES (…)} yielding those columns
     */
    public static String upsert(String rows) {
        return "INSERT INTO stg.complete_trip (" + COLUMN_LIST + ", source, last_update_ts) " + rows
                + " ON CONFLICT (trip_key, pickup_ts) DO UPDATE SET "
                + COLUMNS.stream().skip(1).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                + ", source = EXCLUDED.source, last_update_ts = EXCLUDED.last_update_ts, updated_at = CURRENT_TIMESTAMP"
                + " WHERE (" + COLUMNS.stream().skip(1).map(c -> "stg.complete_trip." + c).collect(Collectors.joining(", "))
                + ", stg.complete_trip.source) IS DISTINCT FROM ("
                + COLUMNS.stream().skip(1).map(c -> "EXCLUDED." + c).collect(Collectors.joining(", ")) + ", EXCLUDED.source)";
    }
}
