package org.chillflow.core.trip.quality;

import org.chillflow.core.trip.RawTrip;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Set;

/** The outcome of curating one row: its derived fields, the rule that rejected it (if any), its flags. */
public record DqVerdict(RawTrip trip, DerivedFields derived, DqRule rejectedBy, String reason, Set<DqRule> flags) {

    public boolean kept() {
        return rejectedBy == null;
    }

    /** Applies the rules of {@link DqRule} in order to one row; {@code month} null = no month check. */
    public static DqVerdict evaluate(RawTrip trip, YearMonth month) {
        DerivedFields derived = DerivedFields.of(trip);
        EnumSet<DqRule> flags = EnumSet.noneOf(DqRule.class);
        for (DqRule rule : DqRule.values()) {
            String reason = rule.check(trip, derived, month);
            if (reason == null) {
                continue;
            }
            if (rule.action() == DqAction.REJECT) {
                return new DqVerdict(trip, derived, rule, reason, Set.of());
            }
            if (rule.action() == DqAction.FLAG) {
                flags.add(rule);
            }
        }
        return new DqVerdict(trip, derived, null, null, Set.copyOf(flags));
    }
}
