package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;

/**
 * Central finite differences in double precision, the rule of the reference's README: eps 1e-6,
 * relative error |a - n| / (|a| + |n|) at most 1e-6 (elements where both are below 1e-8 pass).
 *
 * <p>One addition, the difference quotient's own rounding floor: evaluating the loss L in double
 * carries an error of about 1e-16 |L| per evaluation, so the numeric derivative is only known to
 * about 1e-16 |L| / eps = 1e-10 |L|. An element whose absolute difference is below 1e-9 max(1, |L|),
 * ten times that floor, passes: for small elements of otherwise large gradients the relative rule
 * would be measuring rounding, not the gradient.
 */
final class GradientCheck {

    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /**
     * Checks analytic[i] = d loss / d values[i] for every i; loss reads values (which this method
     * perturbs in place and restores).
     *
     * @return the worst relative error
     */
    static double check(String what, double[] analytic, double[] values, DoubleSupplier loss) {
        assertThat(analytic).as(what + " gradient length").hasSameSizeAs(values);
        double worst = 0;
        int nonZero = 0;
        double floor = 1e-9 * Math.max(1, Math.abs(loss.getAsDouble()));
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            values[i] = v + EPS;
            double plus = loss.getAsDouble();
            values[i] = v - EPS;
            double minus = loss.getAsDouble();
            values[i] = v;
            double numeric = (plus - minus) / (2 * EPS);
            double a = analytic[i];
            if (Math.abs(a) < 1e-8 && Math.abs(numeric) < 1e-8) {
                continue;
            }
            nonZero++;
            if (Math.abs(a - numeric) <= floor) {
                continue;
            }
            double rel = Math.abs(a - numeric) / (Math.abs(a) + Math.abs(numeric));
            worst = Math.max(worst, rel);
            assertThat(rel).as("%s[%d]: analytic %.12g, numeric %.12g", what, i, a, numeric).isLessThanOrEqualTo(TOLERANCE);
        }
        assertThat(nonZero).as(what + ": a gradient check over all-zero gradients checks nothing").isPositive();
        return worst;
    }

    /** Deterministic values in [-scale, scale). */
    static double[] random(java.util.SplittableRandom rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble(-scale, scale);
        }
        return out;
    }
}
