package org.chillflow.core.trip.quality;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of a curation run: rows in and out, rejects per rule, flags per rule, retention rate (percent,
 * as the original pipeline: out / in x 100, 0 for an empty input). Partitions keep their own and are merged.
 */
public final class DqReport {

    private long rowsIn;
    private long rowsOut;
    private final EnumMap<DqRule, Long> counts = new EnumMap<>(DqRule.class);
    private final Map<String, Long> unparsed = new java.util.TreeMap<>();

    /** A row that could not be parsed at all: rejected with the reader's reason code. */
    public void addUnparsed(String reason) {
        rowsIn++;
        unparsed.merge(reason, 1L, Long::sum);
    }

    public void add(DqVerdict verdict) {
        rowsIn++;
        if (verdict.kept()) {
            rowsOut++;
            verdict.flags().forEach(rule -> counts.merge(rule, 1L, Long::sum));
        } else {
            counts.merge(verdict.rejectedBy(), 1L, Long::sum);
        }
    }

    public DqReport merge(DqReport other) {
        rowsIn += other.rowsIn;
        rowsOut += other.rowsOut;
        other.counts.forEach((rule, n) -> counts.merge(rule, n, Long::sum));
        other.unparsed.forEach((reason, n) -> unparsed.merge(reason, n, Long::sum));
        return this;
    }

    public long rowsIn() {
        return rowsIn;
    }

    public long rowsOut() {
        return rowsOut;
    }

    public long rejected() {
        return rowsIn - rowsOut;
    }

    public long count(DqRule rule) {
        return counts.getOrDefault(rule, 0L);
    }

    public double retentionRate() {
        return rowsIn == 0 ? 0.0 : rowsOut * 100.0 / rowsIn;
    }

    /** Rows rejected because they could not be parsed, by the reader's reason code. */
    public Map<String, Long> unparsedCounts() {
        return Map.copyOf(unparsed);
    }

    /** Every non-zero count by code: rules (rejects and flags) and unparseable-row reasons. */
    public Map<String, Long> nonZeroCounts() {
        Map<String, Long> result = new LinkedHashMap<>();
        counts.forEach((rule, n) -> result.put(rule.code(), n));
        result.putAll(unparsed);
        return result;
    }

    /** {@code {"code":n,...}}: the codes are lower-case identifiers, so no escaping is needed. */
    public static String json(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((code, n) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(code).append("\":").append(n);
        });
        return out.append('}').toString();
    }

    /** Rule code to count, every rule present (zeros included), in rule order; split by action. */
    public Map<String, Long> countsFor(DqAction action) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (DqRule rule : DqRule.values()) {
            if (rule.action() == action) {
                result.put(rule.code(), count(rule));
            }
        }
        return result;
    }
}
