package org.tbptt4j.baseline;

/** Dense symmetric solves for the baselines' least-squares fits. */
final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * Solves (A + lambda I) w = b for a symmetric positive semi-definite A (n x n, row-major), the
     * normal equations X^T X w = X^T y, by Cholesky. lambda starts at 1e-10 of the mean diagonal
     * (enough to make a rank-deficient A, such as a constant regressor beside the intercept,
     * solvable without changing a well-posed solution) and grows until the factorisation succeeds.
     */
    static double[] solveNormal(double[] a, double[] b, int n) {
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
        }
        double lambda = Math.max(1e-10 * trace / n, 1e-300);
        for (int attempt = 0; attempt < 12; attempt++, lambda *= 100) {
            double[] l = cholesky(a, n, lambda);
            if (l != null) {
                return substitute(l, b, n);
            }
        }
        throw new ArithmeticException("the least-squares system is not positive definite even with a ridge");
    }

    /** L with L L^T = A + lambda I (lower triangle, row-major), or null when a pivot is not positive. */
    private static double[] cholesky(double[] a, int n, double lambda) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j] + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }

    /** w with L L^T w = b: forward then backward substitution. */
    private static double[] substitute(double[] l, double[] b, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * z[k];
            }
            z[i] = s / l[i * n + i];
        }
        double[] w = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * w[k];
            }
            w[i] = s / l[i * n + i];
        }
        return w;
    }
}
