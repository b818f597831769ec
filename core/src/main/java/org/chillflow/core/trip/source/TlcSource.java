package org.chillflow.core.trip.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** A TLC yellow-taxi file read row by row, Parquet or CSV alike. */
public interface TlcSource extends Closeable {

    TlcColumns columns();

    /** The next row, or null at the end. */
    TlcRow next() throws IOException;

    /** Skips rows already processed (restart from a checkpoint). */
    default void skip(long rows) throws IOException {
        for (long i = 0; i < rows && next() != null; i++) {
            // sequential formats: reading is the way forward
        }
    }

    /** Opens a {@code .parquet} file with {@link TlcParquetReader}, anything else as CSV. */
    static TlcSource open(Path file) throws IOException, TlcColumns.UnmappableColumnsException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
                ? TlcParquetReader.open(file) : TlcCsvReader.open(file);
    }
}
