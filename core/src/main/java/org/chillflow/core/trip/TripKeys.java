package org.chillflow.core.trip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The original pipeline's trip key and hashed vehicle id (docs/GLOSSARY.md), same formula and text
 * format so its test vectors hold, with one deliberate change: {@code rowOffset} is the row's position in
 * the <b>raw source file</b>, carried through curation, not its position in the curated file. A trip then
 * keeps its key whatever the data-quality rules drop before it, and re-curating a month cannot leave
 * re-keyed duplicates behind.
 */
public final class TripKeys {

    /** Default simulated fleet size of the original pipeline (rows i, i+5000, ... share a vehicle). */
    public static final int DEFAULT_FLEET_SIZE = 5000;

    // Python's datetime.isoformat(): seconds always, microseconds only when not zero.
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private TripKeys() {
    }

    /** 64 lowercase hex chars: SHA-256 of {@code salt|vendor|pickup_iso|pu_zone|row_offset}. */
    public static String tripKey(String salt, int vendorId, LocalDateTime pickup, int puZoneId, long rowOffset) {
        return sha256Hex(salt + "|" + vendorId + "|" + isoformat(pickup) + "|" + puZoneId + "|" + rowOffset);
    }

    /** {@code veh_} + the first 12 hex chars of SHA-256 of {@code salt|vehicle|vendor|rowOffset mod fleet}. */
    public static String vehicleId(String salt, int vendorId, long rowOffset, int fleetSize) {
        if (fleetSize <= 0) {
            throw new IllegalArgumentException("fleet size must be positive, was " + fleetSize);
        }
        long vehicleIndex = Math.floorMod(rowOffset, (long) fleetSize);
        return "veh_" + sha256Hex(salt + "|vehicle|" + vendorId + "|" + vehicleIndex).substring(0, 12);
    }

    public static String isoformat(LocalDateTime time) {
        int year = time.getYear();
        if (year < 1000 || year > 9999) {
            String seconds = time.format(SECONDS);
            int micros = time.getNano() / 1_000;
            return micros == 0 ? seconds : seconds + String.format(".%06d", micros);
        }
        // by hand: DateTimeFormatter was the slowest part of keying a trip
        StringBuilder out = new StringBuilder(26);
        appendDateTime(out, time, 'T');
        return out.toString();
    }

    /**
     * {@code yyyy-MM-dd<sep>HH:mm:ss}, then {@code .ffffff} when the microseconds are not zero (Python's
     * isoformat, and a literal PostgreSQL reads as a timestamp). Four-digit years.
     */
    public static void appendDateTime(StringBuilder out, LocalDateTime time, char separator) {
        out.append(time.getYear()).append('-');
        two(out, time.getMonthValue());
        out.append('-');
        two(out, time.getDayOfMonth());
        out.append(separator);
        two(out, time.getHour());
        out.append(':');
        two(out, time.getMinute());
        out.append(':');
        two(out, time.getSecond());
        int micros = time.getNano() / 1_000;
        if (micros != 0) {
            out.append('.');
            String digits = Integer.toString(micros);
            for (int i = digits.length(); i < 6; i++) {
                out.append('0');
            }
            out.append(digits);
        }
    }

    private static void two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
