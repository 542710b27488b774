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
 */
public record Series(String id, int length, double[] values, int label, int[] sentenceEnds) {

    public Series {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (length > 0 && values.length % length != 0) {
            throw new IllegalArgumentException("series " + id + ": " + values.length + " values is not a multiple of its " + length + " steps");
        }
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
