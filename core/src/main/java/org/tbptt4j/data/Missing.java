package org.tbptt4j.data;

/**
 * What a reader does with a missing value (an empty cell, {@code NA}, {@code NaN}, {@code ?}, ...).
 * Every policy works within one sequence, in its final time order; no missing value ever reaches
 * the data, and no value is invented outside the observed span: FFILL and INTERPOLATE trim the
 * steps they cannot fill from a real value (the reader's notes say how many). Filled-in values are
 * marked not observed ({@link Series#observed()}), and a task never scores a filled-in target.
 */
public enum Missing {
    /** Stop at the first missing value, naming its line and column (the default). */
    FAIL,
    /**
     * Carry the previous value of the column forward; the steps before every column has its first
     * value are trimmed. A column with no value in a sequence is an error.
     */
    FFILL,
    /**
     * Linear interpolation between the nearest present values before and after, by step position;
     * the steps before every column's first present value and after any column's last are trimmed,
     * never filled with the nearest value. A column with no present value in a sequence is an error.
     */
    INTERPOLATE,
    /**
     * Remove every step (row) that has a missing value in any read column; the notes warn with the
     * rows removed and the gaps in time they leave.
     */
    DROP;

    /** The option spelling, {@code ffill}. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
