package org.chillflow.core.trip.source;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import org.chillflow.core.reference.InvalidRecordException;

/**
 * Text values of TLC CSV files as they really come: integers written as floats ({@code 1.0}), decimals
 * with nine places or in exponent form ({@code 0E-9}), timestamps with a space or a {@code T}, with or
 * without fractions, and from BigQuery exports with a {@code +00:00} suffix. TLC times are New York wall
 * clock; a zone suffix is a label added by an export, so it is dropped and the wall-clock value kept.
 * An empty field is null.
 */
public final class TlcValues {

    public static final String REASON_UNPARSEABLE = "unparseable_value";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private TlcValues() {
    }

    public static Integer integer(String column, String text) throws InvalidRecordException {
        if (blank(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.trim()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(column, text, "a whole number");
        }
    }

    public static Double decimal(String column, String text) throws InvalidRecordException {
        if (blank(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw invalid(column, text, "a number");
        }
    }

    public static LocalDateTime timestamp(String column, String text) throws InvalidRecordException {
        if (blank(text)) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw invalid(column, text, "a timestamp like 2025-02-01 00:00:22");
        }
    }

    public static String text(String value) {
        return blank(value) ? null : value.trim();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static InvalidRecordException invalid(String column, String text, String expected) {
        return new InvalidRecordException(REASON_UNPARSEABLE, column + ": '" + text + "' is not " + expected);
    }
}
