package org.chillflow.core.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.chillflow.core.domain.Zone;
import org.chillflow.core.domain.ZoneId;

/**
 * The TLC {@code taxi_zone_lookup.csv} format: header {@code "LocationID","Borough","Zone","service_zone"},
 * one zone per line. Lines are parsed one at a time (not as one stream) so that a broken line, such as an
 * unbalanced quote, is rejected on its own instead of swallowing the rest of the file.
 */
public final class ZoneLookupCsv {

    /** Classpath location of the lookup bundled with the application (TLC edition, 265 zones). */
    public static final String BUNDLED_RESOURCE = "reference/taxi_zone_lookup.csv";

    public static final List<String> HEADER = List.of("LocationID", "Borough", "Zone", "service_zone");

    public static final String REASON_BLANK = "blank_line";
    public static final String REASON_MALFORMED = "malformed_csv";
    public static final String REASON_FIELD_COUNT = "wrong_field_count";
    public static final String REASON_BAD_ID = "invalid_location_id";
    public static final String REASON_TOO_LONG = "value_too_long";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setTrim(true).build();

    private ZoneLookupCsv() {
    }

    public static InputStream openBundled() {
        InputStream in = ZoneLookupCsv.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE);
        if (in == null) {
            throw new UncheckedIOException(new IOException("bundled zone lookup missing: " + BUNDLED_RESOURCE));
        }
        return in;
    }

    /** True for the header line (compared case-insensitively, quotes and a UTF-8 BOM ignored). */
    public static boolean isHeader(String line) {
        if (line == null) {
            return false;
        }
        String stripped = line.replace("\uFEFF", "").replace("\"", "").replace(" ", "").toLowerCase(Locale.ROOT);
        return stripped.equals(String.join(",", HEADER).toLowerCase(Locale.ROOT));
    }

    /**
     * Parses one data line. Empty quoted fields become empty strings, as in the original pipeline loader
     * ({@code dim.zone} columns are NOT NULL).
     *
     * @throws InvalidRecordException with a reason code when the line is not a valid zone
     */
    public static Zone parse(String line) throws InvalidRecordException {
        if (line == null || line.isBlank()) {
            throw new InvalidRecordException(REASON_BLANK, "blank line");
        }
        CSVRecord record;
        try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new InvalidRecordException(REASON_MALFORMED, "expected one CSV record, found " + records.size());
            }
            record = records.get(0);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new InvalidRecordException(REASON_MALFORMED, "not valid CSV: " + e.getMessage());
        }
        if (record.size() != HEADER.size()) {
            throw new InvalidRecordException(REASON_FIELD_COUNT,
                    "expected " + HEADER.size() + " fields " + HEADER + ", found " + record.size());
        }
        ZoneId id = parseId(record.get(0));
        String borough = bounded("Borough", record.get(1), Zone.BOROUGH_MAX);
        String zoneName = bounded("Zone", record.get(2), Zone.ZONE_NAME_MAX);
        String serviceZone = bounded("service_zone", record.get(3), Zone.SERVICE_ZONE_MAX);
        return new Zone(id, borough, zoneName, serviceZone);
    }

    private static ZoneId parseId(String text) throws InvalidRecordException {
        try {
            return ZoneId.of(Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(REASON_BAD_ID, "LocationID must be a positive integer, was '" + text + "'");
        }
    }

    private static String bounded(String column, String value, int max) throws InvalidRecordException {
        if (value.length() > max) {
            throw new InvalidRecordException(REASON_TOO_LONG,
                    column + " is " + value.length() + " characters, at most " + max + " allowed");
        }
        return value;
    }
}
