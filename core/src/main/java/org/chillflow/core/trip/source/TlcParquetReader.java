package org.chillflow.core.trip.source;

import org.chillflow.core.trip.TripKeys;
import org.chillflow.core.trip.ParquetReadBuffers;
import org.chillflow.core.trip.RawTrip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.chillflow.core.reference.InvalidRecordException;
import org.chillflow.core.trip.source.TlcColumns.TlcField;

/**
 * Reads a TLC yellow-taxi Parquet file with parquet-hadoop on a local file, without a Hadoop installation
 * ({@link LocalInputFile} and a plain Parquet configuration). Columns are mapped by name, so the drift
 * across years is absorbed: {@code Airport_fee}/{@code airport_fee}, {@code cbd_congestion_fee} absent
 * before 2025, passenger_count and RatecodeID as double or int64, timestamps as INT64 (milli/micro/nano)
 * or legacy INT96. Timestamps are taken as New York wall-clock values, as the TLC writes them.
 * <p>
 * TLC files are flat, so rows are read column by column ({@link ColumnReader}) straight into a
 * {@link RawTrip}, without parquet's generic record assembly: that assembly (a list per field per row)
 * was half of curation's time.
 */
public final class TlcParquetReader implements TlcSource {

    private final ParquetFileReader reader;
    private final MessageType schema;
    private final TlcColumns columns;
    private final int[] fieldIndex; // TlcField ordinal -> index in the Parquet schema, or -1
    private final String createdBy;
    private ColumnReader[] columnReaders;
    private long rowsLeftInGroup;
    private int nextGroup;
    private int endGroup;
    private long nextRow;

