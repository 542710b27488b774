package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

/**
 * One recurrent layer: In inputs, H hidden units, G gate blocks, weights read from a flat
 * parameter array at {@link #offset} in PyTorch's layout and order:
 * {@code weight_ih} (G*H x In), {@code weight_hh} (G*H x H), {@code bias_ih} (G*H), {@code bias_hh} (G*H).
 *
 * <p>{@link #forward} reads {@code cache.x}, {@code cache.hPrev} (and {@code cache.cPrev}) and fills the
 * rest of the cache. {@link #backward} adds into caller-owned buffers: the weight gradient (same
 * layout as the weights), {@code dX} and {@code dHPrev} (and {@code dCPrev}); the caller zeroes them.
 */
public abstract class RecurrentCell {

    protected final int in;
    protected final int hidden;
    protected final int gh;
    /** Offsets of weight_ih, weight_hh, bias_ih, bias_hh in the flat parameter array. */
    protected final int wIh;
    protected final int wHh;
    protected final int bIh;
    protected final int bHh;
    protected final MatMul mm;
    /** Offset of this layer's block in the flat parameter array. */
    public final int offset;

    protected RecurrentCell(CellType type, int in, int hidden, int offset, MatMul mm) {
        this.in = in;
        this.hidden = hidden;
        this.gh = type.gates * hidden;
        this.offset = offset;
        this.wIh = offset;
        this.wHh = wIh + gh * in;
        this.bIh = wHh + gh * hidden;
        this.bHh = bIh + gh;
        this.mm = mm;
    }

    /** Builds the cell of {@code type}. */
    public static RecurrentCell of(CellType type, int in, int hidden, int offset, MatMul mm) {
        return switch (type) {
            case RNN -> new RnnCell(in, hidden, offset, mm);
            case GRU -> new GruCell(in, hidden, offset, mm);
            case LSTM -> new LstmCell(in, hidden, offset, mm);
        };
    }

    public int inputs() {
        return in;
    }

    public int hidden() {
        return hidden;
    }

    /** Parameters of this layer: G*H*(In + H + 2). */
    public int parameterCount() {
        return gh * (in + hidden + 2);
    }

    /** Scratch values a forward or backward step needs, for a batch of B rows. */
    public int scratchSize(int batch) {
        return batch * gh;
    }

    /** A cache for a batch of B rows. */
    public abstract CellCache newCache(int batch);

    /**
     * One step for the batch: reads cache.x (B x In), cache.hPrev (B x H) and, for LSTM, cache.cPrev;
     * writes the activations, cache.h and cache.c.
     *
     * @param w       flat parameters
     * @param scratch at least {@link #scratchSize} values, contents undefined afterwards
     */
    public abstract void forward(double[] w, CellCache cache, double[] scratch);

    /**
     * Backpropagates one step. dH (B x H) is the gradient of the loss with respect to cache.h, dC
     * (B x H, LSTM only, else ignored) with respect to cache.c. Adds into dW (layout of w), dX
     * (B x In; may be null when the input needs no gradient), dHPrev (B x H) and dCPrev (B x H, LSTM only).
     */
    public abstract void backward(double[] w, CellCache cache, double[] dH, double[] dC,
                                  double[] dW, double[] dX, double[] dHPrev, double[] dCPrev, double[] scratch);

    /** pre (B x G*H) = x * W_ih^T + b_ih (+ hPrev * W_hh^T + b_hh when {@code withRecurrent}). */
    protected final void preActivations(double[] w, CellCache cache, double[] pre, boolean withRecurrent) {
        int batch = cache.batch;
        for (int b = 0; b < batch; b++) {
            int row = b * gh;
            for (int j = 0; j < gh; j++) {
                pre[row + j] = withRecurrent ? w[bIh + j] + w[bHh + j] : w[bIh + j];
            }
        }
        mm.mulAddNT(batch, gh, in, cache.x, 0, w, wIh, pre, 0);
        if (withRecurrent) {
            mm.mulAddNT(batch, gh, hidden, cache.hPrev, 0, w, wHh, pre, 0);
        }
    }

    /** From dA (B x G*H), the gradient of the input pre-activations: dW_ih += dA^T x, db_ih += sum_b dA, dX += dA W_ih. */
    protected final void inputGrads(double[] w, CellCache cache, double[] dA, double[] dW, double[] dX) {
        int batch = cache.batch;
        mm.mulAddTN(gh, in, batch, dA, 0, cache.x, 0, dW, wIh);
        addRowSums(dA, batch, dW, bIh);
        if (dX != null) {
            mm.mulAddNN(batch, in, gh, dA, 0, w, wIh, dX, 0);
        }
    }

    /** From dA (B x G*H), the gradient of the recurrent pre-activations: dW_hh += dA^T hPrev, db_hh += sum_b dA, dHPrev += dA W_hh. */
    protected final void recurrentGrads(double[] w, CellCache cache, double[] dA, double[] dW, double[] dHPrev) {
        int batch = cache.batch;
        mm.mulAddTN(gh, hidden, batch, dA, 0, cache.hPrev, 0, dW, wHh);
        addRowSums(dA, batch, dW, bHh);
        mm.mulAddNN(batch, hidden, gh, dA, 0, w, wHh, dHPrev, 0);
    }

    private void addRowSums(double[] dA, int batch, double[] dW, int bias) {
        for (int b = 0; b < batch; b++) {
            int row = b * gh;
            for (int j = 0; j < gh; j++) {
                dW[bias + j] += dA[row + j];
            }
        }
    }
}
