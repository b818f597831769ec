package org.chillflow.core.trip.curated;

import org.chillflow.core.trip.ParquetReadBuffers;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DerivedFields;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a curated part ({@link CuratedTripFiles#CURATED_SCHEMA}) column by column into {@link CuratedTrip}s,
 * without parquet's generic record assembly (the load's reader was spending its time building records).
 */
public final class CuratedTripReader implements Closeable {

    private final ParquetFileReader reader;
    private final MessageType schema;
    private final String createdBy;
    private ColumnReader[] columns;
    private long rowsLeftInGroup;

    private CuratedTripReader(ParquetFileReader reader) {
        this.reader = reader;
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    }

    /** @throws IOException when the file is not a curated part written by this version */
    public static CuratedTripReader open(Path file) throws IOException {
        return open(file, ParquetReadBuffers.PARQUET_DEFAULT_BYTES);
    }

    /**
     * Reads a row group's column chunks into buffers of at most {@code readBufferBytes} each: the batch load passes
     * {@link ParquetReadBuffers#SMALL_BYTES} (that class says why).
     *
     * @throws IOException when the file is not a curated part written by this version
     */
    public static CuratedTripReader open(Path file, int readBufferBytes) throws IOException {
        ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).withMaxAllocationInBytes(readBufferBytes).build());
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        if (!CuratedTripFiles.isCuratedLayout(schema)) {
            reader.close();
            throw new IOException(file + " is not a curated part of this version (schema " + schema + ")");
        }
        return new CuratedTripReader(reader);
    }

    public long rowCount() {
        return reader.getRecordCount();
    }

    /** The next trip, or null at the end of the file. */
    public CuratedTrip next() throws IOException {
        while (rowsLeftInGroup == 0) {
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                return null;
            }
            rowsLeftInGroup = pages.getRowCount();
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
                    new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
            List<ColumnDescriptor> descriptors = schema.getColumns();
            columns = new ColumnReader[descriptors.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = store.getColumnReader(descriptors.get(i));
            }
        }
        rowsLeftInGroup--;
        // column order = CURATED_SCHEMA order (checked at open)
        long sourceRow = longAt(0);
        Integer vendor = intAt(1);
        LocalDateTime pickup = timestampAt(2);
        LocalDateTime dropoff = timestampAt(3);
        Integer passengers = intAt(4);
        Double distance = doubleAt(5);
        Integer rateCode = intAt(6);
        String flag = stringAt(7);
        Integer pu = intAt(8);
        Integer dropoffZone = intAt(9);
        Integer payment = intAt(10);
        RawTrip trip = new RawTrip(sourceRow, vendor, pickup, dropoff, passengers, distance, rateCode, flag, pu,
                dropoffZone, payment, doubleAt(11), doubleAt(12), doubleAt(13), doubleAt(14), doubleAt(15),
                doubleAt(16), doubleAt(17), doubleAt(18), doubleAt(19), doubleAt(20));
        DerivedFields derived = new DerivedFields(doubleAt(21), doubleAt(22), doubleAt(23));
        return new CuratedTrip(trip, derived, stringAt(24));
    }

    private boolean present(ColumnReader column) {
        return column.getCurrentDefinitionLevel() == column.getDescriptor().getMaxDefinitionLevel();
    }

    private long longAt(int i) {
        long value = columns[i].getLong();
        columns[i].consume();
        return value;
    }

    private LocalDateTime timestampAt(int i) {
        long micros = longAt(i);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    private Integer intAt(int i) {
        ColumnReader column = columns[i];
        Integer value = present(column) ? column.getInteger() : null;
        column.consume();
        return value;
    }

    private Double doubleAt(int i) {
        ColumnReader column = columns[i];
        Double value = present(column) ? column.getDouble() : null;
        column.consume();
        return value;
    }

    private String stringAt(int i) {
        ColumnReader column = columns[i];
        String value = present(column) ? column.getBinary().toStringUsingUTF8() : null;
        column.consume();
        return value;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
