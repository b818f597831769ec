package org.chillflow.core.trip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.chillflow.core.reference.InvalidRecordException;
import org.chillflow.core.trip.TlcColumns.TlcField;

/**
 * Reads a TLC yellow-taxi Parquet file with parquet-hadoop on a local file, without a Hadoop installation
 * ({@link LocalInputFile} and a plain Parquet configuration). Columns are mapped by name, so the drift
 * across years is absorbed: {@code Airport_fee}/{@code airport_fee}, {@code cbd_congestion_fee} absent
 * before 2025, passenger_count and RatecodeID as double or int64, timestamps as INT64 (milli/micro/nano)
 * or legacy INT96. Timestamps are taken as New York wall-clock values, as the TLC writes them.
 */
public final class TlcParquetReader implements TlcSource {

    private final ParquetFileReader reader;
    private final MessageType schema;
    private final TlcColumns columns;
    private final int[] fieldIndex; // TlcField ordinal -> index in the Parquet schema, or -1
    private RecordReader<Group> groupRows;
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
            reader = ParquetFileReader.open(new LocalInputFile(file),
                    ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
        } catch (RuntimeException | IOException e) {
            throw new IOException(file + " is not a readable Parquet file: " + e.getMessage(), e);
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
            groupRows = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
        }
        rowsLeftInGroup--;
        Group group = groupRows.read();
        long row = nextRow++;
        try {
            return new TlcRow(row, () -> text(group), trip(row, group), null);
        } catch (InvalidRecordException e) {
            return new TlcRow(row, () -> text(group), null, e);
        }
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

    private RawTrip trip(long row, Group g) throws InvalidRecordException {
        return new RawTrip(row,
                integer(g, TlcField.VENDOR_ID), timestamp(g, TlcField.PICKUP), timestamp(g, TlcField.DROPOFF),
                integer(g, TlcField.PASSENGER_COUNT), decimal(g, TlcField.TRIP_DISTANCE),
                integer(g, TlcField.RATE_CODE), string(g, TlcField.STORE_AND_FWD_FLAG),
                integer(g, TlcField.PU_ZONE_ID), integer(g, TlcField.DO_ZONE_ID), integer(g, TlcField.PAYMENT_TYPE),
                decimal(g, TlcField.FARE_AMOUNT), decimal(g, TlcField.EXTRA), decimal(g, TlcField.MTA_TAX),
                decimal(g, TlcField.TIP_AMOUNT), decimal(g, TlcField.TOLLS_AMOUNT),
                decimal(g, TlcField.IMPROVEMENT_SURCHARGE), decimal(g, TlcField.TOTAL_AMOUNT),
                decimal(g, TlcField.CONGESTION_SURCHARGE), decimal(g, TlcField.AIRPORT_FEE),
                decimal(g, TlcField.CBD_CONGESTION_FEE));
    }

    /** Index of the field's column in the schema, or -1 when the file lacks it or the row has no value. */
    private int present(Group g, TlcField field) {
        int index = fieldIndex[field.ordinal()];
        return index >= 0 && g.getFieldRepetitionCount(index) > 0 ? index : -1;
    }

    private Integer integer(Group g, TlcField field) throws InvalidRecordException {
        int i = present(g, field);
        if (i < 0) {
            return null;
        }
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        switch (type.getPrimitiveTypeName()) {
            case INT32:
                return g.getInteger(i, 0);
            case INT64:
                return Math.toIntExact(g.getLong(i, 0));
            case DOUBLE:
            case FLOAT: {
                double value = type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE
                        ? g.getDouble(i, 0) : g.getFloat(i, 0);
                if (value != Math.rint(value) || Double.isInfinite(value)) {
                    throw new InvalidRecordException(TlcValues.REASON_UNPARSEABLE,
                            type.getName() + ": " + value + " is not a whole number");
                }
                return (int) value;
            }
            default:
                throw unsupported(type);
        }
    }

    private Double decimal(Group g, TlcField field) throws InvalidRecordException {
        int i = present(g, field);
        if (i < 0) {
            return null;
        }
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        return switch (type.getPrimitiveTypeName()) {
            case DOUBLE -> g.getDouble(i, 0);
            case FLOAT -> (double) g.getFloat(i, 0);
            case INT32 -> (double) g.getInteger(i, 0);
            case INT64 -> (double) g.getLong(i, 0);
            default -> throw unsupported(type);
        };
    }

    private String string(Group g, TlcField field) {
        int i = present(g, field);
        return i < 0 ? null : TlcValues.text(g.getString(i, 0));
    }

    private LocalDateTime timestamp(Group g, TlcField field) throws InvalidRecordException {
        int i = present(g, field);
        if (i < 0) {
            return null;
        }
        if (!isTimestamp(i)) {
            throw unsupported(schema.getType(i).asPrimitiveType());
        }
        return timestampAt(g, i);
    }

    private boolean isTimestamp(int i) {
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                        && type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
    }

    /** The wall-clock value of a timestamp column (INT64 with a timestamp annotation, or INT96). */
    private LocalDateTime timestampAt(Group g, int i) {
        PrimitiveType type = schema.getType(i).asPrimitiveType();
        switch (type.getPrimitiveTypeName()) {
            case INT64: {
                long value = g.getLong(i, 0);
                TimeUnit unit = ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) type.getLogicalTypeAnnotation())
                        .getUnit();
                Instant instant = switch (unit) {
                    case MILLIS -> Instant.ofEpochMilli(value);
                    case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                            Math.floorMod(value, 1_000_000L) * 1_000L);
                    case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                            Math.floorMod(value, 1_000_000_000L));
                };
                return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            case INT96: {
                // legacy Impala/Spark layout: 8 bytes nanos of day, 4 bytes Julian day, little-endian
                ByteBuffer bytes = g.getInt96(i, 0).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
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
    private String text(Group g) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(schema.getFieldName(i)).append('=');
            if (g.getFieldRepetitionCount(i) > 0) {
                out.append(isTimestamp(i) ? TripKeys.isoformat(timestampAt(g, i)) : g.getValueToString(i, 0));
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
