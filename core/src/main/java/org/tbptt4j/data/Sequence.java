package org.tbptt4j.data;

/**
 * One supervised sequence, what a task makes of a raw series: at each of T steps the network sees
 * S input values and, where {@code loss[t]}, must predict Y target values.
 *
 * @param id           the raw series' id
 * @param length       T
 * @param inputWidth   S: features per step (1 token id for text)
 * @param targetWidth  Y: target values per step (1 class id for classification and language models)
 * @param x            (T x S) row-major
 * @param y            (T x Y) row-major
 * @param loss         (T) whether step t's loss counts
 * @param sentenceEnds for text: the steps that end a sentence, ascending; else empty
 */
public record Sequence(String id, int length, int inputWidth, int targetWidth, double[] x, double[] y, boolean[] loss,
                       int[] sentenceEnds) {

    public Sequence {
        if (x.length != length * inputWidth || y.length != length * targetWidth || loss.length != length) {
            throw new IllegalArgumentException("sequence " + id + ": arrays do not match " + length + " steps");
        }
    }

    /** Steps [from, to) as a sequence of its own (id suffixed with the range). */
    public Sequence slice(int from, int to) {
        int n = to - from;
        double[] xs = new double[n * inputWidth];
        double[] ys = new double[n * targetWidth];
        boolean[] ls = new boolean[n];
        System.arraycopy(x, from * inputWidth, xs, 0, xs.length);
        System.arraycopy(y, from * targetWidth, ys, 0, ys.length);
        System.arraycopy(loss, from, ls, 0, n);
        int[] ends = java.util.Arrays.stream(sentenceEnds).filter(e -> e >= from && e < to).map(e -> e - from).toArray();
        return new Sequence(id + "[" + from + ":" + to + "]", n, inputWidth, targetWidth, xs, ys, ls, ends);
    }
}
