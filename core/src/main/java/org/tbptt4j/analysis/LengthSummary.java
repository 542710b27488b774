package org.tbptt4j.analysis;

import java.util.Arrays;
import java.util.Locale;

/**
 * The distribution of sentence (sequence) lengths: count, mean, median, 90th percentile, max.
 * Percentiles interpolate linearly between order statistics, as numpy's default: with s sorted
 * ascending, q-quantile = s[h] + (h - floor h)(s[h+1] - s[h]), h = q (count - 1).
 */
public record LengthSummary(int count, long total, double mean, double median, double p90, int max) {

    /** Summarises lengths, each >= 1. */
    public static LengthSummary of(int[] lengths) {
        if (lengths == null || lengths.length == 0) {
            throw new IllegalArgumentException("need at least one sentence length");
        }
        int[] s = lengths.clone();
        Arrays.sort(s);
        if (s[0] < 1) {
            throw new IllegalArgumentException("sentence lengths must be >= 1, got " + s[0]
                    + ": drop empty sentences first");
        }
        long total = 0;
        for (int len : s) {
            total += len;
        }
        return new LengthSummary(s.length, total, (double) total / s.length, quantile(s, 0.5),
                quantile(s, 0.9), s[s.length - 1]);
    }

    /** Linear interpolation between order statistics (numpy's default "linear" method). */
    static double quantile(int[] sorted, double q) {
        double h = q * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d sentences: mean %.1f, median %.1f, p90 %.1f, max %d",
                count, mean, median, p90, max);
    }
}
