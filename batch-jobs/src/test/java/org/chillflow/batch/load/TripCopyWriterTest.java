package org.chillflow.batch.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TripCopyWriterTest {

    private static String amount(Double value) {
        StringBuilder out = new StringBuilder();
        TripCopyWriter.amount(out, value);
        return out.substring(1); // after the tab
    }

    @Test
    void centsAreWrittenExactlyWithTwoDecimals() {
        assertThat(amount(13.5)).isEqualTo("13.50");
        assertThat(amount(0.0)).isEqualTo("0.00");
        assertThat(amount(-2.5)).isEqualTo("-2.50");
        assertThat(amount(-0.07)).isEqualTo("-0.07");
        assertThat(amount(1234567.89)).isEqualTo("1234567.89");
        assertThat(amount(null)).isEqualTo("\\N");
    }

    @Test
    void valuesThatAreNotWholeCentsKeepTheirExactTextForPostgresqlToRound() {
        assertThat(amount(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(amount(1.005)).isEqualTo("1.005");
        assertThat(amount(2.0 / 3)).isEqualTo(Double.toString(2.0 / 3));
    }
}
