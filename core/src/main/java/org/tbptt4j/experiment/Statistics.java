package org.tbptt4j.experiment;

import java.util.Arrays;

/**
 * The statistics of repeated trials: mean, sample standard deviation, median, Student-t confidence
 * intervals, and Welch's unequal-variance t-test. The t distribution comes from the regularised
 * incomplete beta function (continued fraction, Numerical Recipes 6.4); quantiles agree with scipy to 1e-8.
 */
public final class Statistics {

    private Statistics() {
    }

    /** Summary of one sample: n, mean, sd (n - 1), median, and the 95% Student-t interval of the mean. */
    public record Summary(int n, double mean, double sd, double median, double ciLow, double ciHigh) {
    }

    public static Summary summarize(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(values).sum() / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double half = n > 1 ? tQuantile(0.975, n - 1) * sd / Math.sqrt(n) : Double.NaN;
        return new Summary(n, mean, sd, median, mean - half, mean + half);
    }

    /**
     * Welch's two-sided t-test of equal means: t = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2) with the
     * Welch-Satterthwaite degrees of freedom. Returns the p-value; 1 when both samples are constant
     * and equal, 0 when constant and different.
     */
    public static double welchP(Summary a, Summary b) {
        if (a.n() < 2 || b.n() < 2) {
            return Double.NaN;
        }
        double va = a.sd() * a.sd() / a.n();
        double vb = b.sd() * b.sd() / b.n();
        if (va + vb == 0) {
            return a.mean() == b.mean() ? 1 : 0;
        }
        double t = (a.mean() - b.mean()) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        return 2 * (1 - tCdf(Math.abs(t), df));
    }

    /**
     * Holm's step-down adjustment of m p-values for multiple comparisons (family-wise error at
     * the level the adjusted values are compared with): sorted ascending p_(1) &lt;= ... &lt;= p_(m),
     * adjusted p_(i) = max over j &lt;= i of min(1, (m - j + 1) p_(j)), returned in the input's order.
     * NaN values are left out of m and stay NaN.
     */
    public static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                order[m++] = i;
            }
        }
        Integer[] finite = Arrays.copyOf(order, m);
        Arrays.sort(finite, (a, b) -> Double.compare(p[a], p[b]));
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[finite[j]]));
            out[finite[j]] = running;
        }
        return out;
    }

    /** P(T &lt;= t) for Student's t with df degrees of freedom. */
    public static double tCdf(double t, double df) {
        // x = df / (df + t^2) and its complement, each computed without cancellation
        double x = df / (df + t * t);
        double complement = t * t / (df + t * t);
        double tail = 0.5 * regularizedBeta(x, complement, df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The p-quantile of Student's t with df degrees of freedom (bisection on the CDF). */
    public static double tQuantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double lo = -1e3;
        double hi = 1e3;
        for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); i++) {
            double mid = (lo + hi) / 2;
            if (tCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** I_x(a, b), the regularised incomplete beta function; y = 1 - x, given separately for accuracy. */
    static double regularizedBeta(double x, double y, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (y <= 0) {
            return 1;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
        // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaFraction(y, b, a) / b;
    }

    /** Lentz's evaluation of the incomplete beta continued fraction. */
    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
