package org.tbptt4j.analysis;

/**
 * A candidate TBPTT subsequence length and the rule that produced it, in words with the numbers
 * behind it (for instance "ACF peaks at lag 24 (period 24) ...").
 */
public record Suggestion(int length, String rule) {

    public Suggestion {
        if (length < 1) {
            throw new IllegalArgumentException("a suggested length must be >= 1, got " + length);
        }
    }
}