    private TlcParquetReader(ParquetFileReader reader, MessageType schema, TlcColumns columns) {
        this.reader = reader;
        this.schema = schema;
        this.columns = columns;
        this.fieldIndex = new int[TlcField.values().length];
        for (TlcField field : TlcField.values()) {
            fieldIndex[field.ordinal()] = columns.position(field).orElse(-1);
        }
        this.endGroup = reader.getRowGroups().size();
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        for (Type type : schema.getFields()) {
            if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
                throw new IllegalArgumentException("column " + type.getName() + " is not a flat value (" + type + ")");
            }
        }
    }

    /**
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is not a readable Parquet file (the message names the file)
     * @throws TlcColumns.UnmappableColumnsException when its columns are not a TLC layout
     */
    public static TlcParquetReader open(Path file) throws IOException, TlcColumns.UnmappableColumnsException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such Parquet file");
        }
        ParquetFileReader reader;
        try {
            // small read buffers: a TLC file's column chunks are megabytes (ParquetReadBuffers says why)
            reader = ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withMaxAllocationInBytes(ParquetReadBuffers.SMALL_BYTES).build());
        } catch (RuntimeException | IOException e) {
            // parquet's own message quotes the bytes it found where the footer should be: file content, which an
            // exit status shown to every viewer must not carry (the cause stays in the job log)
            throw new IOException(file.getFileName() + " is not a readable Parquet file (no valid footer: not Parquet,"
                    + " or truncated)", e);
        }
        try {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> names = new ArrayList<>();
            for (Type type : schema.getFields()) {
                names.add(type.getName());
            }
            return new TlcParquetReader(reader, schema, TlcColumns.map(names));
        } catch (TlcColumns.UnmappableColumnsException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public TlcColumns columns() {
        return columns;
    }

    /** Rows in the file, from the footer (known before reading: progress can be a percentage). */
    public long rowCount() {
        return reader.getRecordCount();
    }

    public int rowGroupCount() {
        return reader.getRowGroups().size();
    }

    /** Rows in each row group, in file order (from the footer). */
    public long[] rowGroupRowCounts() {
        return reader.getRowGroups().stream().mapToLong(group -> group.getRowCount()).toArray();
    }

    /**
     * Restricts this reader to row groups {@code [from, to)} before anything is read: the groups before
     * {@code from} are skipped without decoding, and row numbers stay positions in the whole file, so a
     * partition's rows keep their source offsets (and trip keys).
     */
    public TlcParquetReader rowGroups(int from, int to) throws IOException {
        int groups = rowGroupCount();
        if (from < 0 || to > groups || from > to) {
            throw new IllegalArgumentException("row groups [" + from + ", " + to + ") outside [0, " + groups + ")");
        }
        if (nextGroup != 0 || rowsLeftInGroup != 0) {
            throw new IllegalStateException("row groups are chosen before reading");
        }
        while (nextGroup < from) {
            nextRow += reader.getRowGroups().get(nextGroup).getRowCount();
            reader.skipNextRowGroup();
            nextGroup++;
        }
        endGroup = to;
        return this;
    }

    /** Rows this reader will return in all (its row groups). */
    public long rowsInRange() {
        long rows = 0;
        for (int g = nextGroup; g < endGroup; g++) {
            rows += reader.getRowGroups().get(g).getRowCount();
        }
        return rows;
    }

    @Override
    public TlcRow next() throws IOException {
        while (rowsLeftInGroup == 0) {
            if (nextGroup >= endGroup) {
                return null;
            }
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                return null;
            }
            nextGroup++;
            rowsLeftInGroup = pages.getRowCount();
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
                    new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
            List<ColumnDescriptor> descriptors = schema.getColumns();
            columnReaders = new ColumnReader[descriptors.size()];
            for (int i = 0; i < descriptors.size(); i++) {
                columnReaders[i] = store.getColumnReader(descriptors.get(i));
            }
        }
        rowsLeftInGroup--;
        Values values = readRow();
        long row = nextRow++;
        try {
            return new TlcRow(row, () -> text(values), trip(row, values), null);
        } catch (InvalidRecordException e) {
            return new TlcRow(row, () -> text(values), null, e);
        }
    }

    /** One row's values as read: primitive bits per column (no boxing), binaries, and which are present. */
    private static final class Values {
        final long[] bits;
        final Binary[] binaries;
        final boolean[] present;

        Values(int columns) {
            bits = new long[columns];
            binaries = new Binary[columns];
            present = new boolean[columns];
        }
    }

    private Values readRow() {
        Values values = new Values(columnReaders.length);
        for (int i = 0; i < columnReaders.length; i++) {
            ColumnReader column = columnReaders[i];
            ColumnDescriptor descriptor = column.getDescriptor();
            if (column.getCurrentDefinitionLevel() == descriptor.getMaxDefinitionLevel()) {
                values.present[i] = true;
                switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
                    case INT32 -> values.bits[i] = column.getInteger();
                    case INT64 -> values.bits[i] = column.getLong();
                    case DOUBLE -> values.bits[i] = Double.doubleToRawLongBits(column.getDouble());
                    case FLOAT -> values.bits[i] = Double.doubleToRawLongBits(column.getFloat());
                    case BOOLEAN -> values.bits[i] = column.getBoolean() ? 1 : 0;
                    default -> values.binaries[i] = column.getBinary().copy(); // BINARY, FIXED, INT96
                }
            }
            column.consume();
        }
        return values;
    }

    @Override
    public void skip(long rows) throws IOException {
        long remaining = rows;
        // whole row groups are skipped without decoding them
        while (remaining > 0 && rowsLeftInGroup == 0) {
            if (nextGroup >= endGroup) {
                return;
            }
            long groupRowsCount = reader.getRowGroups().get(nextGroup).getRowCount();
            if (groupRowsCount > remaining) {
                break;
            }
            reader.skipNextRowGroup();
            nextGroup++;
            nextRow += groupRowsCount;
            remaining -= groupRowsCount;
        }
        for (long i = 0; i < remaining && next() != null; i++) {
            // the rest of a partly processed row group is read and dropped
        }
    }

    private RawTrip trip(long row, Values v) throws InvalidRecordException {
        return new RawTrip(row,
                integer(v, TlcField.VENDOR_ID), timestamp(v, TlcField.PICKUP), timestamp(v, TlcField.DROPOFF),
                integer(v, TlcField.PASSENGER_COUNT), decimal(v, TlcField.TRIP_DISTANCE),
                integer(v, TlcField.RATE_CODE), string(v, TlcField.STORE_AND_FWD_FLAG),
                integer(v, TlcField.PU_ZONE_ID), integer(v, TlcField.DO_ZONE_ID), integer(v, TlcField.PAYMENT_TYPE),
                decimal(v, TlcField.FARE_AMOUNT), decimal(v, TlcField.EXTRA), decimal(v, TlcField.MTA_TAX),
                decimal(v, TlcField.TIP_AMOUNT), decimal(v, TlcField.TOLLS_AMOUNT),
                decimal(v, TlcField.IMPROVEMENT_SURCHARGE), decimal(v, TlcField.TOTAL_AMOUNT),
                decimal(v, TlcField.CONGESTION_SURCHARGE), decimal(v, TlcField.AIRPORT_FEE),
                decimal(v, TlcField.CBD_CONGESTION_FEE));
    }

    /** Index of the field's column in the schema, or -1 when the file lacks it or the row has no value. */
    private int present(Values v, TlcField field) {
        int index = fieldIndex[field.ordinal()];
        return index >= 0 && v.present[index] ? index : -1;
    }

    private PrimitiveType.PrimitiveTypeName typeOf(int i) {
        return schema.getType(i).asPrimitiveType().getPrimitiveTypeName();
    }

    private Integer integer(Values v, TlcField field) throws InvalidRecordException {
        int i = present(v, field);
        if (i < 0) {
            return null;
        }
        switch (typeOf(i)) {
            case INT32:
                return (int) v.bits[i];
            case INT64:
                try {
                    return Math.toIntExact(v.bits[i]);
                } catch (ArithmeticException e) {
                    throw new InvalidRecordException(TlcValues.REASON_UNPARSEABLE,
                            schema.getFieldName(i) + ": " + v.bits[i] + " is out of range");
                }
            case DOUBLE:
            case FLOAT: {
                double value = Double.longBitsToDouble(v.bits[i]);
                if (value != Math.rint(value) || Double.isInfinite(value)) {
                    throw new InvalidRecordException(TlcValues.REASON_UNPARSEABLE,
                            schema.getFieldName(i) + ": " + value + " is not a whole number");
                }
                return (int) value;
            }
            default:
                throw unsupported(schema.getType(i).asPrimitiveType());
        }
    }

    private Double decimal(Values v, TlcField field) throws InvalidRecordException {
        int i = present(v, field);
        if (i < 0) {
            return null;
        }
        return switch (typeOf(i)) {
            case DOUBLE, FLOAT -> Double.longBitsToDouble(v.bits[i]);
            case INT32, INT64 -> (double) v.bits[i];
            default -> throw unsupported(schema.getType(i).asPrimitiveType());
        };
    }

    private String string(Values v, TlcField field) {
        int i = present(v, field);
        if (i < 0) {
            return null;
        }
        return TlcValues.text(v.binaries[i] != null ? v.binaries[i].toStringUsingUTF8() : Long.toString(v.bits[i]));
    }

    private LocalDateTime timestamp(Values v, TlcField field) throws InvalidRecordException {
        int i = present(v, field);
        if (i < 0) {
            return null;
        }
        if (!isTimestamp(i)) {
            throw unsupported(schema.getType(i).asPrimitiveType());
        }
        return timestampAt(v, i);
    }

    private boolean isTimestamp(int i) {
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                        && type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
    }

    /** The wall-clock value of a timestamp column (INT64 with a timestamp annotation, or INT96). */
    private LocalDateTime timestampAt(Values v, int i) {
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        switch (type.getPrimitiveTypeName()) {
            case INT64: {
                long value = v.bits[i];
                TimeUnit unit = ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) type.getLogicalTypeAnnotation())
                        .getUnit();
                long perSecond = switch (unit) {
                    case MILLIS -> 1_000L;
                    case MICROS -> 1_000_000L;
                    case NANOS -> 1_000_000_000L;
                };
                long nanosPerUnit = 1_000_000_000L / perSecond;
                // ofEpochSecond with a fixed offset: no ZoneRules per value (ofInstant made one per call)
                return LocalDateTime.ofEpochSecond(Math.floorDiv(value, perSecond),
                        (int) (Math.floorMod(value, perSecond) * nanosPerUnit), ZoneOffset.UTC);
            }
            case INT96: {
                // legacy Impala/Spark layout: 8 bytes nanos of day, 4 bytes Julian day, little-endian
                ByteBuffer bytes = v.binaries[i].toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanosOfDay = bytes.getLong();
                int julianDay = bytes.getInt();
                long epochDay = julianDay - 2_440_588L;
                return LocalDateTime.ofEpochSecond(epochDay * 86_400L, 0, ZoneOffset.UTC).plusNanos(nanosOfDay);
            }
            default:
                throw new IllegalStateException("not a timestamp column: " + type);
        }
    }

    private static InvalidRecordException unsupported(PrimitiveType type) {
        return new InvalidRecordException(TlcValues.REASON_UNPARSEABLE,
                type.getName() + ": unsupported Parquet type " + type);
    }

    /** name=value pairs of the row, in file order, for the rejects file. */
    private String text(Values v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(schema.getFieldName(i)).append('=');
            if (!v.present[i]) {
                continue;
            }
            if (isTimestamp(i)) {
                out.append(TripKeys.isoformat(timestampAt(v, i)));
                continue;
            }
            switch (typeOf(i)) {
                case DOUBLE, FLOAT -> out.append(Double.longBitsToDouble(v.bits[i]));
                case BOOLEAN -> out.append(v.bits[i] != 0);
                case INT32, INT64 -> out.append(v.bits[i]);
                default -> out.append(v.binaries[i].toStringUsingUTF8());
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
