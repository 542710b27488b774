package org.tbptt4j.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The memory horizon of a network on its data, from the per-lag gradient norms
 * (the engine's {@code LagGradients} measures them): how far back the loss's gradient still
 * carries signal, and the k2 that keeps the truncation bias below a tolerance (after Aicher, Foti
 * and Fox 2019).
 *
 * <p>Notation: n_{s,k} the norm of sample s at lag k (k = 0..K, K the max lag),
 * phi_k = mean_s n_{s,k}, S = sum_{k=0}^{K} phi_k, as the paper (lag 0, the head's own gradient
 * at t, is in every window and in the total).
 * <ul>
 *   <li>Tail fit: log phi_k = log C + k log beta by least squares over [tau, K]. The decay starts
 *       at the first lag after the peak (the largest phi_k, k >= 1) where phi has halved; tau is the
 *       first lag from there from which the fit's R^2 is at least
 *       {@value #GEOMETRIC_R2} (at least {@value #MIN_FIT_POINTS} lags with phi_k > 0); the 95%
 *       interval of beta comes from the slope's standard error (residuals are correlated along k,
 *       so it is on the narrow side).</li>
 *   <li>The unmeasured tail beyond K: R = sum_{k>K} C beta^k = C beta^{K+1} / (1 - beta); 0 when
 *       phi_K = 0 (a reset cuts every sample's gradient); infinite when beta >= 1, when there is no
 *       fit, or when phi_K is still above half the peak.</li>
 *   <li>Relative truncation bias of k2 = K': a window of K' steps behind a loss keeps lags
 *       0..K'-1, so bias(K') = (sum_{k=K'}^{K} phi_k + R) / (S + R); beyond K, C beta^{K'} / (1 - beta) / (S + R).
 *       For phi_k = C beta^k this is beta^K'.</li>
 *   <li>Suggested k2 for tolerance delta: the smallest K' >= 1 with bias(K') &lt;= delta.</li>
 *   <li>No long memory: bias({@value #FEW_LAGS}) &lt;= {@value #NO_MEMORY_BIAS}, nine tenths of the
 *       gradient's reach lies in the last {@value #FEW_LAGS} steps.</li>
 * </ul>
 * The bias is the paper's proxy: the gradient norm with respect to the state stands in for its
 * contribution to the parameters' gradient.
 */
public final class Horizon {

    /** R^2 from which a log-linear tail counts as geometric decay. */
    public static final double GEOMETRIC_R2 = 0.9;
    /** Fewest lags a tail fit needs. */
    public static final int MIN_FIT_POINTS = 5;
    /** "No long memory" when a window of this many steps keeps all but {@link #NO_MEMORY_BIAS} of the reach. */
    public static final int FEW_LAGS = 4;
    public static final double NO_MEMORY_BIAS = 0.1;
    /** The share of the peak phi still present at the max lag that says the max lag is too short. */
    public static final double STILL_HIGH = 0.1;

    private static final double Z95 = Normal.quantile(0.975);

    private Horizon() {
    }

    /**
     * The geometric tail fit log phi_k = logC + k log(beta) over lags [from, to].
     *
     * @param points lags in [from, to] with phi_k > 0 that the fit used
     */
    public record Fit(int from, int to, int points, double logC, double beta, double betaLow, double betaHigh, double r2) {

        /** Whether the tail decays geometrically: a good log-linear fit with beta &lt; 1. */
        public boolean geometric() {
            return r2 >= GEOMETRIC_R2 && beta < 1;
        }
    }

    /**
     * A suggested k2 for one tolerance.
     *
     * @param tolerance    the relative truncation bias allowed
     * @param k2           the smallest window with bias at most tolerance; 0 when none is reliable (the tail does not decay)
     * @param bias         the bias at k2 (NaN when k2 is 0)
     * @param extrapolated k2 lies past the max lag: it comes from the fitted tail alone
     */
    public record Choice(double tolerance, int k2, double bias, boolean extrapolated) {
    }

    /**
     * The analysis of per-lag norms.
     *
     * @param maxLag       K
     * @param samples      loss positions x rows measured
     * @param phi          mean norm per lag, (K + 1)
     * @param lowerQuartile 25% quantile per lag
     * @param median       median per lag
     * @param upperQuartile 75% quantile per lag
     * @param stdError     standard error of phi per lag
     * @param fit          the tail fit; null when the decay cannot be fitted (too few positive lags after the peak)
     * @param tail         R, the reach beyond K estimated from the fit (0: cut; infinite: no decay)
     * @param bias         relative truncation bias of k2 = 0..K (bias[0] = 1)
     * @param suggestions  one per tolerance, in the order given
     * @param noLongMemory the reach is within {@link #FEW_LAGS} steps
     * @param warnings     why a suggestion may not be reliable, in words (empty when none)
     */
    public record Analysis(int maxLag, int samples, double[] phi, double[] lowerQuartile, double[] median,
                           double[] upperQuartile, double[] stdError, Fit fit, double tail, double[] bias,
                           List<Choice> suggestions, boolean noLongMemory, List<String> warnings) {

        public Analysis {
            suggestions = List.copyOf(suggestions);
            warnings = List.copyOf(warnings);
        }

        /** The suggestion for {@code tolerance}, or null when it was not asked for. */
        public Choice suggestion(double tolerance) {
            return suggestions.stream().filter(c -> c.tolerance() == tolerance).findFirst().orElse(null);
        }
    }

    /**
     * Analyses per-lag norms.
     *
     * @param norms      (samples x (K + 1)) gradient norms, non-negative; K >= 1
     * @param tolerances relative truncation biases, each in (0, 1)
     */
    public static Analysis analyse(double[][] norms, double... tolerances) {
        if (norms.length == 0) {
            throw new IllegalArgumentException("no samples: measure the norms at one loss position at least");
        }
        int K = norms[0].length - 1;
        if (K < 1) {
            throw new IllegalArgumentException("the norms need lags 0..K with K >= 1, got " + (K + 1) + " lag(s)");
        }
        for (double d : tolerances) {
            if (!(d > 0 && d < 1)) {
                throw new IllegalArgumentException("a tolerance is a relative bias in (0, 1), got " + d);
            }
        }
        int n = norms.length;
        double[] phi = new double[K + 1];
        double[] q1 = new double[K + 1];
        double[] q2 = new double[K + 1];
        double[] q3 = new double[K + 1];
        double[] se = new double[K + 1];
        double[] column = new double[n];
        for (int k = 0; k <= K; k++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                if (norms[s].length != K + 1) {
                    throw new IllegalArgumentException("sample " + s + " has " + norms[s].length + " lags, the first " + (K + 1));
                }
                double v = norms[s][k];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("norm of sample " + s + " at lag " + k + " is " + v
                            + ": the network's gradients are not finite (a diverged model?)");
                }
                column[s] = v;
                sum += v;
            }
            phi[k] = sum / n;
            double ss = 0;
            for (int s = 0; s < n; s++) {
                ss += (column[s] - phi[k]) * (column[s] - phi[k]);
            }
            se[k] = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
            Arrays.sort(column);
            q1[k] = quantile(column, 0.25);
            q2[k] = quantile(column, 0.5);
            q3[k] = quantile(column, 0.75);
        }
        double total = 0;
        for (int k = 0; k <= K; k++) {
            total += phi[k];
        }
        List<String> warnings = new ArrayList<>();
        if (!(total > 0)) {
            throw new IllegalArgumentException("every gradient norm is 0: the loss does not depend on the state "
                    + "(a constant model?); nothing to measure");
        }
        int peak = 1;
        for (int k = 2; k <= K; k++) {
            if (phi[k] > phi[peak]) {
                peak = k;
            }
        }
        int decay = peak;
        while (decay < K && phi[decay] > phi[peak] / 2) {
            decay++;
        }
        Fit fit = tailFit(phi, decay);
        double tail;
        if (phi[K] == 0) {
            tail = 0; // every sample's gradient is cut before lag K: nothing lies beyond it
        } else if (fit == null || !(fit.beta() < 1) || phi[K] > phi[peak] / 2) {
            tail = Double.POSITIVE_INFINITY; // no decay seen: nothing bounds what lies beyond K
        } else {
            tail = Math.exp(fit.logC() + Math.log(fit.beta()) * (K + 1)) / (1 - fit.beta());
        }
        if (phi[K] > phi[peak] / 2) {
            warnings.add(String.format(Locale.ROOT, "the gradient does not decay within the max lag %d (it never falls "
                    + "to half its peak at lag %d): the loss reaches further back and no k2 is reliable; measure with "
                    + "a larger max lag", K, peak));
        } else if (phi[K] > 0 && fit == null) {
            warnings.add(String.format(Locale.ROOT, "the max lag %d is too short to see the decay: fewer than %d lags "
                    + "with a gradient after its decay starts at lag %d; measure with a larger max lag", K, MIN_FIT_POINTS, decay));
        } else if (phi[K] > 0 && !(fit.beta() < 1)) {
            warnings.add(String.format(Locale.ROOT, "the gradient does not decay (beta = %.3f >= 1 from lag %d): "
                    + "the loss reaches past lag %d and no k2 is reliable", fit.beta(), fit.from(), K));
        } else if (phi[K] > 0 && !fit.geometric()) {
            warnings.add(String.format(Locale.ROOT, "the decay is not geometric (R^2 = %.2f < %.2f from lag %d): "
                    + "the tail beyond lag %d and the suggestions resting on it are not reliable", fit.r2(), GEOMETRIC_R2,
                    fit.from(), K));
        }
        if (phi[K] > STILL_HIGH * phi[peak] && phi[K] <= phi[peak] / 2) {
            warnings.add(String.format(Locale.ROOT, "the gradient at the max lag %d is still %.0f%% of its peak: "
                    + "measure with a larger max lag", K, 100 * phi[K] / phi[peak]));
        }
        double[] bias = new double[K + 1];
        double after = tail;
        for (int k = K; k >= 0; k--) {
            after += phi[k];
            bias[k] = Double.isInfinite(tail) ? 1 : after / (total + tail);
        }
        List<Choice> choices = new ArrayList<>();
        for (double delta : tolerances) {
            choices.add(choose(delta, bias, fit, tail, total));
        }
        for (Choice c : choices) {
            if (c.extrapolated()) {
                warnings.add(String.format(Locale.ROOT, "k2 = %d for tolerance %s lies past the max lag %d: "
                        + "extrapolated from the fitted tail; measure with a max lag of %d or more to confirm",
                        c.k2(), c.tolerance(), K, c.k2()));
                break;
            }
        }
        boolean noLongMemory = !Double.isInfinite(tail) && bias[Math.min(FEW_LAGS, K)] <= NO_MEMORY_BIAS;
        return new Analysis(K, n, phi, q1, q2, q3, se, fit, tail, bias, choices, noLongMemory, warnings);
    }

    private static Choice choose(double delta, double[] bias, Fit fit, double tail, double total) {
        int K = bias.length - 1;
        for (int k = 1; k <= K; k++) {
            if (bias[k] <= delta) {
                return new Choice(delta, k, bias[k], false);
            }
        }
        if (Double.isInfinite(tail)) {
            return new Choice(delta, 0, Double.NaN, false);
        }
        // C beta^k2 / (1 - beta) <= delta (S + R)  <=>  k2 >= (log(delta (S + R) (1 - beta)) - log C) / log beta
        double logBeta = Math.log(fit.beta());
        double k2 = Math.ceil((Math.log(delta * (total + tail) * (1 - fit.beta())) - fit.logC()) / logBeta);
        int at = (int) Math.max(K + 1, Math.min(k2, Integer.MAX_VALUE / 2));
        double b = Math.exp(fit.logC() + logBeta * at) / (1 - fit.beta()) / (total + tail);
        return new Choice(delta, at, b, true);
    }

    /**
     * The tail fit: from the first lag tau >= decay whose fit over [tau, K] is geometric, else the
     * fit from the decay's start (flagged by its R^2 or beta); null with fewer than MIN_FIT_POINTS positive lags.
     */
    static Fit tailFit(double[] phi, int decay) {
        int K = phi.length - 1;
        Fit first = null;
        for (int from = decay; from <= K - MIN_FIT_POINTS + 1; from++) {
            Fit f = logLinear(phi, from, K);
            if (f == null) {
                continue;
            }
            if (f.geometric()) {
                return f;
            }
            if (first == null) {
                first = f;
            }
        }
        return first;
    }

    /** Least squares of log phi_k on k over the lags in [from, to] with phi_k > 0; null with too few. */
    static Fit logLinear(double[] phi, int from, int to) {
        int m = 0;
        double mk = 0;
        double my = 0;
        for (int k = from; k <= to; k++) {
            if (phi[k] > 0) {
                m++;
                mk += k;
                my += Math.log(phi[k]);
            }
        }
        if (m < MIN_FIT_POINTS) {
            return null;
        }
        mk /= m;
        my /= m;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int k = from; k <= to; k++) {
            if (phi[k] > 0) {
                double dx = k - mk;
                double dy = Math.log(phi[k]) - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
        }
        double slope = sxy / sxx;
        double sse = Math.max(0, syy - slope * sxy);
        double r2 = syy > 0 ? 1 - sse / syy : 1;
        double slopeSe = Math.sqrt(sse / (m - 2) / sxx);
        double logC = my - slope * mk;
        return new Fit(from, to, m, logC, Math.exp(slope), Math.exp(slope - Z95 * slopeSe), Math.exp(slope + Z95 * slopeSe), r2);
    }

    /** The p-quantile of sorted values, linear between order statistics (numpy's default). */
    private static double quantile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
