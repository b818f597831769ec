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

    /** The rules in order; {@code values()} would copy the array for every row. */
    private static final DqRule[] RULES = DqRule.values();

    /**
     * Applies the rules of {@link DqRule} in order to one row; {@code month} null = no month check. Most rows raise no
     * flag, so the flag set is made only for a row that has one (curation evaluates millions of rows a run, the
     * stream every completed trip).
     */
    public static DqVerdict evaluate(RawTrip trip, YearMonth month) {
        DerivedFields derived = DerivedFields.of(trip);
        EnumSet<DqRule> flags = null;
        for (DqRule rule : RULES) {
            String reason = rule.check(trip, derived, month);
            if (reason == null) {
                continue;
            }
            if (rule.action() == DqAction.REJECT) {
                return new DqVerdict(trip, derived, rule, reason, Set.of());
            }
            if (rule.action() == DqAction.FLAG) {
                if (flags == null) {
                    flags = EnumSet.noneOf(DqRule.class);
                }
                flags.add(rule);
            }
        }
        return new DqVerdict(trip, derived, null, null, flags == null ? Set.of() : Set.copyOf(flags));
    }
}
