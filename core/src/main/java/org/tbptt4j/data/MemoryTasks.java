package org.tbptt4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic streams whose memory is known, for checking what a horizon analysis or a truncation
 * finds: B independent rows of T steps, time-major (see {@link Layout}), no resets, every step's
 * loss counted. Seeded: the same arguments give the same stream.
 */
public final class MemoryTasks {

    /** Copy task symbols: 0 blank, 1 start marker, 2..5 the four symbols. */
    public static final int COPY_ALPHABET = 6;

    private MemoryTasks() {
    }

    /**
     * The streaming fixed-lag copy task: blocks of a string of m (the start marker, then m - 1
     * random symbols) followed by m blanks; inputs one-hot (6 features), target the class of the
     * input m steps earlier (blank before step m). Cross-entropy over 6 classes; a perfect model
     * needs lag m and reaches perplexity 1.
     */
    public static Layout copy(int m, int rows, int steps, long seed) {
        require(m >= 2, "the copy lag m must be at least 2, got " + m);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[steps * rows * COPY_ALPHABET];
        double[] y = new double[steps * rows];
        int[] symbol = new int[steps];
        for (int b = 0; b < rows; b++) {
            int phase = rng.nextInt(2 * m); // rows start at different points of the block
            for (int t = 0; t < steps; t++) {
                int p = (t + phase) % (2 * m);
                symbol[t] = p == 0 ? 1 : p < m ? 2 + rng.nextInt(4) : 0;
                x[(t * rows + b) * COPY_ALPHABET + symbol[t]] = 1;
                y[t * rows + b] = t >= m ? symbol[t - m] : 0;
            }
        }
        return layout("copy(m=" + m + ")", rows, steps, COPY_ALPHABET, x, y);
    }

    /**
     * Pitis' binary series: x_t a fair coin; y_t = 1 with probability 0.5 + 0.5 x_{t-3} - 0.25 x_{t-8},
     * else 0. One input, class targets (2 classes). The memory is exactly lags 3 and 8.
     */
    public static Layout pitis(int rows, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[steps * rows];
        double[] y = new double[steps * rows];
        int[] bits = new int[steps];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < steps; t++) {
                bits[t] = rng.nextInt(2);
                x[t * rows + b] = bits[t];
                double p = 0.5 + (t >= 3 ? 0.5 * bits[t - 3] : 0) - (t >= 8 ? 0.25 * bits[t - 8] : 0);
                y[t * rows + b] = rng.nextDouble() < p ? 1 : 0;
            }
        }
        return layout("pitis", rows, steps, 1, x, y);
    }

    /**
     * The binary echo at one lag: x_t a fair coin, y_t = x_{t-lag} (0 before step lag). One input,
     * 0/1 targets. The memory is exactly the one lag, with no shorter dependency to build on: under
     * TBPTT(1, k2) a target's gradient reaches the input it copies only when k2 > lag (unlike
     * {@link #pitis}, whose lag-3 term keeps x_{t-8} in the state until step t-5, so that k2 >= 5
     * already learns lag 8). An MSE of 0 with the lag, 0.25 without.
     */
    public static Layout echo(int lag, int rows, int steps, long seed) {
        require(lag >= 1, "the echo lag must be at least 1, got " + lag);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[steps * rows];
        double[] y = new double[steps * rows];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < steps; t++) {
                x[t * rows + b] = rng.nextInt(2);
                y[t * rows + b] = t >= lag ? x[(t - lag) * rows + b] : 0;
            }
        }
        return layout("echo(lag=" + lag + ")", rows, steps, 1, x, y);
    }

    /** White noise: x_t independent N(0, 1), target x_{t+1}; nothing in the past predicts it. One input, one output (MSE). */
    public static Layout whiteNoise(int rows, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[steps * rows];
        double[] y = new double[steps * rows];
        for (int b = 0; b < rows; b++) {
            double next = rng.nextGaussian();
            for (int t = 0; t < steps; t++) {
                x[t * rows + b] = next;
                next = rng.nextGaussian();
                y[t * rows + b] = next;
            }
        }
        return layout("white noise", rows, steps, 1, x, y);
    }

    private static Layout layout(String name, int rows, int steps, int width, double[] x, double[] y) {
        require(rows >= 1 && steps >= 1, "a task needs rows and steps >= 1, got " + rows + " and " + steps);
        boolean[] mask = new boolean[steps * rows];
        Arrays.fill(mask, true);
        int[] origin = new int[steps * rows];
        int[] originStep = new int[steps * rows];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < rows; b++) {
                origin[t * rows + b] = b;
                originStep[t * rows + b] = t;
            }
        }
        return new Layout(name, rows, steps, width, 1, x, y, mask, new boolean[steps * rows], origin, originStep, steps, steps,
                steps, true, List.of());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
