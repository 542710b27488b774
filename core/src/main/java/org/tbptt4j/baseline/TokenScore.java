package org.tbptt4j.baseline;

/**
 * How well a next-token model predicts one part of a text, on exactly the steps a model's loss
 * counts there.
 *
 * @param count tokens scored
 * @param nats  mean cross-entropy per token in nats: comparable with a model's cross-entropy validation loss
 */
public record TokenScore(long count, double nats) {

    /** Cross-entropy in bits per token (per character for character text). */
    public double bitsPerToken() {
        return nats / Math.log(2);
    }

    /** Perplexity: e to the mean cross-entropy in nats. */
    public double perplexity() {
        return Math.exp(nats);
    }
}
