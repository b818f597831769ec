package org.chillflow.core.stream.window;

import java.util.Arrays;

/** Nearest-rank percentiles, as StreamPulse computes them: rank = ceil(p/100 x n), the rank-th smallest value. */
public final class NearestRank {

    private NearestRank() {
    }

    /** @param sorted ascending; 0 when empty */
    public static double of(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
