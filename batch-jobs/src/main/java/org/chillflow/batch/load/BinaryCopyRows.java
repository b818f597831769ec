package org.chillflow.batch.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN WITH (FORMAT binary)}): a header, per row the
 * field count and each field as its length and its bytes in the type's binary form, and a trailer.
 *
 * <p>Why binary: the text form made the load write every double in its shortest decimal form and every timestamp and
 * amount in digits, and PostgreSQL parse them all back; in a profile of a JBeret SE load of 2,939,953 trips those text
 * conversions were about a third of the writer's samples. Binary values are written as they are held: a double's
 * IEEE bits (so a reload compares equal exactly), a timestamp's microseconds, an amount's base-10000 digits.
 *
 * <p>Only the types of {@code stg.complete_trip}: text ({@code varchar}, {@code char}), {@code integer},
 * {@code double precision}, {@code timestamp} (integer datetimes: microseconds since 2000-01-01) and {@code numeric}.
 * A numeric column's typmod applies on the way in as it does for text: PostgreSQL rounds an amount to the column's
 * scale and refuses one too large for its precision.
 */
public final class BinaryCopyRows {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, // flags: no OIDs
        0, 0, 0, 0}; // no header extension

    /** 2000-01-01T00:00:00, PostgreSQL's epoch, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;

    private byte[] buffer;
    private int size;
    private int rows;
    private boolean finished;

    /** Empty rows; the buffer grows to a chunk's size once, and {@link #clear()} keeps it. */
    public BinaryCopyRows() {
        buffer = new byte[64 * 1024];
        put(HEADER);
    }

    /**
     * Empties the rows for the next chunk, keeping the buffer: a chunk's rows take megabytes, and a new buffer per chunk
     * was a humongous allocation for G1 (an object of half a region or more) that set off a collection each time.
     */
    public BinaryCopyRows clear() {
        size = 0;
        rows = 0;
        finished = false;
        put(HEADER);
        return this;
    }

    /** Rows written so far. */
    public int rows() {
        return rows;
    }

    /** Starts a row of {@code fields} fields; each is then written with one of the field methods, in column order. */
    public BinaryCopyRows row(int fields) {
        if (finished) {
            throw new IllegalStateException("the rows are finished: no row can be added");
        }
        rows++;
        return int16(fields);
    }

    public BinaryCopyRows nullValue() {
        return int32(-1);
    }

    /** A text, varchar or char field (UTF-8, the database's encoding). */
    public BinaryCopyRows text(String value) {
        if (value == null) {
            return nullValue();
        }
        int length = value.length();
        ensure(4 + length);
        int at = size + 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                // not ASCII (never a key or a hash): the general encoding
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                int32(bytes.length);
                put(bytes);
                return this;
            }
            buffer[at + i] = (byte) c;
        }
        // ASCII, the keys and hashes: one byte per char, written in place
        int32(length);
        size += length;
        return this;
    }

    public BinaryCopyRows int4(Integer value) {
        if (value == null) {
            return nullValue();
        }
        return int4(value.intValue());
    }

    public BinaryCopyRows int4(int value) {
        int32(4);
        return int32(value);
    }

    public BinaryCopyRows float8(Double value) {
        if (value == null) {
            return nullValue();
        }
        int32(8);
        return int64(Double.doubleToRawLongBits(value));
    }

    /** A {@code timestamp} (without time zone): microseconds since 2000-01-01T00:00, nanoseconds below them dropped. */
    public BinaryCopyRows timestamp(LocalDateTime value) {
        if (value == null) {
            return nullValue();
        }
        long seconds = value.toEpochSecond(ZoneOffset.UTC) - POSTGRES_EPOCH_SECONDS;
        int32(8);
        return int64(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1_000));
    }

    /**
     * A {@code numeric} field with the exact decimal value of {@code value}'s shortest text ({@link Double#toString},
     * what a text COPY sent): a TLC amount in whole cents takes a path without that text, the slowest step of the text
     * form. PostgreSQL rounds the value to the column's scale, as it rounds the same text.
     */
    public BinaryCopyRows numeric(Double value) {
        if (value == null) {
            return nullValue();
        }
        double v = value;
        long cents = Math.round(v * 100.0);
        if (Math.abs(cents) < 1_000_000_000_000L && cents / 100.0 == v) {
            return numericCents(cents);
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("an amount must be a finite number, was " + v);
        }
        return numeric(new BigDecimal(Double.toString(v)));
    }

    /**
     * A {@code numeric} field of {@code cents / 100} at scale 2: its base-10000 digits by arithmetic, the common case,
     * without the decimal text of {@link #numeric(BigDecimal)}.
     */
    private BinaryCopyRows numericCents(long cents) {
        long abs = Math.abs(cents);
        if (abs >= 1_000_000L) {
            // 10,000.00 or more: rare in a trip, the general path
            return numeric(BigDecimal.valueOf(cents, 2));
        }
        // at most one base-10000 digit before the point (the whole amount) and one after it (the cents, times 100)
        int whole = (int) (abs / 100);
        int hundredths = (int) (abs % 100) * 100;
        int count = (whole != 0 ? 1 : 0) + (hundredths != 0 ? 1 : 0);
        int32(8 + 2 * count);
        int16(count);
        int16(whole != 0 || count == 0 ? 0 : -1);
        int16(count == 0 || cents > 0 ? NUMERIC_POSITIVE : NUMERIC_NEGATIVE);
        int16(2);
        if (whole != 0) {
            int16(whole);
        }
        if (hundredths != 0) {
            int16(hundredths);
        }
        return this;
    }

    /** A {@code numeric} field of the exact value of {@code value}. */
    private BinaryCopyRows numeric(BigDecimal value) {
        BigDecimal exact = value.scale() < 0 ? value.setScale(0) : value;
        return numericDigits(exact.unscaledValue().abs().toString(), exact.scale(), exact.signum() < 0);
    }

    /**
     * {@code digits} is the value's decimal digits without sign or point, of which the last {@code scale} are after
     * the point: grouped into base-10000 digits, the point on a group boundary.
     */
    private BinaryCopyRows numericDigits(String digits, int scale, boolean negative) {
        // decimal digits after the point padded to whole base-10000 digits
        int pad = (4 - scale % 4) % 4;
        int length = digits.length() + pad;
        int[] groups = new int[(length + 3) / 4];
        // the decimal digits, right-aligned to a multiple of four after padding on the right
        int lead = groups.length * 4 - length;
        for (int g = 0; g < groups.length; g++) {
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int position = g * 4 + k - lead;
                int digit = position >= 0 && position < digits.length() ? digits.charAt(position) - '0' : 0;
                v = v * 10 + digit;
            }
            groups[g] = v;
        }
        return numericGroups(groups, (scale + pad) / 4, scale, negative);
    }

    /**
     * The binary numeric: digit count, weight (of the first base-10000 digit), sign, display scale, then the digits.
     * {@code groups} are the value's base-10000 digits, of which the last {@code fractionGroups} are after the point.
     */
    private BinaryCopyRows numericGroups(int[] groups, int fractionGroups, int scale, boolean negative) {
        // leading and trailing zero digits carry nothing: PostgreSQL keeps none
        int first = 0;
        while (first < groups.length && groups[first] == 0) {
            first++;
        }
        int last = groups.length - 1;
        while (last >= first && groups[last] == 0) {
            last--;
        }
        int count = last - first + 1;
        int weight = count == 0 ? 0 : groups.length - fractionGroups - 1 - first;
        int32(8 + 2 * count);
        int16(count);
        int16(weight);
        int16(count == 0 || !negative ? NUMERIC_POSITIVE : NUMERIC_NEGATIVE);
        int16(scale);
        for (int g = first; g <= last; g++) {
            int16(groups[g]);
        }
        return this;
    }

    /**
     * The rows with the trailer, ready for {@code copyIn}: a new stream over the same bytes each time (a COPY rolled
     * back to its savepoint is sent again). No row can be added after.
     */
    public InputStream finish() {
        if (!finished) {
            int16(-1);
            finished = true;
        }
        return new ByteArrayInputStream(buffer, 0, size);
    }

    /** The bytes so far (tests). */
    byte[] bytes() {
        return Arrays.copyOf(buffer, size);
    }

    private BinaryCopyRows int16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    private BinaryCopyRows int32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    private BinaryCopyRows int64(long value) {
        int32((int) (value >>> 32));
        return int32((int) value);
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
