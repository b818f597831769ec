package org.chillflow.core.config;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Parsing of the values a caller names (query parameters, job parameters, command-line options): a value that does not parse or lies
 * outside its range is an {@link IllegalArgumentException} naming the parameter, which the API answers with 400.
 * Dates are bounded to years {@value #MIN_YEAR}..{@value #MAX_YEAR}: {@code +999999999-12} is a valid ISO month,
 * and would reach PostgreSQL as a date it cannot hold.
 */
public final class ParameterValues {

    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2200;

    private ParameterValues() {
    }

    public static LocalDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDateTime time;
        try {
            time = value.trim().length() == 10 ? LocalDate.parse(value.trim()).atStartOfDay()
                    : LocalDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, was '" + shown(value) + "'");
        }
        year(name, time.getYear());
        return time;
    }

    public static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be YYYY-MM-DD, was '" + shown(value) + "'");
        }
        year(name, date.getYear());
        return date;
    }

    public static YearMonth month(String name, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(name + " is required (YYYY-MM)");
            }
            return null;
        }
        if (!value.trim().matches("\\d{4}-\\d{2}")) {
            throw new IllegalArgumentException(name + " must be YYYY-MM, was '" + shown(value) + "'");
        }
        YearMonth month;
        try {
            month = YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be YYYY-MM, was '" + shown(value) + "'");
        }
        year(name, month.getYear());
        return month;
    }

    /** A whole number in [min, max]. */
    public static long integer(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + shown(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    private static void year(String name, int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException(name + " must lie in the years " + MIN_YEAR + ".." + MAX_YEAR + ", was " + year);
        }
    }

    /** The caller's value in a message: one line, bounded. */
    public static String shown(String value) {
        return org.chillflow.core.logging.SafeText.of(value, 100);
    }
}
