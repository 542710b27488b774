package org.tbptt4j.model;

/**
 * The losses, each with a per-step mask. Normalisation (the reference's): the sum over unmasked
 * (row, step) pairs and outputs is divided by (count x outputs) for the element-wise losses, and by
 * the count for softmax cross-entropy (one class id per row and step).
 */
public enum LossType {
    /** Mean squared error, (pred - y)^2. */
    MSE("mse"),
    /** Mean absolute error, |pred - y|. */
    MAE("mae"),
    /** Softmax cross-entropy over O logits; the target is a class id in [0, O). */
    CROSS_ENTROPY("cross-entropy"),
    /** Binary cross-entropy on logits; targets in [0, 1]. */
    BCE_WITH_LOGITS("bce");

    public final String id;

    LossType(String id) {
        this.id = id;
    }

    /** Values per (row, step) in the target stream: 1 class id for cross-entropy, else O. */
    public int targetWidth(int outputs) {
        return this == CROSS_ENTROPY ? 1 : outputs;
    }

    /** The divisor of the summed loss for {@code count} unmasked (row, step) pairs. */
    public double normaliser(long count, int outputs) {
        return this == CROSS_ENTROPY ? count : (double) count * outputs;
    }

    public static LossType parse(String s) {
        for (LossType t : values()) {
            if (t.id.equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + s + "': use mse, mae, cross-entropy or bce");
    }
}
