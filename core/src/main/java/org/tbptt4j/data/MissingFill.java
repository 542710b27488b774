package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a {@link Missing} policy to one sequence whose missing cells are marked NaN (readers
 * never let NaN text through as a value, so NaN means "missing" here). Works in place on
 * {@code v}, (T x C) row-major. No value is ever invented outside the observed span: steps before
 * every column has its first value (and, for interpolation, after any column's last value) are
 * trimmed, not filled; what is filled inside is marked not observed.
 */
final class MissingFill {

    private MissingFill() {
    }

    /** A missing cell the policy cannot fill; the reader turns it into a {@link DataFormatException}. */
    static final class Unfillable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int row;
        final int col;

        Unfillable(int row, int col, String why) {
            super(why, null, false, false);
            this.row = row;
            this.col = col;
        }
    }

    /**
     * What a policy did to one sequence.
     *
     * @param length     the new T; the kept rows are v's first T rows, in order
     * @param observed   (T x C) false where a value was filled in; null when none was
     * @param leading    rows trimmed at the start (a column had no value yet)
     * @param trailing   rows trimmed at the end (interpolation: a column had no value after them)
     * @param dropped    rows removed by DROP
     * @param gaps       runs of removed rows between kept rows (DROP): places where consecutive steps are not consecutive in time
     * @param longestGap rows in the longest such run
     */
    record Filled(int length, boolean[] observed, int leading, int trailing, int dropped, int gaps, int longestGap) {
    }

    /**
     * Fills or drops the NaN cells of v (T x C) by the policy.
     *
     * @throws Unfillable for FAIL at the first missing cell; for FFILL and INTERPOLATE at a column with
     *                    no value in the sequence, or when the columns' observed spans do not overlap
     */
    static Filled apply(double[] v, int T, int C, Missing policy) {
        return switch (policy) {
            case FAIL -> {
                int i = firstMissing(v, T * C);
                if (i >= 0) {
                    throw new Unfillable(i / C, i % C, "missing value");
                }
                yield new Filled(T, null, 0, 0, 0, 0, 0);
            }
            case FFILL, INTERPOLATE -> fill(v, T, C, policy == Missing.INTERPOLATE);
            case DROP -> dropRows(v, T, C);
        };
    }

    /** Flat index of the first NaN in v[0, n), or -1. */
    static int firstMissing(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                return i;
            }
        }
        return -1;
    }

    // each column filled from its first value on (ffill) or between its first and last (interpolate),
    // then the rows outside every column's span trimmed
    private static Filled fill(double[] v, int T, int C, boolean interpolate) {
        boolean[] observed = new boolean[T * C];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = !Double.isNaN(v[i]);
        }
        int start = 0;
        int end = T;
        for (int c = 0; c < C; c++) {
            int first = -1;
            int last = -1;
            for (int t = 0; t < T; t++) {
                if (observed[t * C + c]) {
                    first = first < 0 ? t : first;
                    last = t;
                }
            }
            if (first < 0) {
                throw new Unfillable(0, c, "no value in any of its " + T + " row(s)"
                        + ", so there is nothing to " + (interpolate ? "interpolate" : "carry forward") + " from");
            }
            start = Math.max(start, first);
            if (interpolate) {
                end = Math.min(end, last + 1);
                interpolate(v, C, c, first, last);
            } else {
                forwardFill(v, T, C, c, first);
            }
        }
        if (start >= end) {
            throw new Unfillable(start, 0, "the columns' observed spans do not overlap (one ends at step " + end
                    + " before another starts at step " + (start + 1) + "), so no step has a value in every column");
        }
        int n = end - start;
        if (start > 0) {
            System.arraycopy(v, start * C, v, 0, n * C);
            System.arraycopy(observed, start * C, observed, 0, n * C);
        }
        boolean all = true;
        for (int i = 0; i < n * C && all; i++) {
            all = observed[i];
        }
        return new Filled(n, all ? null : java.util.Arrays.copyOf(observed, n * C), start, T - end, 0, 0, 0);
    }

    // v[t][c] = v[t-1][c] where missing, from the first value on
    private static void forwardFill(double[] v, int T, int C, int c, int first) {
        double prev = v[first * C + c];
        for (int t = first + 1; t < T; t++) {
            int i = t * C + c;
            if (Double.isNaN(v[i])) {
                v[i] = prev;
            } else {
                prev = v[i];
            }
        }
    }

    // gap (p, t) between present values: v[k] = v[p] + (v[t] - v[p]) * (k - p) / (t - p), for first <= k <= last
    private static void interpolate(double[] v, int C, int c, int first, int last) {
        int p = first;
        for (int t = first + 1; t <= last; t++) {
            double x = v[t * C + c];
            if (Double.isNaN(x)) {
                continue;
            }
            double a = v[p * C + c];
            for (int k = p + 1; k < t; k++) {
                v[k * C + c] = a + (x - a) * (k - p) / (t - p);
            }
            p = t;
        }
    }

    // keeps rows without NaN, in order, at the front; counts the gaps in time this leaves
    private static Filled dropRows(double[] v, int T, int C) {
        int w = 0;
        int gaps = 0;
        int longest = 0;
        int run = 0;   // removed rows since the last kept row
        for (int t = 0; t < T; t++) {
            boolean complete = true;
            for (int c = 0; c < C; c++) {
                if (Double.isNaN(v[t * C + c])) {
                    complete = false;
                    break;
                }
            }
            if (!complete) {
                run++;
                continue;
            }
            if (w > 0 && run > 0) {
                gaps++;
                longest = Math.max(longest, run);
            }
            run = 0;
            if (w != t) {
                System.arraycopy(v, t * C, v, w * C, C);
            }
            w++;
        }
        return new Filled(w, null, 0, 0, T - w, gaps, longest);
    }

    /** The policy's effect over every sequence of a file, for the notes. */
    static final class Report {
        private int sequences;
        private long leading;
        private long trailing;
        private long dropped;
        private long gaps;
        private int longestGap;

        void add(Filled f) {
            if (f.leading() + f.trailing() + f.dropped() > 0) {
                sequences++;
            }
            leading += f.leading();
            trailing += f.trailing();
            dropped += f.dropped();
            gaps += f.gaps();
            longestGap = Math.max(longestGap, f.longestGap());
        }

        /** One line per thing done, e.g. "dropped 2,067 rows with a missing value, leaving 1,234 gaps in time, longest 155 rows". */
        List<String> notes(String source, boolean many) {
            List<String> out = new ArrayList<>();
            String in = many ? " in " + sequences + " sequence(s)" : "";
            if (leading + trailing > 0) {
                out.add(String.format(Locale.ROOT, "%s: trimmed %,d leading and %,d trailing row(s)%s where a column has "
                        + "no value to fill from (values are never invented outside the observed span)", source, leading, trailing, in));
            }
            if (dropped > 0) {
                out.add(String.format(Locale.ROOT, "warning: %s: dropped %,d row(s) with a missing value%s, leaving %,d gap(s) "
                        + "in time, longest %,d row(s): steps on either side of a gap are treated as consecutive; consider "
                        + "missing = interpolate", source, dropped, in, gaps, longestGap));
            }
            return out;
        }
    }
}
