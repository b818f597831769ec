package org.chillflow.core.trip;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/** What a Parquet file's footer says without reading its rows. */
public final class ParquetFooters {

    private ParquetFooters() {
    }

    /**
     * The file's row count, from its footer.
     *
     * @throws IOException when the file is not a readable Parquet file (no footer, wrong magic, cut short)
     */
    public static long rowCount(Path file) throws IOException {
        try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return footer.getRecordCount();
        } catch (RuntimeException e) {
            throw new IOException(file.getFileName() + ": not a readable Parquet file", e);
        }
    }
}
