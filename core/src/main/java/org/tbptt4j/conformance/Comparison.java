package org.tbptt4j.conformance;

/**
 * Tensor-by-tensor comparison with the scale-relative error max|got - want| / max|want| (the
 * reference's rule), keeping the worst error and the first tensor that broke its tolerance.
 */
final class Comparison {

    private double maxError;
    private String failure;

    /** Compares one tensor (or one loss, as a tensor of one) against its tolerance. */
    void tensor(String name, double[] got, double[] want, double tolerance) {
        if (got.length != want.length) {
            fail(name + ": " + got.length + " values, the fixture has " + want.length);
            return;
        }
        double diff = 0;
        double scale = 0;
        int worst = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            if (!(d <= diff) && !Double.isNaN(diff)) { // a NaN, once seen, stays the worst
                diff = d;
                worst = i;
            }
            scale = Math.max(scale, Math.abs(want[i]));
        }
        double err = scale > 0 ? diff / scale : diff;
        if (Double.isNaN(err)) {
            err = Double.POSITIVE_INFINITY;
        }
        maxError = Math.max(maxError, err);
        if (err > tolerance) {
            fail(String.format(java.util.Locale.ROOT, "%s differs: relative error %.3g > %.1g at flat index %d (got %.9g, want %.9g)",
                    name, err, tolerance, worst, got.length > 0 ? got[worst] : Double.NaN, want.length > 0 ? want[worst] : Double.NaN));
        }
    }

    /** Element-wise relative errors |got - want| / |want| (the rule for per-update losses). */
    void elementwise(String name, double[] got, double[] want, double tolerance) {
        if (got.length != want.length) {
            fail(name + ": " + got.length + " values, the fixture has " + want.length);
            return;
        }
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), Double.MIN_NORMAL);
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            maxError = Math.max(maxError, err);
            if (err > tolerance) {
                fail(String.format(java.util.Locale.ROOT, "%s[%d] differs: relative error %.3g > %.1g (got %.9g, want %.9g)",
                        name, i, err, tolerance, got[i], want[i]));
            }
        }
    }

    void fail(String message) {
        if (failure == null) {
            failure = message;
        }
    }

    double maxError() {
        return maxError;
    }

    String failure() {
        return failure;
    }
}
