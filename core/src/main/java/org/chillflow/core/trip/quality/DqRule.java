package org.chillflow.core.trip.quality;

import org.chillflow.core.trip.RawTrip;
import java.time.YearMonth;

/**
 * The curation rules, in the order they are applied. The first three are the original pipeline's (same order, same
 * thresholds, so their counts compare); the others decide the real-data cases the original pipeline ignored. A row
 * is rejected by the first REJECT rule it matches; FLAG rules are all evaluated on rows that are kept.
 * {@link #check} returns null when the row passes, else the reason in words.
 */
public enum DqRule {

    /** The original pipeline's rule 1: pickup strictly before dropoff; a missing timestamp fails too. */
    TEMPORAL_INVALID("temporal_invalid", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            if (trip.pickup() == null || trip.dropoff() == null) {
                return "pickup or dropoff time missing";
            }
            return trip.pickup().isBefore(trip.dropoff()) ? null
                    : "pickup " + trip.pickup() + " is not before dropoff " + trip.dropoff();
        }
    },

    /** The original pipeline's rule 2: average speed at most 200 km/h (200.0 kept; unknown speed kept). */
    SPEED_INVALID("speed_invalid", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            Double speed = derived.avgSpeedKmh();
            return speed == null || speed <= MAX_SPEED_KMH ? null
                    : String.format(java.util.Locale.ROOT, "average speed %.1f km/h above %.0f", speed, MAX_SPEED_KMH);
        }
    },

    /**
     * A money-negated copy of a trip (TLC reversal rows: total and fare negative, usually payment 3 or 4).
     * The original pipeline counted these under negative_amount; named apart so the report tells them from errors.
     */
    MONEY_REVERSAL("money_reversal", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return trip.totalAmount() != null && trip.totalAmount() < 0 && trip.fareAmount() != null
                    && trip.fareAmount() < 0 ? "money-negated reversal row (total " + trip.totalAmount() + ")" : null;
        }
    },

    /** The original pipeline's rule 3: total_amount must be present and not negative. */
    NEGATIVE_AMOUNT("negative_amount", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            if (trip.totalAmount() == null) {
                return "total_amount missing";
            }
            return trip.totalAmount() >= 0 ? null : "total_amount " + trip.totalAmount() + " is negative";
        }
    },

    /** stg.complete_trip's NOT NULL columns: a row without vendor or zones cannot be loaded. */
    MISSING_REQUIRED("missing_required", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            StringBuilder missing = new StringBuilder();
            if (trip.vendorId() == null) {
                missing.append(" VendorID");
            }
            if (trip.puZoneId() == null) {
                missing.append(" PULocationID");
            }
            if (trip.doZoneId() == null) {
                missing.append(" DOLocationID");
            }
            return missing.isEmpty() ? null : "required value(s) missing:" + missing;
        }
    },

    /** Zone ids must exist in the TLC lookup (1..265), or the foreign keys refuse the row at load time. */
    ZONE_INVALID("zone_invalid", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return validZone(trip.puZoneId()) && validZone(trip.doZoneId()) ? null
                    : "zone id outside 1.." + MAX_ZONE_ID + " (PU " + trip.puZoneId() + ", DO " + trip.doZoneId() + ")";
        }
    },

    /** A monthly file's rows whose pickup is in another month (real: GE 2019-03, symbiote's 2002 row). */
    OUTSIDE_MONTH("outside_month", DqAction.REJECT) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return month == null || YearMonth.from(trip.pickup()).equals(month) ? null
                    : "pickup " + trip.pickup() + " is outside the requested month " + month;
        }
    },

    /** TLC Flex Fare (payment_type 0, app-booked upfront price): real trips, kept and counted. */
    FLEX_FARE("flex_fare", DqAction.FLAG) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return Integer.valueOf(0).equals(trip.paymentType()) ? "flex fare (payment_type 0)" : null;
        }
    },

    /** RatecodeID 99 (unknown) or outside the published 1..6: kept, counted. */
    RATE_CODE_UNKNOWN("rate_code_unknown", DqAction.FLAG) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            Integer code = trip.rateCode();
            return code == null || (code >= 1 && code <= 6) ? null : "RatecodeID " + code;
        }
    },

    /** Zones 264 (Unknown) and 265 (Outside of NYC) exist in the lookup: kept, counted. */
    ZONE_UNKNOWN("zone_unknown", DqAction.FLAG) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return unknownZone(trip.puZoneId()) || unknownZone(trip.doZoneId())
                    ? "unknown/outside-NYC zone (PU " + trip.puZoneId() + ", DO " + trip.doZoneId() + ")" : null;
        }
    },

    /** The original pipeline's load refused totals above 1,000; real airport and long trips exist: kept, counted. */
    TOTAL_OVER_1000("total_over_1000", DqAction.FLAG) {
        @Override
        String check(RawTrip trip, DerivedFields derived, YearMonth month) {
            return trip.totalAmount() != null && trip.totalAmount() > 1000 ? "total_amount " + trip.totalAmount() : null;
        }
    };

    public static final double MAX_SPEED_KMH = 200.0;
    public static final int MAX_ZONE_ID = 265;

    private final String code;
    private final DqAction action;

    DqRule(String code, DqAction action) {
        this.code = code;
        this.action = action;
    }

    /** Stable name used in reports, rejects files and metrics. */
    public String code() {
        return code;
    }

    public DqAction action() {
        return action;
    }

    /** What the rule means, in a line, for the reports and the console. */
    public String meaning() {
        return switch (this) {
            case TEMPORAL_INVALID -> "pickup not before drop-off (or a time missing)";
            case SPEED_INVALID -> "average speed above " + (int) MAX_SPEED_KMH + " km/h";
            case MONEY_REVERSAL -> "a money-negated copy of a trip (TLC reversal row)";
            case NEGATIVE_AMOUNT -> "total amount missing or negative";
            case MISSING_REQUIRED -> "vendor, pickup zone or drop-off zone missing";
            case ZONE_INVALID -> "a zone id outside 1.." + MAX_ZONE_ID;
            case OUTSIDE_MONTH -> "picked up outside the month being curated";
            case FLEX_FARE -> "Flex Fare trip (payment type 0): kept";
            case RATE_CODE_UNKNOWN -> "rate code outside the published codes: kept";
            case ZONE_UNKNOWN -> "zone 264/265 (unknown or outside NYC): kept";
            default -> code;
        };
    }

    /** The rule of a report code, if it is one (codes of rows that could not be read are not rules). */
    public static java.util.Optional<DqRule> ofCode(String code) {
        for (DqRule rule : values()) {
            if (rule.code.equals(code)) {
                return java.util.Optional.of(rule);
            }
        }
        return java.util.Optional.empty();
    }

    abstract String check(RawTrip trip, DerivedFields derived, YearMonth month);

    private static boolean validZone(Integer zone) {
        return zone != null && zone >= 1 && zone <= MAX_ZONE_ID;
    }

    private static boolean unknownZone(Integer zone) {
        return zone != null && (zone == 264 || zone == 265);
    }
}
