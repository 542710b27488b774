package org.tbptt4j.f64;

/**
 * A stream batch, what the trainer consumes: B rows of T steps, stored time-major so that one
 * step of all rows is contiguous. Row b of step t+1 continues row b of step t unless reset.
 * <pre>
 *   x     (T x B x S)   inputs; S = F features, or 1 token id with an embedding
 *   y     (T x B x Y)   targets; Y = O, or 1 class id for cross-entropy
 *   mask  (T x B)       true = the step's loss counts
 *   reset (T x B)       true = zero that row's state before step t
 * </pre>
 */
public final class StreamBatch {

    public final int batch;
    public final int steps;
    public final int inputWidth;
    public final int targetWidth;
    public final double[] x;
    public final double[] y;
    public final boolean[] mask;
    public final boolean[] reset;

    public StreamBatch(int batch, int steps, int inputWidth, int targetWidth) {
        if (batch < 1 || steps < 1 || inputWidth < 1 || targetWidth < 1) {
            throw new IllegalArgumentException("a stream batch needs B, T and widths >= 1, got B=" + batch + " T=" + steps);
        }
        this.batch = batch;
        this.steps = steps;
        this.inputWidth = inputWidth;
        this.targetWidth = targetWidth;
        this.x = new double[steps * batch * inputWidth];
        this.y = new double[steps * batch * targetWidth];
        this.mask = new boolean[steps * batch];
        this.reset = new boolean[steps * batch];
    }

    /**
     * From batch-major double arrays as the fixtures and numpy hold them: x (B x T x S), y (B x T x Y),
     * mask and reset (B x T) with 1 = set. A null mask counts every step; a null reset resets nothing.
     */
    public static StreamBatch fromBatchMajor(int batch, int steps, int inputWidth, int targetWidth, /*wide*/ double[] x,
                                             /*wide*/ double[] y, /*wide*/ double[] mask, /*wide*/ double[] reset) {
        StreamBatch s = new StreamBatch(batch, steps, inputWidth, targetWidth);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int bt = b * steps + t;
                for (int f = 0; f < inputWidth; f++) {
                    s.x[(t * batch + b) * inputWidth + f] = (double) x[bt * inputWidth + f];
                }
                for (int o = 0; o < targetWidth; o++) {
                    s.y[(t * batch + b) * targetWidth + o] = (double) y[bt * targetWidth + o];
                }
                s.mask[t * batch + b] = mask == null || mask[bt] != 0;
                s.reset[t * batch + b] = reset != null && reset[bt] != 0;
            }
        }
        return s;
    }

    /** The stream batch of a prepared layout (same time-major order), in this engine's precision. */
    public static StreamBatch fromLayout(org.tbptt4j.data.Layout l) {
        StreamBatch s = new StreamBatch(l.rows(), l.steps(), l.inputWidth(), l.targetWidth());
        Convert.copyNarrow(l.x(), s.x);
        Convert.copyNarrow(l.y(), s.y);
        System.arraycopy(l.mask(), 0, s.mask, 0, s.mask.length);
        System.arraycopy(l.reset(), 0, s.reset, 0, s.reset.length);
        return s;
    }

    /** Steps [from, to) as a new batch (for delivering a stream chunk by chunk). */
    public StreamBatch slice(int from, int to) {
        if (from < 0 || to > steps || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside the stream's " + steps + " steps");
        }
        StreamBatch s = new StreamBatch(batch, to - from, inputWidth, targetWidth);
        System.arraycopy(x, from * batch * inputWidth, s.x, 0, s.x.length);
        System.arraycopy(y, from * batch * targetWidth, s.y, 0, s.y.length);
        System.arraycopy(mask, from * batch, s.mask, 0, s.mask.length);
        System.arraycopy(reset, from * batch, s.reset, 0, s.reset.length);
        return s;
    }
}
