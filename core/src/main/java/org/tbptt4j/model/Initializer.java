package org.tbptt4j.model;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Initial parameter values, drawn in double precision from a seed (the same seed gives the same
 * values for both engine precisions).
 *
 * @param scheme        how the input and recurrent weight matrices are drawn
 * @param orthogonalRecurrent draw each gate block of weight_hh (H x H) as a random orthogonal matrix
 * @param forgetBias    LSTM only: bias_ih of the forget gate set to this value and bias_hh's to 0
 *                      (Keras' unit_forget_bias uses 1); NaN leaves the biases as drawn
 */
public record Initializer(Scheme scheme, boolean orthogonalRecurrent, double forgetBias) {

    public enum Scheme {
        /** PyTorch's default: every recurrent parameter U(-1/sqrt(H), 1/sqrt(H)); head U(-1/sqrt(H), 1/sqrt(H)); embedding N(0, 1). */
        UNIFORM,
        /** Glorot/Xavier uniform per gate block, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)); biases 0. */
        XAVIER
    }

    /** PyTorch's default initialisation. */
    public static Initializer pytorchDefault() {
        return new Initializer(Scheme.UNIFORM, false, Double.NaN);
    }

    /** Keras' LSTM default: Xavier input weights, orthogonal recurrent weights, forget bias 1. */
    public static Initializer kerasStyle() {
        return new Initializer(Scheme.XAVIER, true, 1.0);
    }

    /** Draws all parameters of a model with this layout from {@code seed}. */
    public double[] initialise(ModelConfig c, long seed) {
        ParamLayout layout = new ParamLayout(c);
        double[] w = new double[layout.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        int H = c.hidden();
        double k = 1 / Math.sqrt(H);
        if (c.embedding() > 0) {
            fillGaussian(w, layout.tensor("embedding.weight"), rng);
        }
        for (int l = 0; l < c.layers(); l++) {
            ParamLayout.Tensor ih = layout.tensor("weight_ih_l" + l);
            ParamLayout.Tensor hh = layout.tensor("weight_hh_l" + l);
            ParamLayout.Tensor bih = layout.tensor("bias_ih_l" + l);
            ParamLayout.Tensor bhh = layout.tensor("bias_hh_l" + l);
            if (scheme == Scheme.UNIFORM) {
                fillUniform(w, ih, k, rng);
                fillUniform(w, hh, k, rng);
                fillUniform(w, bih, k, rng);
                fillUniform(w, bhh, k, rng);
            } else {
                fillUniform(w, ih, Math.sqrt(6.0 / (ih.cols() + H)), rng);
                fillUniform(w, hh, Math.sqrt(6.0 / (2 * H)), rng);
            }
            if (orthogonalRecurrent) {
                for (int g = 0; g < c.cell().gates; g++) {
                    orthogonal(w, hh.offset() + g * H * H, H, rng);
                }
            }
            if (c.cell() == CellType.LSTM && !Double.isNaN(forgetBias)) {
                for (int j = 0; j < H; j++) {
                    w[bih.offset() + H + j] = forgetBias;
                    w[bhh.offset() + H + j] = 0;
                }
            }
        }
        fillUniform(w, layout.tensor("head.weight"), k, rng);
        fillUniform(w, layout.tensor("head.bias"), k, rng);
        return w;
    }

    private static void fillUniform(double[] w, ParamLayout.Tensor t, double a, SplittableRandom rng) {
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            w[i] = rng.nextDouble(-a, a);
        }
    }

    private static void fillGaussian(double[] w, ParamLayout.Tensor t, SplittableRandom rng) {
        Random g = new Random(rng.nextLong());
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            w[i] = g.nextGaussian();
        }
    }

    /**
     * Writes a random orthogonal n x n matrix at w[off..]: Gram-Schmidt (twice, for stability) on the
     * rows of a Gaussian matrix, which is the Q of its QR decomposition up to row signs (as in
     * {@code torch.nn.init.orthogonal_}).
     */
    static void orthogonal(double[] w, int off, int n, SplittableRandom rng) {
        Random g = new Random(rng.nextLong());
        double[] q = new double[n * n];
        for (int i = 0; i < q.length; i++) {
            q[i] = g.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = 0;
                    for (int p = 0; p < n; p++) {
                        dot += q[i * n + p] * q[j * n + p];
                    }
                    for (int p = 0; p < n; p++) {
                        q[i * n + p] -= dot * q[j * n + p];
                    }
                }
            }
            double norm = 0;
            for (int p = 0; p < n; p++) {
                norm += q[i * n + p] * q[i * n + p];
            }
            norm = Math.sqrt(norm);
            for (int p = 0; p < n; p++) {
                q[i * n + p] /= norm;
            }
        }
        System.arraycopy(q, 0, w, off, n * n);
    }
}
