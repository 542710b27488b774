package org.tbptt4j.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tbptt4j.data.Lengths;

/**
 * Turns the ACF and PACF of a series into candidate TBPTT subsequence lengths, each with the rule
 * that produced it:
 *
 * <ol>
 *   <li>PACF order: the last significant PACF lag k within statsmodels' default range for n
 *       ({@link #orderLags}), so the series depends on about k past steps; candidate k + 1 (a
 *       window must hold the k inputs and the step they predict). A PACF value outside [-1, 1]
 *       suggests nothing (the analysis then shows an estimate that stays inside).
 *   <li>ACF period: over the whole usable lag range ({@link #examinedLags}), the first significant
 *       ACF peak after the ACF's first zero crossing that is the highest value within half its lag
 *       either side (so 2p, 3p are taken as multiples of p, not rival periods); candidates p and 2p.
 *   <li>Each candidate is moved to a divisor of n when one lies within 10% (windows then tile the
 *       series with no padding); k + 1 only moves up, since it is a minimum. Candidates are
 *       de-duplicated (their rules joined) and sorted ascending.
 * </ol>
 *
 * <p>"Significant" is judged against the 95% band held jointly over the L lags tested
 * (Bonferroni: z = Phi^{-1}(1 - 0.05 / (2L)) in place of 1.96). Both rules pick one lag out of L;
 * against the per-lag band, 5% of the lags of white noise cross by chance, so with L = 36 the
 * "last significant lag" of an AR(3) series would be a chance crossing most of the time. With
 * L = 1 the joint band is the per-lag band that {@link Analysis} reports.
 */
public final class Suggestions {

    /** Two-sided level of the joint bands. */
    public static final double ALPHA = 0.05;
    /** A candidate moves to a divisor of n within this relative distance. */
    public static final double FACTOR_TOLERANCE = 0.10;

    private Suggestions() {
    }

    /** {@link #analyze(double[], int)} with statsmodels' default lag count min(10 log10 n, n - 1). */
    public static Analysis analyze(double[] x) {
        Autocorrelation.checkSeries(x, 4);
        return analyze(x, Autocorrelation.defaultNlags(x.length));
    }

    /**
     * ACF to min(nlags, n - 1) lags and PACF to min(nlags, n/2 - 1) lags, their 95% bands, and
     * the suggestions. The suggestions do not depend on nlags: the PACF order is sought over
     * {@link #orderLags} lags and the ACF period over {@link #examinedLags}, both fixed by n, so
     * showing more lags never moves them. The PACF is statsmodels' adjusted Yule-Walker estimate
     * unless that leaves [-1, 1] anywhere over the shown and examined lags; then it is the
     * unadjusted estimate, which cannot ({@link Autocorrelation#pacfUnadjusted}), and the analysis says so.
     *
     * @throws IllegalArgumentException if n < 4, nlags < 1, a value is not finite or x is constant
     */
    public static Analysis analyze(double[] x, int nlags) {
        Autocorrelation.checkSeries(x, 4);
        int n = x.length;
        int examined = examinedLags(n);
        int order = orderLags(n);
        double[] acfAll = Autocorrelation.acf(x, Math.max(nlags, examined));
        double[] acf = java.util.Arrays.copyOf(acfAll, Math.min(nlags, n - 1) + 1);
        double[] acfBand = Autocorrelation.acfBands(acf, n);
        int shownPacf = Math.min(acf.length - 1, Autocorrelation.maxPacfNlags(n));
        String[] method = new String[1];
        double[] pacf = boundedPacf(x, shownPacf, method);
        String[] orderMethod = new String[1];
        double[] orderPacf = order == shownPacf ? pacf : boundedPacf(x, order, orderMethod);
        if (order == shownPacf) {
            orderMethod[0] = method[0];
        }
        double[] acfExamined = java.util.Arrays.copyOf(acfAll, examined + 1);
        int period = period(acfExamined, n);
        List<Candidate> candidates = new ArrayList<>();
        candidates.addAll(fromPacf(orderPacf, n));
        candidates.addAll(fromAcf(acfExamined, period, n));
        String lags = String.format(Locale.ROOT, "PACF order sought over lags 1..%d (statsmodels' default range for n = %d; %s), "
                + "ACF period over lags 1..%d (n/2 - 1, at most %d); both fixed by n", order, n,
                orderMethod[0].substring(0, orderMethod[0].indexOf(" Yule-Walker") + 12), examined, MAX_EXAMINED);
        return new Analysis(n, acf.length - 1, acf, acfBand, pacf, Autocorrelation.pacfBand(n), merge(candidates, n), method[0],
                lags, period);
    }

