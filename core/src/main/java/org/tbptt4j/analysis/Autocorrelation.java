package org.tbptt4j.analysis;

/**
 * Sample autocorrelation (ACF) and partial autocorrelation (PACF) of a series, with their 95%
 * bands, equal to statsmodels' {@code statsmodels.tsa.stattools.acf(x, nlags, alpha=0.05)} and
 * {@code pacf(x, nlags, alpha=0.05)} with their default methods (read in statsmodels 0.13.5's
 * {@code tsa/stattools.py} and {@code regression/linear_model.py::yule_walker}; 0.14 documents
 * the same defaults):
 *
 * <ul>
 *   <li>{@code acf}: adjusted=False, demean=True: r_k = gamma_k / gamma_0 with denominator n at
 *       every lag (statsmodels computes it by FFT; the direct sum here is the same number).
 *   <li>{@code acf} band (bartlett_confint=True): var(r_1) = 1/n,
 *       var(r_k) = (1 + 2 sum_{j=1}^{k-1} r_j^2) / n, half-width z * sqrt(var), lag 0 band 0.
 *   <li>{@code pacf}: method="ywadjusted": pacf_k is the last coefficient of the order-k
 *       Yule-Walker fit on c_0..c_k, the demeaned autocovariances with denominator n - k at lag k.
 *       statsmodels solves each order's Toeplitz system; here the Durbin-Levinson recursion
 *       gives all orders in O(L^2), carried in double-double (see {@link DoubleDouble}).
 *   <li>{@code pacf} band: z / sqrt(n) at every lag >= 1 (0 at lag 0).
 * </ul>
 *
 * <p>Lag limits as statsmodels: the ACF default is min(floor(10 log10 n), n - 1) and larger
 * requests are capped at n - 1; the PACF default is min(floor(10 log10 n), n/2 - 1) and PACF lags
 * must stay below n/2 (beyond that c_k averages fewer than n/2 products).
 *
 * <p>Note on the PACF default: the adjusted autocovariances need not form a positive-definite
 * sequence, so for smooth or trending series |pacf_k| can exceed 1 (statsmodels gives the same
 * values; its own docs note "ywadjusted" is the least accurate of its estimators). The analysis
 * ({@link Suggestions#analyze}) then shows {@link #pacfUnadjusted} instead, which stays in [-1, 1].
 */
public final class Autocorrelation {

    /** The standard normal 97.5% quantile, scipy.stats.norm.ppf(0.975): 95% two-sided bands. */
    public static final double Z95 = 1.959963984540054;

    private Autocorrelation() {
    }

    /** statsmodels' ACF default lag count: min(floor(10 log10 n), n - 1). */
    public static int defaultNlags(int n) {
        return Math.min((int) (10 * Math.log10(n)), n - 1);
    }

    /** statsmodels' PACF default lag count: min(floor(10 log10 n), n/2 - 1). */
    public static int defaultPacfNlags(int n) {
        return Math.min((int) (10 * Math.log10(n)), n / 2 - 1);
    }

    /** The largest PACF lag statsmodels accepts for n values: n/2 - 1. */
    public static int maxPacfNlags(int n) {
        return n / 2 - 1;
    }

    /**
     * The sample autocorrelation r_0..r_L, L = min(nlags, n - 1):
     * r_k = sum_{t=0}^{n-1-k} d_t d_{t+k} / sum_t d_t^2, d_t = x_t - mean (denominator n at every
     * lag, so it cancels). r_0 = 1.
     *
     * @throws IllegalArgumentException if n < 2, nlags < 1, a value is not finite, or x is constant
     */
    public static double[] acf(double[] x, int nlags) {
        checkSeries(x, 2);
        if (nlags < 1) {
            throw new IllegalArgumentException("nlags must be >= 1, got " + nlags
                    + "; Autocorrelation.defaultNlags(n) gives statsmodels' default");
        }
        int lags = Math.min(nlags, x.length - 1);
        double[] d = demeaned(x);
        DoubleDouble gamma0 = DoubleDouble.dot(d, 0, d, 0, d.length);
        double[] r = new double[lags + 1];
        r[0] = 1;
        for (int k = 1; k <= lags; k++) {
            // r_k = (sum_t d_t d_{t+k}) / (sum_t d_t^2), both over n
            r[k] = DoubleDouble.dot(d, 0, d, k, d.length - k).div(gamma0).value();
        }
        return r;
    }

    /**
     * Bartlett's 95% half-widths for an ACF r_0..r_L of a series of n values, as statsmodels'
     * acf(alpha=0.05): band_0 = 0, band_k = Z95 * sqrt((1 + 2 sum_{j=1}^{k-1} r_j^2) / n).
     * (The variance of r_k if the series were MA(k-1).)
     */
    public static double[] acfBands(double[] r, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        double[] band = new double[r.length];
        double sumSq = 0;                                  // sum_{j=1}^{k-1} r_j^2
        for (int k = 1; k < r.length; k++) {
            band[k] = Z95 * Math.sqrt((1 + 2 * sumSq) / n);
            sumSq += r[k] * r[k];
        }
        return band;
    }

