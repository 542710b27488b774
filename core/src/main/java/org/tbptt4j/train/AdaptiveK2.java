package org.tbptt4j.train;

/**
 * Adaptive truncation (Aicher, Foti and Fox 2019): before every epoch after the first, the
 * horizon analysis is run on the training stream with the current weights and k2 is set to the
 * window its suggestion needs, within [k2Min, k2Max]. The suggestion K is the window behind one
 * loss; in TBPTT(k1, k2) the first loss of each k1-chunk has k2 - k1 + 1 steps behind it, so
 * k2 = K + k1 - 1 gives every loss at least K. When no suggestion is reliable (the gradient does
 * not decay within k2Max lags) k2 is set to k2Max. The first epoch runs with the configured k2.
 * Each update is an exact TBPTT(k1, k2) update for the k2 in force. Immutable.
 *
 * @param tolerance the relative truncation bias allowed, in (0, 1)
 * @param k2Min     the smallest k2 to use, at least 1
 * @param k2Max     the largest k2 to use; also the max lag measured
 * @param positions loss positions sampled along the training stream per estimate (times its rows)
 */
public record AdaptiveK2(double tolerance, int k2Min, int k2Max, int positions) {

    /** Loss positions per estimate when not given. */
    public static final int DEFAULT_POSITIONS = 32;

    public AdaptiveK2 {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the adaptive k2 tolerance is a relative bias in (0, 1), got " + tolerance);
        }
        if (k2Min < 1 || k2Max < k2Min) {
            throw new IllegalArgumentException("adaptive k2 bounds need 1 <= k2 min <= k2 max, got " + k2Min + " and " + k2Max);
        }
        if (positions < 1) {
            throw new IllegalArgumentException("adaptive k2 needs at least 1 loss position, got " + positions);
        }
    }

    /** The k2 for a suggested window K (0 = no reliable suggestion) with k1 steps between updates. */
    public int k2For(int suggestion, int k1) {
        if (suggestion <= 0) {
            return k2Max;
        }
        return Math.max(k2Min, Math.min(k2Max, k2ForWindow(suggestion, k1)));
    }

    /**
     * The k2 that gives every loss at least {@code window} steps behind it in TBPTT(k1, k2): the
     * first loss of a k1-chunk has k2 - k1 + 1, so k2 = window + k1 - 1 (capped at Integer.MAX_VALUE).
     */
    public static int k2ForWindow(int window, int k1) {
        if (window < 1 || k1 < 1) {
            throw new IllegalArgumentException("a window and k1 are at least 1 step, got " + window + " and " + k1);
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) window + k1 - 1);
    }
}
