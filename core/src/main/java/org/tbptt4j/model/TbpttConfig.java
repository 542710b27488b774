package org.tbptt4j.model;

/**
 * Truncation and update settings of TBPTT(k1, k2) training, after Williams and Peng: every k1 steps
 * the losses of the new steps are backpropagated through the last k2 steps (k2 > k1: overlapping
 * windows; k2 &lt; k1: only the chunk's last k2 steps reach the recurrent weights). Immutable.
 *
 * @param k1            steps run forward between updates
 * @param k2            steps the gradient flows back through
 * @param randomLengths AWD-LSTM's randomized window: k1 with probability 0.95, else k1 / 2, then a length
 *                      drawn from N(base, 5), at least 5 (and at most k1 + 15), the learning rate scaled
 *                      by length / k1; the overlap k2 - k1 (when positive) is kept
 * @param clipNorm      clip the gradient to this global L2 norm before each update; 0 = no clipping
 * @param clipValue     clamp every gradient element to [-clipValue, clipValue]; 0 = no clamping
 */
public record TbpttConfig(int k1, int k2, boolean randomLengths, double clipNorm, double clipValue) {

    /** Longest randomized window above k1. */
    public static final int RANDOM_EXTRA = 15;

    public TbpttConfig {
        if (k1 < 1) {
            throw new IllegalArgumentException("k1 (steps between updates) must be at least 1, got " + k1);
        }
        if (k2 < 1) {
            throw new IllegalArgumentException("k2 (steps of backpropagation) must be at least 1, got " + k2);
        }
        if (!(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new IllegalArgumentException("clip norm and clip value must be >= 0 (0 = off)");
        }
    }

    /** TBPTT(k1, k2) without clipping or random lengths. */
    public static TbpttConfig of(int k1, int k2) {
        return new TbpttConfig(k1, k2, false, 0, 0);
    }

    /** The same settings with another k2 (adaptive truncation changes it between epochs). */
    public TbpttConfig withK2(int v) {
        return new TbpttConfig(k1, v, randomLengths, clipNorm, clipValue);
    }

    public TbpttConfig withClipNorm(double v) {
        return new TbpttConfig(k1, k2, randomLengths, v, clipValue);
    }

    public TbpttConfig withClipValue(double v) {
        return new TbpttConfig(k1, k2, randomLengths, clipNorm, v);
    }

    public TbpttConfig withRandomLengths(boolean v) {
        return new TbpttConfig(k1, k2, v, clipNorm, clipValue);
    }

    /** The longest forward chunk an update can have. */
    public int maxChunk() {
        return randomLengths ? k1 + RANDOM_EXTRA : k1;
    }

    /** Steps the activation ring buffer must hold: the longest chunk plus any overlap k2 - k1. */
    public int ringSize() {
        return maxChunk() + Math.max(0, k2 - k1);
    }
}
