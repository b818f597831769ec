package org.chillflow.batch.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.chillflow.core.reference.InvalidRecordException;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DqVerdict;
import org.chillflow.core.trip.source.TlcRow;
import org.chillflow.core.trip.source.TlcValues;
import org.junit.jupiter.api.Test;

class CurationItemTest {

    private static final LocalDateTime T10 = LocalDateTime.of(2025, 2, 3, 10, 0);

    /** A valid card trip of February 2025, source row 41. */
    private static RawTrip trip() {
        return new RawTrip(41, 2, T10, T10.plusMinutes(30), 1, 1.0, 1, "N", 161, 237, 1,
                12.0, 1.0, 0.5, 1.0, 0.0, 1.0, 15.5, 2.5, 0.0, 0.75);
    }

    /** The row's text, counting how often it is asked for. */
    private static Supplier<String> text(AtomicInteger asked) {
        return () -> {
            asked.incrementAndGet();
            return "VendorID=2,tpep_pickup_datetime=2025-02-03T10:00:00";
        };
    }

    @Test
    void aKeptRowKeepsItsVerdictAndPositionWithoutBuildingItsText() {
        AtomicInteger asked = new AtomicInteger();
        TlcRow row = new TlcRow(41, text(asked), trip(), null);

        CurationItem item = CurationItem.of(row, DqVerdict.evaluate(row.trip(), YearMonth.of(2025, 2)));

        assertThat(item.kept()).isTrue();
        assertThat(item.sourceRow()).isEqualTo(41);
        assertThat(item.verdict().trip()).isSameAs(row.trip());
        assertThat(item.reject()).isNull();
        assertThat(asked).hasValue(0);
    }

    @Test
    void aRefusedRowCarriesItsRejectWithRuleReasonAndText() {
        AtomicInteger asked = new AtomicInteger();
        TlcRow row = new TlcRow(41, text(asked), trip(), null);
        DqVerdict verdict = DqVerdict.evaluate(row.trip(), YearMonth.of(2025, 3));

        CurationItem item = CurationItem.of(row, verdict);

        assertThat(item.kept()).isFalse();
        assertThat(item.reject().sourceRow()).isEqualTo(41);
        assertThat(item.reject().rule()).isEqualTo(verdict.rejectedBy().code());
        assertThat(item.reject().reason()).isEqualTo(verdict.reason());
        assertThat(item.reject().raw()).isEqualTo("VendorID=2,tpep_pickup_datetime=2025-02-03T10:00:00");
        assertThat(asked).hasValue(1);
    }

    @Test
    void anUnparsedRowCarriesItsParseReasonAndText() {
        AtomicInteger asked = new AtomicInteger();
        InvalidRecordException error = new InvalidRecordException(TlcValues.REASON_UNPARSEABLE, "PULocationID: x is not a number");
        TlcRow row = new TlcRow(7, text(asked), null, error);

        CurationItem item = CurationItem.of(row, null);

        assertThat(item.kept()).isFalse();
        assertThat(item.verdict()).isNull();
        assertThat(item.sourceRow()).isEqualTo(7);
        assertThat(item.reject().rule()).isEqualTo(TlcValues.REASON_UNPARSEABLE);
        assertThat(item.reject().reason()).isEqualTo("PULocationID: x is not a number");
        assertThat(item.reject().raw()).isEqualTo("VendorID=2,tpep_pickup_datetime=2025-02-03T10:00:00");
    }
}