    /**
     * pacf_0..pacf_lags by adjusted Yule-Walker (statsmodels' default) when every value lies in
     * [-1, 1], else by unadjusted Yule-Walker, which always does; method[0] says which, and why.
     */
    private static double[] boundedPacf(double[] x, int lags, String[] method) {
        double[] p = Autocorrelation.pacf(x, lags);
        for (int k = 1; k < p.length; k++) {
            if (!(Math.abs(p[k]) <= 1)) {
                method[0] = String.format(Locale.ROOT, "unadjusted Yule-Walker (statsmodels' method=\"ywm\"), which stays in [-1, 1]: "
                        + "the adjusted estimate leaves it over lags 1..%d (|pacf_%d| = %.3g), as it can on smooth or trending "
                        + "series", lags, k, Math.abs(p[k]));
                return Autocorrelation.pacfUnadjusted(x, lags);
            }
        }
        method[0] = "adjusted Yule-Walker (statsmodels' default), within [-1, 1] at every lag up to " + lags;
        return p;
    }

    /** The most lags the period search examines, so that long series stay quick to analyse. */
    public static final int MAX_EXAMINED = 1000;

    /** Lags the ACF period is sought over for n values: n/2 - 1, at most {@link #MAX_EXAMINED}. */
    public static int examinedLags(int n) {
        return Math.max(1, Math.min(Autocorrelation.maxPacfNlags(n), MAX_EXAMINED));
    }

    /** Lags the PACF order is sought over for n values: statsmodels' default min(10 log10 n, n/2 - 1). */
    public static int orderLags(int n) {
        return Math.max(1, Autocorrelation.defaultPacfNlags(n));
    }

    /**
     * Lengths for a corpus of sentences (sequences of varying length): pad to the 90th
     * percentile, pad to the longest, or cut at the mean; each rule states the distribution
     * (mean, median, p90, max) and the share of padded slots and cut tokens at that length.
     */
    public static List<Suggestion> forSentences(int[] sentenceLengths) {
        LengthSummary s = LengthSummary.of(sentenceLengths);
        int p90 = (int) Math.ceil(s.p90());
        int mean = Math.max(1, (int) Math.round(s.mean()));
        Map<Integer, String> rules = new TreeMap<>();
        add(rules, p90, "pad to the 90th percentile (" + fmt1(s.p90()) + " -> " + p90
                + "): 90% of sentences fit whole" + cost(sentenceLengths, p90, s));
        add(rules, s.max(), "pad to the longest sentence (max " + s.max() + "): none is cut"
                + cost(sentenceLengths, s.max(), s));
        add(rules, mean, "cut at the mean (" + fmt1(s.mean()) + " -> " + mean
                + "): longer sentences span several windows"
                + cost(sentenceLengths, mean, s));
        List<Suggestion> out = new ArrayList<>();
        rules.forEach((len, rule) -> out.add(new Suggestion(len, rule)));
        return out;
    }

    /** Rule (a): the last lag k whose |pacf_k| crosses the joint band; candidate k + 1. None from a value outside [-1, 1]. */
    private static List<Candidate> fromPacf(double[] pacf, int n) {
        int lags = pacf.length - 1;
        double band = jointZ(lags) / Math.sqrt(n);
        for (int k = lags; k >= 1; k--) {
            if (!(Math.abs(pacf[k]) <= 1)) {
                return List.of();   // an unreliable estimate suggests nothing
            }
            if (Math.abs(pacf[k]) > band) {
                String rule = "the last significant PACF lag is " + k + ": the series depends on"
                        + " about " + k + " past steps; subsequences of at least " + (k + 1)
                        + " steps (|pacf_" + k + "| = " + fmt3(Math.abs(pacf[k])) + " > "
                        + fmt3(band) + ", the 95% band held jointly over the " + lags + " lags examined)";
                return List.of(new Candidate(k + 1, true, rule));
            }
        }
        return List.of();
    }

    /** Rule (b): the dominant ACF period p, if any; candidates p and 2p. */
    private static List<Candidate> fromAcf(double[] acf, int p, int n) {
        if (p < 0) {
            return List.of();
        }
        int lags = acf.length - 1;
        int zero = firstZero(acf);
        String why = "acf_" + p + " = " + fmt3(acf[p]) + " > " + fmt3(nullBand(acf, zero, n) * jointZ(lags))
                + ", its Bartlett band if the series had no correlation beyond lag " + (zero - 1) + ", where the ACF first "
                + "crosses zero, held jointly over the " + lags + " lags examined";
        List<Candidate> out = new ArrayList<>();
        out.add(new Candidate(p, false, "ACF peaks at lag " + p + " (period " + p + "): a"
                + " subsequence spans one period (" + why + ")"));
        out.add(new Candidate(2 * p, false, "twice the ACF period " + p + ": a subsequence spans"
                + " two periods"));
        return out;
    }

