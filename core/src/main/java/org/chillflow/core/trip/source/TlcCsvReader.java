package org.chillflow.core.trip.source;

import org.chillflow.core.trip.RawTrip;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.chillflow.core.reference.InvalidRecordException;
import org.chillflow.core.trip.source.TlcColumns.TlcField;

/**
 * Reads a TLC yellow-taxi CSV file (any layout {@link TlcColumns} knows) row by row. A row whose values
 * cannot be parsed comes back with its error instead of a trip, so the caller can reject it with its
 * reason and go on; only an unreadable file (broken quoting) stops the reading.
 */
public final class TlcCsvReader implements TlcSource {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final TlcColumns columns;
    private long nextRow;

    private TlcCsvReader(Path file, CSVParser parser, Iterator<CSVRecord> records, TlcColumns columns) {
        this.file = file;
        this.parser = parser;
        this.records = records;
        this.columns = columns;
    }

    /**
     * @throws TlcColumns.UnmappableColumnsException when the header is not a TLC layout
     * @throws IOException when the file cannot be read or is empty
     */
    public static TlcCsvReader open(Path file) throws IOException, TlcColumns.UnmappableColumnsException {
        Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = null;
        try {
            parser = CSVParser.parse(reader, FORMAT);
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new IOException(file.getFileName() + " is empty: a TLC CSV file starts with its header line");
            }
            TlcColumns columns = TlcColumns.map(records.next().toList());
            return new TlcCsvReader(file, parser, records, columns);
        } catch (IOException | TlcColumns.UnmappableColumnsException | RuntimeException e) {
            if (parser != null) {
                parser.close();
            } else {
                reader.close();
            }
            throw e;
        }
    }

    @Override
    public TlcColumns columns() {
        return columns;
    }

    @Override
    public TlcRow next() throws IOException {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new IOException(file.getFileName() + ": unreadable after data row " + nextRow + " (not CSV text?)", e);
        }
        long row = nextRow++;
        List<String> values = record.toList();
        String raw = String.join(",", values);
        try {
            return new TlcRow(row, raw, trip(row, values), null);
        } catch (InvalidRecordException e) {
            return new TlcRow(row, raw, null, e);
        }
    }

    private RawTrip trip(long row, List<String> v) throws InvalidRecordException {
        return new RawTrip(row,
                TlcValues.integer("VendorID", value(v, TlcField.VENDOR_ID)),
                TlcValues.timestamp("tpep_pickup_datetime", value(v, TlcField.PICKUP)),
                TlcValues.timestamp("tpep_dropoff_datetime", value(v, TlcField.DROPOFF)),
                TlcValues.integer("passenger_count", value(v, TlcField.PASSENGER_COUNT)),
                TlcValues.decimal("trip_distance", value(v, TlcField.TRIP_DISTANCE)),
                TlcValues.integer("RatecodeID", value(v, TlcField.RATE_CODE)),
                TlcValues.text(value(v, TlcField.STORE_AND_FWD_FLAG)),
                TlcValues.integer("PULocationID", value(v, TlcField.PU_ZONE_ID)),
                TlcValues.integer("DOLocationID", value(v, TlcField.DO_ZONE_ID)),
                TlcValues.integer("payment_type", value(v, TlcField.PAYMENT_TYPE)),
                TlcValues.decimal("fare_amount", value(v, TlcField.FARE_AMOUNT)),
                TlcValues.decimal("extra", value(v, TlcField.EXTRA)),
                TlcValues.decimal("mta_tax", value(v, TlcField.MTA_TAX)),
                TlcValues.decimal("tip_amount", value(v, TlcField.TIP_AMOUNT)),
                TlcValues.decimal("tolls_amount", value(v, TlcField.TOLLS_AMOUNT)),
                TlcValues.decimal("improvement_surcharge", value(v, TlcField.IMPROVEMENT_SURCHARGE)),
                TlcValues.decimal("total_amount", value(v, TlcField.TOTAL_AMOUNT)),
                TlcValues.decimal("congestion_surcharge", value(v, TlcField.CONGESTION_SURCHARGE)),
                TlcValues.decimal("Airport_fee", value(v, TlcField.AIRPORT_FEE)),
                TlcValues.decimal("cbd_congestion_fee", value(v, TlcField.CBD_CONGESTION_FEE)));
    }

    private String value(List<String> values, TlcField field) throws InvalidRecordException {
        Integer position = columns.position(field).orElse(null);
        if (position == null) {
            return null;
        }
        if (position >= values.size()) {
            throw new InvalidRecordException("wrong_field_count", "row has " + values.size()
                    + " fields, the header names " + field.names().get(0) + " at position " + (position + 1));
        }
        return values.get(position);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
