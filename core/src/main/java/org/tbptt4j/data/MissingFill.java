package org.tbptt4j.data;

/**
 * Applies a {@link Missing} policy to one sequence whose missing cells are marked NaN (readers
 * never let NaN text through as a value, so NaN means "missing" here). Works in place on
 * {@code v}, (T x C) row-major.
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
     * Fills or drops the NaN cells of v (T x C) by the policy; returns the new T (only DROP
     * shortens it, keeping the surviving rows in order at the front of v).
     *
     * @throws Unfillable for FAIL at the first missing cell; for FFILL at a missing cell with no
     *                    earlier value; for INTERPOLATE at the first cell of a column with no value
     */
    static int apply(double[] v, int T, int C, Missing policy) {
        switch (policy) {
            case FAIL -> {
                int i = firstMissing(v, T * C);
                if (i >= 0) {
                    throw new Unfillable(i / C, i % C, "missing value");
                }
                return T;
            }
            case FFILL -> {
                for (int c = 0; c < C; c++) {
                    forwardFill(v, T, C, c);
                }
                return T;
            }
            case INTERPOLATE -> {
                for (int c = 0; c < C; c++) {
                    interpolate(v, T, C, c);
                }
                return T;
            }
            case DROP -> {
                return dropRows(v, T, C);
            }
            default -> throw new IllegalArgumentException("unknown missing policy " + policy);
        }
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

    // v[t][c] = v[t-1][c] where missing
    private static void forwardFill(double[] v, int T, int C, int c) {
        double prev = Double.NaN;
        for (int t = 0; t < T; t++) {
            int i = t * C + c;
            if (Double.isNaN(v[i])) {
                if (Double.isNaN(prev)) {
                    throw new Unfillable(t, c, "missing value at the start of the sequence has no earlier value to carry forward");
                }
                v[i] = prev;
            } else {
                prev = v[i];
            }
        }
    }

    // gap (p, t) between present values: v[k] = v[p] + (v[t] - v[p]) * (k - p) / (t - p); ends take the nearest value
    private static void interpolate(double[] v, int T, int C, int c) {
        int p = -1;
        for (int t = 0; t < T; t++) {
            double x = v[t * C + c];
            if (Double.isNaN(x)) {
                continue;
            }
            if (p < 0) {
                for (int k = 0; k < t; k++) {
                    v[k * C + c] = x;
                }
            } else {
                double a = v[p * C + c];
                for (int k = p + 1; k < t; k++) {
                    v[k * C + c] = a + (x - a) * (k - p) / (t - p);
                }
            }
            p = t;
        }
        if (p < 0) {
            if (T > 0) {
                throw new Unfillable(0, c, "every value of this column in the sequence is missing, so there is nothing to interpolate from");
            }
            return;
        }
        double last = v[p * C + c];
        for (int k = p + 1; k < T; k++) {
            v[k * C + c] = last;
        }
    }

    // keeps rows without NaN, in order, at the front
    private static int dropRows(double[] v, int T, int C) {
        int w = 0;
        for (int t = 0; t < T; t++) {
            boolean complete = true;
            for (int c = 0; c < C; c++) {
                if (Double.isNaN(v[t * C + c])) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                if (w != t) {
                    System.arraycopy(v, t * C, v, w * C, C);
                }
                w++;
            }
        }
        return w;
    }
}
