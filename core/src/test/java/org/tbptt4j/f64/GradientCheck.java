package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;

/**
 * Central finite differences in double precision, the rule of the reference's README: eps 1e-6,
 * relative error |a - n| / (|a| + |n|) at most 1e-6 (elements where both are below 1e-8 pass).
 *
 * <p>One addition that losses over many steps and layers need: an element whose difference lies
 * within the rounding noise of the difference quotient itself, 16 ulps of the loss divided by 2 eps
 * (about 1e-8 for a loss near 10), also passes. Without it, elements whose gradient happens to be
 * small (by cancellation, or through two layers at T = 1) fail at 1e-6 on rounding alone. At least
 * two thirds of the checked elements must pass the strict rule. Still far tighter than
 * torch.autograd.gradcheck (atol 1e-5, rtol 1e-3).
 */
final class GradientCheck {

    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /**
     * Checks analytic[i] = d loss / d values[i] for every i; loss reads values (which this method
     * perturbs in place and restores).
     */
    static void check(String what, double[] analytic, double[] values, DoubleSupplier loss) {
        assertThat(analytic).as(what + " gradient length").hasSameSizeAs(values);
        int strict = 0;
        int floored = 0;
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
            double rel = Math.abs(a - numeric) / (Math.abs(a) + Math.abs(numeric));
            if (rel <= TOLERANCE) {
                strict++;
                continue;
            }
            double noise = 16 * Math.ulp(Math.max(Math.abs(plus), Math.abs(minus))) / (2 * EPS);
            assertThat(Math.abs(a - numeric))
                    .as("%s[%d]: analytic %.12g, numeric %.12g, relative error %.3g above %.0g and the difference above the rounding noise",
                            what, i, a, numeric, rel, TOLERANCE)
                    .isLessThanOrEqualTo(noise);
            floored++;
        }
        assertThat(strict).as(what + ": elements that pass the strict rule (%d needed the noise floor)", floored)
                .isPositive().isGreaterThanOrEqualTo(2 * floored);
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
