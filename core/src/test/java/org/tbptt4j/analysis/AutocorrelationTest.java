package org.tbptt4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AutocorrelationTest {

    private static final double Z = Autocorrelation.Z95;

    @Test
    void acfOfOneToFiveByHand() {
        // x = 1..5, mean 3, d = [-2,-1,0,1,2], sum d^2 = 10
        // lag 1: 2+0+0+2 = 4; lag 2: 0-1+0 = -1; lag 3: -2-2 = -4; lag 4: -4  (all over 10)
        double[] r = Autocorrelation.acf(new double[] {1, 2, 3, 4, 5}, 10);   // capped at n-1 = 4
        assertArrayEquals(new double[] {1, 0.4, -0.1, -0.4, -0.4}, r, 1e-15);
        // band_k = Z sqrt((1 + 2 sum_{j<k} r_j^2) / 5): sums 0, .16, .17, .33
        assertArrayEquals(new double[] {0, Z * Math.sqrt(1 / 5.0), Z * Math.sqrt(1.32 / 5),
            Z * Math.sqrt(1.34 / 5), Z * Math.sqrt(1.66 / 5)}, Autocorrelation.acfBands(r, 5), 1e-15);
    }

    @Test
    void pacfOfOneToFiveByHand() {
        // n = 5 allows one PACF lag (< n/2); adjusted c_0 = 10/5 = 2, c_1 = 4/4 = 1, pacf_1 = c_1/c_0
        assertArrayEquals(new double[] {1, 0.5}, Autocorrelation.pacf(new double[] {1, 2, 3, 4, 5}, 1), 1e-15);
        assertEquals(Z / Math.sqrt(5), Autocorrelation.pacfBand(5), 1e-15);
    }

    @Test
    void acfAndPacfOfAShuffledSeriesByHand() {
        double[] x = {1, 3, 2, 5, 4, 6};
        // mean 3.5, d = [-2.5,-.5,-1.5,1.5,.5,2.5], sum d^2 = 17.5
        // lag sums: 1: 1.25+.75-2.25+.75+1.25 = 1.75; 2: 3.75-.75-.75+3.75 = 6;
        //           3: -3.75-.25-3.75 = -7.75; 4: -1.25-1.25 = -2.5; 5: -6.25
        assertArrayEquals(new double[] {1, 0.1, 12.0 / 35, -31.0 / 70, -1.0 / 7, -5.0 / 14},
                Autocorrelation.acf(x, 5), 1e-15);
        // adjusted: c_0 = 17.5/6, c_1 = 1.75/5, c_2 = 6/4 -> rho_1 = 3/25, rho_2 = 18/35
        // pacf_2 = (rho_2 - rho_1^2) / (1 - rho_1^2) = (10935/21875) / (616/625) = 2187/4312
        assertArrayEquals(new double[] {1, 3.0 / 25, 2187.0 / 4312}, Autocorrelation.pacf(x, 2), 1e-15);
    }

    @Test
    void durbinLevinsonEqualsOneYuleWalkerSolvePerOrder() {
        double[] x = ar(new double[] {0.5, -0.3, 0.3}, 400, 7);
        int lags = 30;
        double[] fast = Autocorrelation.pacf(x, lags);
        double[] naive = pacfBySolve(x, lags);
        assertArrayEquals(naive, fast, 1e-12);
    }

    @Test
    void ar1HasPacfOneNearPhiAndAcfNearPhiToTheK() {
        double[] x = ar(new double[] {0.8}, 5000, 42);
        int lags = Autocorrelation.defaultPacfNlags(x.length);          // 36
        double[] pacf = Autocorrelation.pacf(x, lags);
        assertEquals(0.8, pacf[1], 0.03);
        double band = Autocorrelation.pacfBand(x.length);
        int crossings = 0;
        for (int k = 2; k <= lags; k++) {
            crossings += Math.abs(pacf[k]) > band ? 1 : 0;
        }
        assertTrue(crossings <= lags / 5, crossings + " of " + (lags - 1) + " lags > 1 cross the band");
        double[] acf = Autocorrelation.acf(x, 10);
        for (int k = 1; k <= 10; k++) {
            // sd of r_k here is about 0.03 (Bartlett); allow ~3 sd
            assertEquals(Math.pow(0.8, k), acf[k], 0.1, "lag " + k);
        }
    }

    @Test
    void defaultLagCountsAreStatsmodels() {
        assertEquals(21, Autocorrelation.defaultNlags(144));             // int(10 log10 144) = 21
        assertEquals(40, Autocorrelation.defaultNlags(10000));
        assertEquals(4, Autocorrelation.defaultNlags(5));                 // min(6, n-1)
        assertEquals(2, Autocorrelation.defaultPacfNlags(6));             // min(7, n//2 - 1)
        assertEquals(25, Autocorrelation.defaultPacfNlags(365));
    }

    @Test
    void badInputsSayWhatIsWrong() {
        IllegalArgumentException constant = assertThrows(IllegalArgumentException.class,
                () -> Autocorrelation.acf(new double[] {0.1, 0.1, 0.1}, 2));
        assertTrue(constant.getMessage().contains("constant"), constant.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Autocorrelation.pacf(new double[] {2, 2, 2, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> Autocorrelation.acf(new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> Autocorrelation.acf(new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> Autocorrelation.acf(new double[] {1, Double.NaN}, 1));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Autocorrelation.pacf(new double[] {1, 3, 2, 5, 4, 6}, 3));
        assertTrue(tooMany.getMessage().contains("[1, 2]"), tooMany.getMessage());
    }

    /** x_t = sum_i phi_i x_{t-i} + e_t, e ~ N(0,1) seeded, after 200 burn-in steps. */
    static double[] ar(double[] phi, int n, long seed) {
        Random rng = new Random(seed);
        int burn = 200;
        double[] x = new double[n + burn];
        for (int t = 0; t < x.length; t++) {
            double v = rng.nextGaussian();
            for (int i = 0; i < phi.length && t - 1 - i >= 0; i++) {
                v += phi[i] * x[t - 1 - i];
            }
            x[t] = v;
        }
        return java.util.Arrays.copyOfRange(x, burn, x.length);
    }

    /**
     * Naive reference, as statsmodels' pacf_yw: for each order k solve the k x k Toeplitz system
     * sum_j phi_j c_{|i-j|} = c_i by Gaussian elimination with partial pivoting; pacf_k = phi_k.
     */
    private static double[] pacfBySolve(double[] x, int lags) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double[] c = new double[lags + 1];
        for (int k = 0; k <= lags; k++) {
            for (int t = 0; t + k < n; t++) {
                c[k] += (x[t] - mean) * (x[t + k] - mean);
            }
            c[k] /= n - k;
        }
        double[] out = new double[lags + 1];
        out[0] = 1;
        for (int k = 1; k <= lags; k++) {
            double[][] a = new double[k][k + 1];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] = c[Math.abs(i - j)];
                }
                a[i][k] = c[i + 1];
            }
            out[k] = solve(a)[k - 1];
        }
        return out;
    }

    private static double[] solve(double[][] a) {
        int k = a.length;
        for (int col = 0; col < k; col++) {
            int piv = col;
            for (int r = col + 1; r < k; r++) {
                piv = Math.abs(a[r][col]) > Math.abs(a[piv][col]) ? r : piv;
            }
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            for (int r = col + 1; r < k; r++) {
                double f = a[r][col] / a[col][col];
                for (int j = col; j <= k; j++) {
                    a[r][j] -= f * a[col][j];
                }
            }
        }
        double[] sol = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int j = r + 1; j < k; j++) {
                s -= a[r][j] * sol[j];
            }
            sol[r] = s / a[r][r];
        }
        return sol;
    }
}
