package org.tbptt4j.data;

/**
 * What a reader does with a missing value (an empty cell, {@code NA}, {@code NaN}, {@code ?}, ...).
 * Every policy works within one sequence, in its final time order; no missing value ever reaches
 * the data.
 */
public enum Missing {
    /** Stop at the first missing value, naming its line and column (the default). */
    FAIL,
    /** Carry the previous value of the column forward; a missing value with no earlier value is an error. */
    FFILL,
    /**
     * Linear interpolation between the nearest present values before and after, by step position;
     * before the first (after the last) present value, the nearest present value. A column with no
     * present value in a sequence is an error.
     */
    INTERPOLATE,
    /** Remove every step (row) that has a missing value in any read column. */
    DROP;

    /** The option spelling, {@code ffill}. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
