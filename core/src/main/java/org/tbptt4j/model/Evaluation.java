package org.tbptt4j.model;

/**
 * A loss measured over data: the summed loss of the unmasked (row, step) pairs, their count, and
 * the normalised loss (sum / normaliser, as in training); {@code correct} counts argmax hits for
 * cross-entropy (else 0).
 */
public record Evaluation(double sum, long count, double loss, long correct) {

    /** Fraction of unmasked (row, step) pairs whose argmax equals the class id (cross-entropy only). */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
