package org.tbptt4j.data;

/**
 * One raw sequence as read from a file: {@code length} steps of C values (the reader's columns),
 * row-major (T x C), in time order. Text is one column of token ids.
 *
 * @param id            the sequence's name (the CSV sequence-id value, the .ts case number, the file name)
 * @param length        T, steps
 * @param values        (T x C) row-major
 * @param label         class id for classification data (.ts files), else -1
 * @param sentenceEnds  for text: the step indices that end a sentence (ascending), else empty
 * @param observed      (T x C) row-major, false where the value was missing in the file and filled in by a
 *                      {@link Missing} policy; null when every value was observed
 */
public record Series(String id, int length, double[] values, int label, int[] sentenceEnds, boolean[] observed) {

    public Series {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (length > 0 && values.length % length != 0) {
            throw new IllegalArgumentException("series " + id + ": " + values.length + " values is not a multiple of its " + length + " steps");
        }
        if (observed != null && observed.length != values.length) {
            throw new IllegalArgumentException("series " + id + ": " + observed.length + " observed flags for " + values.length + " values");
        }
    }

    /** A series whose every value was observed. */
    public Series(String id, int length, double[] values, int label, int[] sentenceEnds) {
        this(id, length, values, label, sentenceEnds, null);
    }

    /** The same series with other values of the same shape (scaled, relabelled), keeping which were observed. */
    public Series withValues(double[] newValues, int newLabel) {
        return new Series(id, length, newValues, newLabel, sentenceEnds, observed);
    }

    /** Whether the value of column c at step t was in the file (not filled in). */
    public boolean observed(int t, int c) {
        return observed == null || observed[t * width() + c];
    }

    /** Values of column c that were filled in, not observed. */
    public int imputed(int c) {
        if (observed == null) {
            return 0;
        }
        int n = 0;
        int C = width();
        for (int i = c; i < observed.length; i += C) {
            n += observed[i] ? 0 : 1;
        }
        return n;
    }

    /** A series without label or sentence marks. */
    public static Series of(String id, int length, double[] values) {
        return new Series(id, length, values, -1, new int[0]);
    }

    /** Values per step, C. */
    public int width() {
        return length == 0 ? 0 : values.length / length;
    }

    /** Value of column c at step t. */
    public double at(int t, int c) {
        return values[t * width() + c];
    }
}