    /**
     * The partial autocorrelation pacf_0..pacf_L, L = nlags, as statsmodels' default
     * pacf(method="ywadjusted"): pacf_0 = 1 and pacf_k = phi_kk, the last coefficient of the
     * order-k Yule-Walker fit sum_j phi_kj c_{|i-j|} = c_i (i = 1..k) on the adjusted
     * autocovariances c_k = sum_{t=0}^{n-1-k} d_t d_{t+k} / (n - k).
     *
     * <p>Durbin-Levinson, with v_0 = c_0:
     * phi_kk = (c_k - sum_{j=1}^{k-1} phi_{k-1,j} c_{k-j}) / v_{k-1},
     * phi_kj = phi_{k-1,j} - phi_kk phi_{k-1,k-j}, v_k = v_{k-1} (1 - phi_kk^2).
     *
     * @throws IllegalArgumentException if nlags < 1 or nlags >= n/2 (statsmodels' limit), a value
     *     is not finite, x is constant, or an order's Toeplitz system is singular
     */
    public static double[] pacf(double[] x, int nlags) {
        checkSeries(x, 2);
        int n = x.length;
        if (nlags < 1 || nlags > maxPacfNlags(n)) {
            throw new IllegalArgumentException("pacf nlags must be in [1, n/2 - 1] = [1, "
                    + maxPacfNlags(n) + "] for n = " + n + " values (statsmodels' limit), got "
                    + nlags + "; Autocorrelation.defaultPacfNlags(n) gives statsmodels' default");
        }
        double[] d = demeaned(x);
        DoubleDouble[] c = new DoubleDouble[nlags + 1];    // c_k, denominator n - k
        for (int k = 0; k <= nlags; k++) {
            c[k] = DoubleDouble.of(DoubleDouble.dot(d, 0, d, k, n - k).div(DoubleDouble.of(n - k))
                    .value());                             // rounded to double, as statsmodels has it
        }
        return durbinLevinson(c, nlags);
    }

    /**
     * The partial autocorrelation by unadjusted Yule-Walker, statsmodels' pacf(method="ywm"): the
     * same recursion as {@link #pacf} on the autocovariances with denominator n at every lag,
     * c_k = sum_{t=0}^{n-1-k} d_t d_{t+k} / n. That sequence is positive semi-definite, so every
     * |pacf_k| <= 1 (the adjusted estimate need not stay there); it is biased towards 0 at long lags.
     *
     * @throws IllegalArgumentException as {@link #pacf}
     */
    public static double[] pacfUnadjusted(double[] x, int nlags) {
        checkSeries(x, 2);
        int n = x.length;
        if (nlags < 1 || nlags > maxPacfNlags(n)) {
            throw new IllegalArgumentException("pacf nlags must be in [1, n/2 - 1] = [1, " + maxPacfNlags(n) + "] for n = " + n
                    + " values, got " + nlags);
        }
        double[] d = demeaned(x);
        DoubleDouble[] c = new DoubleDouble[nlags + 1];    // c_k, denominator n
        for (int k = 0; k <= nlags; k++) {
            c[k] = DoubleDouble.of(DoubleDouble.dot(d, 0, d, k, n - k).div(DoubleDouble.of(n)).value());
        }
        return durbinLevinson(c, nlags);
    }

    /** The 95% PACF half-width of statsmodels' pacf(alpha=0.05) at lags >= 1: Z95 / sqrt(n). */
    public static double pacfBand(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        return Z95 / Math.sqrt(n);
    }

    /** Durbin-Levinson over autocovariances c_0..c_L: returns 1, phi_11, ..., phi_LL. */
    private static double[] durbinLevinson(DoubleDouble[] c, int lags) {
        double[] out = new double[lags + 1];
        out[0] = 1;
        DoubleDouble[] phi = new DoubleDouble[lags + 1];   // phi[j] = phi_{k-1,j}, j = 1..k-1
        DoubleDouble[] next = new DoubleDouble[lags + 1];
        DoubleDouble v = c[0];                             // v_{k-1}: innovation variance of order k-1
        for (int k = 1; k <= lags; k++) {
            if (v.hi() == 0 || !Double.isFinite(v.hi())) {
                throw new IllegalArgumentException("the order-" + k + " Yule-Walker system is"
                        + " singular (the series is exactly predictable from " + (k - 1)
                        + " past values); use fewer lags");
            }
            DoubleDouble num = c[k];                       // c_k - sum_j phi_{k-1,j} c_{k-j}
            for (int j = 1; j < k; j++) {
                num = num.sub(phi[j].mul(c[k - j]));
            }
            DoubleDouble a = num.div(v);                   // phi_kk
            for (int j = 1; j < k; j++) {
                next[j] = phi[j].sub(a.mul(phi[k - j]));   // phi_kj = phi_{k-1,j} - phi_kk phi_{k-1,k-j}
            }
            next[k] = a;
            DoubleDouble[] swap = phi;
            phi = next;
            next = swap;
            v = v.mul(DoubleDouble.ONE.sub(a.mul(a)));     // v_k = v_{k-1} (1 - phi_kk^2)
            out[k] = a.value();
        }
        return out;
    }

    /** d_t = x_t - mean, the mean summed with compensation. */
    private static double[] demeaned(double[] x) {
        double mean = DoubleDouble.sum(x).div(DoubleDouble.of(x.length)).value();
        double[] d = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            d[t] = x[t] - mean;
        }
        return d;
    }

    /** Loud checks: enough values, all finite, not constant (r_k = 0/0 for a constant series). */
    static void checkSeries(double[] x, int minLength) {
        if (x == null || x.length < minLength) {
            throw new IllegalArgumentException("need a series of at least " + minLength
                    + " values, got " + (x == null ? "null" : x.length + ""));
        }
        double min = x[0];
        double max = x[0];
        for (int t = 0; t < x.length; t++) {
            if (!Double.isFinite(x[t])) {
                throw new IllegalArgumentException("value " + t + " is " + x[t]
                        + ": remove or fill missing values before the analysis");
            }
            min = Math.min(min, x[t]);
            max = Math.max(max, x[t]);
        }
        if (min == max) {
            throw new IllegalArgumentException("the series is constant (every value is " + min
                    + "): its autocorrelation is undefined (0/0)");
        }
    }
}
