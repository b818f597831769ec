package org.chillflow.batch.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** The binary COPY encodings, decoded here as PostgreSQL's receive functions read them. */
class BinaryCopyRowsTest {

    private static final int HEADER = 19;

    /** The one field written into a fresh buffer: its bytes after its length (null for SQL NULL). */
    private static ByteBuffer field(Consumer<BinaryCopyRows> write) {
        BinaryCopyRows rows = new BinaryCopyRows();
        write.accept(rows);
        byte[] bytes = rows.bytes();
        ByteBuffer in = ByteBuffer.wrap(bytes, HEADER, bytes.length - HEADER);
        int length = in.getInt();
        if (length < 0) {
            assertThat(length).isEqualTo(-1);
            return null;
        }
        assertThat(in.remaining()).isEqualTo(length);
        return in.slice();
    }

    /** A binary numeric decoded the way numeric_recv reads it, to its exact value at its display scale. */
    private static BigDecimal numeric(Double value) {
        ByteBuffer in = field(rows -> rows.numeric(value));
        if (in == null) {
            return null;
        }
        int count = in.getShort();
        int weight = in.getShort();
        int sign = in.getShort() & 0xFFFF;
        int scale = in.getShort();
        assertThat(sign).isIn(0x0000, 0x4000);
        BigDecimal result = BigDecimal.ZERO;
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int digit = in.getShort();
            assertThat(digit).isBetween(0, 9999);
            digits.add(digit);
            result = result.add(BigDecimal.valueOf(digit).scaleByPowerOfTen(4 * (weight - i)));
        }
        if (count > 0) {
            assertThat(digits.get(0)).as("no leading zero digit").isNotZero();
            assertThat(digits.get(count - 1)).as("no trailing zero digit").isNotZero();
        }
        result = result.setScale(scale);
        return sign == 0x4000 ? result.negate() : result;
    }

    @Test
    void amountsInWholeCentsAreTheirExactValueWithTwoDecimals() {
        assertThat(numeric(13.5)).hasToString("13.50");
        assertThat(numeric(0.0)).hasToString("0.00");
        assertThat(numeric(-0.0)).hasToString("0.00");
        assertThat(numeric(-2.5)).hasToString("-2.50");
        assertThat(numeric(-0.07)).hasToString("-0.07");
        assertThat(numeric(1234567.89)).hasToString("1234567.89");
        assertThat(numeric(10000.0)).hasToString("10000.00");
        assertThat(numeric(0.01)).hasToString("0.01");
        assertThat(numeric(99999999.99)).hasToString("99999999.99");
        assertThat(numeric(123456789.01)).hasToString("123456789.01");
        assertThat(numeric(-100000000.5)).hasToString("-100000000.50");
        assertThat(numeric(9999.99)).hasToString("9999.99");
        assertThat(numeric(-9999.0)).hasToString("-9999.00");
        assertThat(numeric(10000.01)).hasToString("10000.01");
        assertThat(numeric(0.5)).hasToString("0.50");
        assertThat(numeric(null)).isNull();
    }

    @Test
    void otherAmountsKeepTheExactValueOfTheirShortestTextForPostgresqlToRound() {
        assertThat(numeric(0.1 + 0.2)).hasToString("0.30000000000000004");
        assertThat(numeric(1.005)).hasToString("1.005");
        assertThat(numeric(2.0 / 3)).isEqualByComparingTo(Double.toString(2.0 / 3));
        assertThat(numeric(-123.4567)).hasToString("-123.4567");
        assertThat(numeric(1e20)).isEqualByComparingTo("100000000000000000000");
        assertThatThrownBy(() -> numeric(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsAreMicrosecondsSincePostgresqlsEpoch() {
        assertThat(field(rows -> rows.timestamp(LocalDateTime.of(2000, 1, 1, 0, 0))).getLong()).isZero();
        long seconds = LocalDateTime.of(2025, 2, 18, 8, 29, 25).toEpochSecond(ZoneOffset.UTC) - 946_684_800L;
        assertThat(field(rows -> rows.timestamp(LocalDateTime.of(2025, 2, 18, 8, 29, 25, 123_456_789))).getLong())
                .isEqualTo(seconds * 1_000_000L + 123_456);
        assertThat(field(rows -> rows.timestamp(LocalDateTime.of(1999, 12, 31, 23, 59, 59))).getLong())
                .isEqualTo(-1_000_000L);
        assertThat(field(rows -> rows.timestamp(null))).isNull();
    }

    @Test
    void doublesIntegersAndTextAreSentAsTheyAreHeld() {
        assertThat(field(rows -> rows.float8(0.1 + 0.2)).getDouble()).isEqualTo(0.1 + 0.2);
        assertThat(field(rows -> rows.float8(null))).isNull();
        assertThat(field(rows -> rows.int4(-7)).getInt()).isEqualTo(-7);
        assertThat(field(rows -> rows.int4((Integer) null))).isNull();
        ByteBuffer ascii = field(rows -> rows.text("veh_0123abcd"));
        byte[] asciiBytes = new byte[ascii.remaining()];
        ascii.get(asciiBytes);
        assertThat(new String(asciiBytes, StandardCharsets.US_ASCII)).isEqualTo("veh_0123abcd");
        ByteBuffer text = field(rows -> rows.text("N\t\\é"));
        byte[] bytes = new byte[text.remaining()];
        text.get(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("N\t\\é");
        assertThat(field(rows -> rows.text(null))).isNull();
    }

    @Test
    void theStreamHasPostgresqlsHeaderThenRowsThenTheTrailer() throws IOException {
        BinaryCopyRows rows = new BinaryCopyRows();
        rows.row(2).int4(1).text("a");
        rows.row(2).nullValue().text("");
        assertThat(rows.rows()).isEqualTo(2);
        byte[] all = rows.finish().readAllBytes();
        assertThat(Arrays.copyOf(all, HEADER)).isEqualTo(
                new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0});
        ByteBuffer in = ByteBuffer.wrap(all, HEADER, all.length - HEADER);
        assertThat(in.getShort()).isEqualTo((short) 2);
        assertThat(in.getInt()).isEqualTo(4);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.get()).isEqualTo((byte) 'a');
        assertThat(in.getShort()).isEqualTo((short) 2);
        assertThat(in.getInt()).isEqualTo(-1);
        assertThat(in.getInt()).isZero();
        assertThat(in.getShort()).as("trailer").isEqualTo((short) -1);
        assertThat(in.remaining()).isZero();
        assertThat(rows.finish().readAllBytes()).as("the same bytes when sent again").isEqualTo(all);
        assertThatThrownBy(() -> rows.row(1)).isInstanceOf(IllegalStateException.class);

        rows.clear();
        assertThat(rows.rows()).isZero();
        rows.row(2).int4(1).text("a");
        rows.row(2).nullValue().text("");
        assertThat(rows.finish().readAllBytes()).as("the same rows after clear").isEqualTo(all);
    }
}