    /**
     * The dominant period: the first lag p after the ACF's first zero crossing z with
     * r_{p-1} < r_p >= r_{p+1}, r_p above its band, and r_p = max r_j over j in
     * [max(z, ceil(p/2)), min(L, floor(3p/2))] (so 2p, 3p count as multiples of p, not rival
     * periods); -1 if none (for instance when the ACF never crosses zero). The band is Bartlett's
     * for a series with no correlation beyond lag z - 1, var = (1 + 2 sum_{j<z} r_j^2) / n (the
     * null "no period": the memory ends where the ACF first crosses zero), held jointly over the L
     * lags (Bonferroni). The band of a moving-average process of every order below p would widen
     * with the very cycle it tests, so a yearly cycle of daily data (r = 0.45 at lag 363) would never pass.
     *
     * @param acf r_0..r_L
     * @param n   values in the series
     */
    static int period(double[] acf, int n) {
        int lags = acf.length - 1;
        int zero = firstZero(acf);
        if (zero > lags) {
            return -1;
        }
        double band = nullBand(acf, zero, n) * jointZ(lags);
        for (int k = zero + 1; k < lags; k++) {
            boolean localMax = acf[k - 1] < acf[k] && acf[k] >= acf[k + 1];
            if (!localMax || acf[k] <= band) {
                continue;
            }
            boolean dominant = true;
            for (int j = Math.max(zero, (k + 1) / 2); j <= Math.min(lags, 3 * k / 2); j++) {
                dominant &= acf[j] <= acf[k];
            }
            if (dominant) {
                return k;
            }
        }
        return -1;
    }

    /** The first lag whose r is not positive (lags + 1 when there is none). */
    private static int firstZero(double[] acf) {
        int zero = 1;
        while (zero < acf.length && acf[zero] > 0) {
            zero++;
        }
        return zero;
    }

    /** sqrt((1 + 2 sum_{j=1}^{zero-1} r_j^2) / n): the standard error of r_k, k >= zero, if r_j = 0 beyond zero - 1. */
    private static double nullBand(double[] acf, int zero, int n) {
        double sumSq = 0;
        for (int j = 1; j < Math.min(zero, acf.length); j++) {
            sumSq += acf[j] * acf[j];
        }
        return Math.sqrt((1 + 2 * sumSq) / n);
    }

    /** z of the two-sided 95% band held jointly over `lags` tests (Bonferroni). */
    static double jointZ(int lags) {
        return lags == 1 ? Autocorrelation.Z95 : Normal.quantile(1 - ALPHA / (2.0 * lags));
    }

    /**
     * The divisor of n nearest to c within FACTOR_TOLERANCE * c (ties to the larger; only
     * divisors >= c when upOnly), or c itself when there is none.
     */
    static int roundToFactor(int c, int n, boolean upOnly) {
        int lo = upOnly ? c : (int) Math.ceil(c * (1 - FACTOR_TOLERANCE));
        int hi = (int) Math.floor(c * (1 + FACTOR_TOLERANCE));
        int best = c;
        int bestDist = Integer.MAX_VALUE;
        for (int d : Lengths.factors(n, lo, hi)) {
            int dist = Math.abs(d - c);
            if (dist <= bestDist) {                        // ascending, so ties go to the larger
                best = d;
                bestDist = dist;
            }
        }
        return best;
    }

    /** Rounds each candidate to a factor of n, drops those longer than n, joins equal lengths. */
    private static List<Suggestion> merge(List<Candidate> candidates, int n) {
        Map<Integer, String> rules = new TreeMap<>();
        for (Candidate c : candidates) {
            if (c.length() > n) {
                continue;
            }
            int len = roundToFactor(c.length(), n, c.upOnly());
            String factor = len != c.length()
                    ? "; rounded from " + c.length() + " to " + len + ", a factor of n = " + n
                    : n % len == 0 ? "; " + len + " is a factor of n = " + n : "";
            add(rules, len, c.rule() + factor
                    + (n % len == 0 ? " (" + n / len + " subsequences tile the series)" : ""));
        }
        List<Suggestion> out = new ArrayList<>();
        rules.forEach((len, rule) -> out.add(new Suggestion(len, rule)));
        return out;
    }

    private static void add(Map<Integer, String> rules, int length, String rule) {
        rules.merge(length, rule, (a, b) -> a + "; also: " + b);
    }

    /** Padded slots / all slots and cut tokens / all tokens when every sentence gets `len` steps. */
    private static String cost(int[] lengths, int len, LengthSummary s) {
        long padded = 0;
        long cut = 0;
        for (int l : lengths) {
            padded += Math.max(0, len - l);
            cut += Math.max(0, l - len);
        }
        return String.format(Locale.ROOT, " (%.1f%% of slots padding, %.1f%% of tokens beyond it; %s)",
                100.0 * padded / ((double) len * lengths.length), 100.0 * cut / s.total(), s);
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A length before rounding to a factor of n; upOnly for minimums. */
    private record Candidate(int length, boolean upOnly, String rule) {
    }
}
