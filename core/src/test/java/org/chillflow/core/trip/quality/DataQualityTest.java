package org.chillflow.core.trip.quality;

import org.chillflow.core.trip.RawTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Derived fields and data-quality rules on hand-made rows (the original pipeline's vectors first, then real-data cases). */
class DataQualityTest {

    private static final LocalDateTime T10 = LocalDateTime.of(2025, 2, 3, 10, 0);
    private static final YearMonth FEB = YearMonth.of(2025, 2);

    /** A valid card trip: 1 mile, 10:00 -> 10:30, zones 161 -> 237, total 15.50. */
    private static RawTrip trip() {
        return new RawTrip(0, 2, T10, T10.plusMinutes(30), 1, 1.0, 1, "N", 161, 237, 1,
                12.0, 1.0, 0.5, 1.0, 0.0, 1.0, 15.5, 2.5, 0.0, 0.75);
    }

    private static RawTrip with(RawTrip t, java.util.function.UnaryOperator<Object[]> change) {
        Object[] v = { t.sourceRow(), t.vendorId(), t.pickup(), t.dropoff(), t.passengerCount(), t.tripDistance(),
                t.rateCode(), t.storeAndFwdFlag(), t.puZoneId(), t.doZoneId(), t.paymentType(), t.fareAmount(),
                t.extra(), t.mtaTax(), t.tipAmount(), t.tollsAmount(), t.improvementSurcharge(), t.totalAmount(),
                t.congestionSurcharge(), t.airportFee(), t.cbdCongestionFee() };
        v = change.apply(v);
        return new RawTrip((Long) v[0], (Integer) v[1], (LocalDateTime) v[2], (LocalDateTime) v[3], (Integer) v[4],
                (Double) v[5], (Integer) v[6], (String) v[7], (Integer) v[8], (Integer) v[9], (Integer) v[10],
                (Double) v[11], (Double) v[12], (Double) v[13], (Double) v[14], (Double) v[15], (Double) v[16],
                (Double) v[17], (Double) v[18], (Double) v[19], (Double) v[20]);
    }

    private static RawTrip set(int index, Object value) {
        return with(trip(), v -> {
            v[index] = value;
            return v;
        });
    }

    @Test
    void derivedFieldsReferenceVector() {
        DerivedFields derived = DerivedFields.of(trip());
        assertThat(derived.distanceKm()).isCloseTo(1.60934, within(1e-12));
        assertThat(derived.durationMin()).isEqualTo(30.0);
        assertThat(derived.avgSpeedKmh()).isCloseTo(3.21868, within(1e-12));
    }

    @Test
    void speedIsNullForZeroDurationAndMissingDistance() {
        assertThat(DerivedFields.of(set(3, T10)).avgSpeedKmh()).isNull();
        assertThat(DerivedFields.of(set(5, null)).avgSpeedKmh()).isNull();
        assertThat(DerivedFields.of(set(5, null)).distanceKm()).isNull();
    }

    @Test
    void referenceRuleVectorCountsOneEachAndKeepsOne() {
        // valid; pickup 11:00 after dropoff 10:30; speed 250 km/h; total -5 (fare positive)
        RawTrip late = set(2, T10.plusHours(1));
        RawTrip fast = with(trip(), v -> {
            v[3] = T10.plusMinutes(6);
            v[5] = 250.0 / 10 / DerivedFields.KM_PER_MILE; // 25 km in 6 minutes
            return v;
        });
        RawTrip negative = set(17, -5.0);
        DqReport report = new DqReport();
        for (RawTrip row : List.of(trip(), late, fast, negative)) {
            report.add(DqVerdict.evaluate(row, null));
        }
        assertThat(report.rowsIn()).isEqualTo(4);
        assertThat(report.rowsOut()).isEqualTo(1);
        assertThat(report.count(DqRule.TEMPORAL_INVALID)).isEqualTo(1);
        assertThat(report.count(DqRule.SPEED_INVALID)).isEqualTo(1);
        assertThat(report.count(DqRule.NEGATIVE_AMOUNT)).isEqualTo(1);
        assertThat(report.retentionRate()).isEqualTo(25.0);
    }

    @Test
    void boundariesOfTheReferenceRules() {
        RawTrip exactly200 = with(trip(), v -> {
            v[3] = T10.plusMinutes(6);
            v[5] = 20.0 / DerivedFields.KM_PER_MILE;
            return v;
        });
        assertThat(DqVerdict.evaluate(exactly200, FEB).kept()).isTrue();
        assertThat(DqVerdict.evaluate(set(3, T10), FEB).rejectedBy()).isEqualTo(DqRule.TEMPORAL_INVALID);
        assertThat(DqVerdict.evaluate(set(2, null), FEB).rejectedBy()).isEqualTo(DqRule.TEMPORAL_INVALID);
        assertThat(DqVerdict.evaluate(set(17, null), FEB).rejectedBy()).isEqualTo(DqRule.NEGATIVE_AMOUNT);
        assertThat(DqVerdict.evaluate(set(17, 0.0), FEB).kept()).isTrue();
    }

    @Test
    void moneyNegatedReversalIsNamedApartFromOtherNegativeTotals() {
        RawTrip reversal = with(trip(), v -> {
            v[10] = 4;
            v[11] = -12.0;
            v[17] = -15.5;
            return v;
        });
        DqVerdict verdict = DqVerdict.evaluate(reversal, FEB);
        assertThat(verdict.rejectedBy()).isEqualTo(DqRule.MONEY_REVERSAL);
        assertThat(verdict.reason()).contains("reversal");
    }

    @Test
    void flexFareIsKeptAndFlagged() {
        RawTrip flex = with(trip(), v -> {
            v[4] = null;
            v[6] = null;
            v[7] = null;
            v[10] = 0;
            return v;
        });
        DqVerdict verdict = DqVerdict.evaluate(flex, FEB);
        assertThat(verdict.kept()).isTrue();
        assertThat(verdict.flags()).containsExactly(DqRule.FLEX_FARE);
    }

    @Test
    void pickupOutsideTheRequestedMonthIsRejectedOnlyWhenAMonthIsGiven() {
        RawTrip march = with(trip(), v -> {
            v[2] = LocalDateTime.of(2025, 3, 1, 0, 5);
            v[3] = LocalDateTime.of(2025, 3, 1, 0, 25);
            return v;
        });
        assertThat(DqVerdict.evaluate(march, FEB).rejectedBy()).isEqualTo(DqRule.OUTSIDE_MONTH);
        assertThat(DqVerdict.evaluate(march, null).kept()).isTrue();
    }

    @Test
    void rateCode99AndUnknownZonesAreKeptAndFlagged() {
        RawTrip odd = with(trip(), v -> {
            v[6] = 99;
            v[9] = 265;
            return v;
        });
        DqVerdict verdict = DqVerdict.evaluate(odd, FEB);
        assertThat(verdict.kept()).isTrue();
        assertThat(verdict.flags()).containsExactlyInAnyOrder(DqRule.RATE_CODE_UNKNOWN, DqRule.ZONE_UNKNOWN);
    }

    @Test
    void rowsThatCannotBeLoadedAreRejectedWithTheirReason() {
        assertThat(DqVerdict.evaluate(set(1, null), FEB).rejectedBy()).isEqualTo(DqRule.MISSING_REQUIRED);
        DqVerdict zone = DqVerdict.evaluate(set(8, 266), FEB);
        assertThat(zone.rejectedBy()).isEqualTo(DqRule.ZONE_INVALID);
        assertThat(zone.reason()).contains("266");
        assertThat(DqVerdict.evaluate(set(9, 0), FEB).rejectedBy()).isEqualTo(DqRule.ZONE_INVALID);
    }

    @Test
    void reportMergesPartitionsAndListsEveryRuleByAction() {
        DqReport a = new DqReport();
        a.add(DqVerdict.evaluate(trip(), FEB));
        DqReport b = new DqReport();
        b.add(DqVerdict.evaluate(set(17, -1.0), FEB));
        b.add(DqVerdict.evaluate(set(17, 1200.0), FEB));
        DqReport all = a.merge(b);
        assertThat(all.rowsIn()).isEqualTo(3);
        assertThat(all.rowsOut()).isEqualTo(2);
        assertThat(all.countsFor(DqAction.REJECT)).containsEntry("negative_amount", 1L)
                .containsEntry("temporal_invalid", 0L).hasSize(7);
        assertThat(all.countsFor(DqAction.FLAG)).containsEntry("total_over_1000", 1L).hasSize(4);
    }
}
