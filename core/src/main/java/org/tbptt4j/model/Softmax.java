package org.tbptt4j.model;

import java.util.SplittableRandom;

/**
 * Softmax over a model's logits, and a seeded draw from it: the one definition that predictions,
 * metrics and text sampling share. For logits z over k classes at {@code z[off .. off + k)} and a
 * temperature T &gt; 0: p_j = e^((z_j - max z) / T) / sum over i of e^((z_i - max z) / T) (subtracting
 * max z keeps e^ in range; T = 1 is the model's own distribution, lower is more conservative).
 */
public final class Softmax {

    private Softmax() {
    }

    /** p = softmax(z) over {@code z[off .. off + k)} (temperature 1). */
    public static double[] probabilities(float[] z, int off, int k) {
        double[] p = weights(z, off, k, 1);
        double sum = 0;
        for (double w : p) {
            sum += w;
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /**
     * A class drawn from softmax(z / temperature) over {@code z[off .. off + k)}: the first j whose
     * cumulative weight exceeds one uniform draw of {@code rnd} times the total (one draw per call, so
     * the same generator state gives the same class).
     *
     * @throws IllegalArgumentException if the temperature is not a positive finite number
     */
    public static int sample(float[] z, int off, int k, double temperature, SplittableRandom rnd) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature = " + temperature + ": give a positive number (1 = the model's"
                    + " own distribution, lower = more conservative)");
        }
        double[] w = weights(z, off, k, temperature);
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double r = rnd.nextDouble() * sum;
        for (int j = 0; j < k; j++) {
            r -= w[j];
            if (r < 0) {
                return j;
            }
        }
        return k - 1;
    }

    // w_j = e^((z_j - max z) / T)
    private static double[] weights(float[] z, int off, int k, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[off + j]);
        }
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = Math.exp((z[off + j] - max) / temperature);
        }
        return w;
    }
}
