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
    /**
     * The weights in {@link MatMul#mulAddPacked}'s layout while {@link #packWeights} holds: W_ih^T and
     * W_hh^T (the forward products), W_ih and W_hh (the backward ones); allocated on first use.
     */
    private double[] packedIhT = new double[0];
    private double[] packedHhT = new double[0];
    private double[] packedIh = new double[0];
    private double[] packedHh = new double[0];
    /** While packed: b_ih (+ b_hh where {@link #recurrentBiasInInputPart}), the input part's bias. */
    private double[] packedBias = new double[0];
    private boolean packed;
    /**
     * Whether the products are the Vector API kernels, whose sums the one-input-feature passes reproduce
     * ({@link #oneInputPart}, {@link #oneInputWeightGrads}); other kernels take the general passes.
     */
    private final boolean vectorKernels;

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
        this.vectorKernels = mm == Kernels.FAST && Kernels.VECTOR_API;
    }

    /**
     * Copies this layer's weight matrices from w into the layout the per-step products stream
     * ({@link MatMul#packNT}, {@link MatMul#packNN}); until {@link #dropPackedWeights} every step reads
     * these copies, not w's matrices. For a caller that holds w constant over many steps (a trainer
     * between optimizer steps) and packs again after each change. Results are bit for bit those of
     * multiplying by w's W_ih^T and W_hh^T as NN products ({@link MatMul#ntSumsAsNN}).
     */
    public final void packWeights(double[] w) {
        if (packedHh.length == 0) {
            packedIhT = new double[gh * in];
            packedHhT = new double[gh * hidden];
            packedIh = new double[gh * in];
            packedHh = new double[gh * hidden];
            packedBias = new double[gh];
        }
        inputBias(w, packedBias, 0);
        mm.packNT(gh, in, w, wIh, packedIhT);
        mm.packNT(gh, hidden, w, wHh, packedHhT);
        mm.packNN(gh, in, w, wIh, packedIh);
        mm.packNN(gh, hidden, w, wHh, packedHh);
        packed = true;
    }

    /** Back to reading the weights from w at every product. */
    public final void dropPackedWeights() {
        packed = false;
    }

    /**
     * Whether the products read the packed copies ({@link #packWeights}): then a step's rows may also
     * run in parts ({@link #forwardRows}, {@link #backwardDeferredRows}) with each row's bits unchanged,
     * as every packed product sums each element the same way whatever its rows.
     */
    public final boolean weightsPacked() {
        return packed;
    }

    /** Rows [from, to) of out (B x G*H) += x (B x In) W_ih^T: the input product of a step. */
    private void addInputPart(double[] w, double[] x, double[] out, int from, int to) {
        if (packed) {
            mm.mulAddPacked(to - from, gh, in, x, from * in, packedIhT, out, from * gh);
        } else {
            mm.mulAddNT(to - from, gh, in, x, from * in, w, wIh, out, from * gh);
        }
    }

    /** Rows [from, to) of out (B x G*H) += hPrev (B x H) W_hh^T: the recurrent product of a step. */
    protected final void addRecurrentPart(double[] w, CellCache cache, double[] out, int from, int to) {
        if (packed) {
            mm.mulAddPacked(to - from, gh, hidden, cache.hPrev, from * hidden, packedHhT, out, from * gh);
        } else {
            mm.mulAddNT(to - from, gh, hidden, cache.hPrev, from * hidden, w, wHh, out, from * gh);
        }
    }

    /** Rows [from, to) of dX (B x In) += dA (B x G*H at aOff) W_ih. */
    private void addInputGrad(double[] w, double[] dA, int aOff, double[] dX, int from, int to) {
        if (packed) {
            mm.mulAddPacked(to - from, in, gh, dA, aOff + from * gh, packedIh, dX, from * in);
        } else {
            mm.mulAddNN(to - from, in, gh, dA, aOff + from * gh, w, wIh, dX, from * in);
        }
    }

    /** Rows [from, to) of dHPrev (B x H) += dA (B x G*H at aOff) W_hh. */
    private void addRecurrentGrad(double[] w, double[] dA, int aOff, double[] dHPrev, int from, int to) {
        if (packed) {
            mm.mulAddPacked(to - from, hidden, gh, dA, aOff + from * gh, packedHh, dHPrev, from * hidden);
        } else {
            mm.mulAddNN(to - from, hidden, gh, dA, aOff + from * gh, w, wHh, dHPrev, from * hidden);
        }
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
    public final void forward(double[] w, CellCache cache, double[] scratch) {
        forwardRows(w, cache, scratch, 0, cache.batch);
    }

    /**
     * {@link #forward} of rows [from, to) only, with the bits the whole batch's step gives them (the
     * weights packed, {@link #weightsPacked}); other rows are untouched, so two threads may run two
     * row ranges of one step. Scratch is used at the rows' own places.
     */
    public final void forwardRows(double[] w, CellCache cache, double[] scratch, int from, int to) {
        double[] pre = inputPart(cache);
        if (packed && in == 1 && vectorKernels) {
            oneInputPart(w, cache.x, pre, from, to);
        } else {
            inputBiases(w, pre, from, to);
            addInputPart(w, cache.x, pre, from, to);
        }
        recurrentStep(w, cache, scratch, from, to);
    }

    /**
     * One step as {@link #forward}, its input part b_ih (+ b_hh) + x W_ih^T given: the step's rows of
     * proj (B x G*H) at pOff, from {@link #projectInputs}.
     */
    public final void forwardProjected(double[] w, CellCache cache, double[] proj, int pOff, double[] scratch) {
        System.arraycopy(proj, pOff, inputPart(cache), 0, cache.batch * gh);
        recurrentStep(w, cache, scratch, 0, cache.batch);
    }

    /** wIhT (In x G*H) := W_ih^T, the layout in which {@link #projectInputs} streams it. */
    public final void transposeInputWeights(double[] w, double[] wIhT) {
        for (int j = 0; j < gh; j++) {
            for (int f = 0; f < in; f++) {
                wIhT[f * gh + j] = w[wIh + j * in + f];
            }
        }
    }

    /**
     * The input part of many steps at once (Appleyard et al. 2016: it does not depend on the previous
     * step): proj (R x G*H) := b_ih (+ b_hh) + x (R x In) W_ih^T, one product for all R = steps x B rows.
     * Each element is one multiply-add chain over the inputs whatever R is, so projecting a block of
     * steps or each step alone gives the same bits.
     *
     * @param wIhT W_ih^T (In x G*H), from {@link #transposeInputWeights}
     */
    public final void projectInputs(double[] w, double[] wIhT, double[] x, int rows, double[] proj) {
        inputBiases(w, proj, 0, rows);
        mm.mulAddNN(rows, gh, in, x, 0, wIhT, 0, proj, 0);
    }

    /**
     * Rows [from, to) of pre := the bias + x W_ih^T for one input feature, in one pass: the bits of
     * {@link #inputBiases} then {@link #addInputPart} on the vector kernels (each product x_b w_j rounded as
     * a fused multiply-add onto zero, then added to the bias), which wrote every row twice and ran a
     * product kernel with k = 1 (at H = 128, B = 32: 3.0 us of a thread's 23 us forward step).
     */
    private void oneInputPart(double[] w, double[] x, double[] pre, int from, int to) {
        for (int b = from; b < to; b++) {
            int row = b * gh;
            double xb = x[b];
            for (int j = VectorGates.biasPlusProduct(packedBias, 0, w, wIh, xb, pre, row, gh); j < gh; j++) {
                pre[row + j] = packedBias[j] + Math.fma(xb, w[wIh + j], 0);
            }
        }
    }

    /** Rows [from, to) (of G*H) of pre := b_ih, plus b_hh where the recurrent bias adds outside any gate ({@link #recurrentBiasInInputPart}). */
    private void inputBiases(double[] w, double[] pre, int from, int to) {
        if (from >= to) {
            return;
        }
        int first = from * gh;
        inputBias(w, pre, first);
        for (int b = from + 1; b < to; b++) {
            System.arraycopy(pre, first, pre, b * gh, gh);
        }
    }

    /** into[at, at + G*H) := b_ih, plus b_hh where {@link #recurrentBiasInInputPart}: the input part's bias. */
    private void inputBias(double[] w, double[] into, int at) {
        boolean both = recurrentBiasInInputPart();
        for (int j = 0; j < gh; j++) {
            into[at + j] = both ? w[bIh + j] + w[bHh + j] : w[bIh + j];
        }
    }

    /** Where a step's input part goes (B x G*H): the cache's gate pre-activations (for rnn, h itself). */
    protected abstract double[] inputPart(CellCache cache);

    /** Whether b_hh joins b_ih in the input part: true but for GRU, whose b_hn sits inside r * (W_hn h + b_hn). */
    protected abstract boolean recurrentBiasInInputPart();

    /**
     * The rest of a step for rows [from, to): adds the recurrent part (hPrev W_hh^T, and b_hh where it is
     * not in the input part), applies the gates.
     */
    protected abstract void recurrentStep(double[] w, CellCache cache, double[] scratch, int from, int to);

    /**
     * Backpropagates one step. dH (B x H) is the gradient of the loss with respect to cache.h, dC
     * (B x H, LSTM only, else ignored) with respect to cache.c. Adds into dW (layout of w), dX
     * (B x In; may be null when the input needs no gradient), dHPrev (B x H) and dCPrev (B x H, LSTM only).
     * This is the reference: every product per step, the weight gradients included.
     */
    public final void backward(double[] w, CellCache cache, double[] dH, double[] dC,
                               double[] dW, double[] dX, double[] dHPrev, double[] dCPrev, double[] scratch) {
        double[] dA = scratch; // (B x G*H), the gradient of the pre-activations
        int batch = cache.batch;
        gateGrads(cache, dH, dC, dHPrev, dCPrev, dA, 0, 0, batch);
        inputGrads(w, cache, dA, dW, dX);
        recurrentGateGrads(cache, dA, 0, dA, 0, 0, batch);
        recurrentGrads(w, cache, dA, dW, dHPrev);
    }

    /**
     * Rows [from, to) of dA (B x G*H) at aOff := the gradient of the input pre-activations x W_ih^T + b_ih
     * from dH and dC through the gates; adds the element-wise parts of dHPrev (GRU: through z) and dCPrev
     * (LSTM: through f).
     */
    protected abstract void gateGrads(CellCache cache, double[] dH, double[] dC, double[] dHPrev, double[] dCPrev,
                                      double[] dA, int aOff, int from, int to);

    /**
     * Rows [from, to) of dAh (B x G*H) at hOff := the gradient of the recurrent pre-activations
     * hPrev W_hh^T + b_hh, from dA (may be the same array and offset). Returns false, writing nothing,
     * where the two are equal (every cell but GRU, whose reset gate multiplies the recurrent part of n).
     */
    protected boolean recurrentGateGrads(CellCache cache, double[] dA, int aOff, double[] dAh, int hOff, int from, int to) {
        return false;
    }

    /**
     * The window's record for batching the weight gradients across time (Appleyard et al. 2016): per
     * step p of the window (p = 0 the last step, backpropagated first) the pre-activation gradients and
     * the step's inputs and incoming state, stored contiguously so that the whole window's dW_ih and
     * dW_hh are one product each with K = steps x B. Sized once for a window of at most {@code steps}.
     * A window whose weight gradients are added step by step ({@link #stepWeightGrads}) records the
     * gradients only: each step's input and incoming state are still in its cache.
     */
    public final class Window {
        final int batch;
        final int steps;
        /** (steps*B x G*H): dA of each step, in backward order. */
        final double[] dA;
        /** (steps*B x G*H): the recurrent dA where it differs from dA (GRU); else empty. */
        final double[] dAh;
        /** (steps*B x In): each step's input; empty where the steps' caches serve. */
        final double[] x;
        /** (steps*B x H): each step's incoming hidden state; empty where the steps' caches serve. */
        final double[] hPrev;

        Window(int batch, int steps, boolean separateRecurrent, boolean inputs) {
            this.batch = batch;
            this.steps = steps;
            dA = new double[steps * batch * gh];
            dAh = new double[separateRecurrent ? steps * batch * gh : 0];
            x = new double[inputs ? steps * batch * in : 0];
            hPrev = new double[inputs ? steps * batch * hidden : 0];
        }
    }

    /**
     * A window record for B rows and at most {@code steps} steps: with {@code inputs}, for
     * {@link #windowWeightGrads}, each step's input and incoming state too (contiguous, one product over the
     * window); without, for {@link #stepWeightGrads}, the gradients only.
     */
    public Window newWindow(int batch, int steps, boolean inputs) {
        return new Window(batch, steps, this instanceof GruCell, inputs);
    }

    /**
     * Backpropagates one step as {@link #backward} does, except the weight gradients: the step's
     * pre-activation gradients, input and incoming state go to position {@code pos} of the window, and
     * {@link #windowWeightGrads} adds the weight gradients of all its steps at once. dX and dHPrev get
     * exactly the values {@link #backward} gives.
     */
    public final void backwardDeferred(double[] w, CellCache cache, double[] dH, double[] dC, double[] dX,
                                       double[] dHPrev, double[] dCPrev, Window win, int pos) {
        backwardDeferredRows(w, cache, dH, dC, dX, dHPrev, dCPrev, win, pos, 0, cache.batch);
    }

    /**
     * {@link #backwardDeferred} of rows [from, to) only, with the bits the whole batch's step gives them
     * (the weights packed, {@link #weightsPacked}): two threads may run two row ranges of one step.
     */
    public final void backwardDeferredRows(double[] w, CellCache cache, double[] dH, double[] dC, double[] dX,
                                           double[] dHPrev, double[] dCPrev, Window win, int pos, int from, int to) {
        int batch = cache.batch;
        if (batch != win.batch || pos >= win.steps) {
            throw new IllegalStateException("a window of " + win.steps + " steps of " + win.batch + " rows has no place for step "
                    + pos + " of " + batch + " rows");
        }
        int aOff = pos * batch * gh;
        gateGrads(cache, dH, dC, dHPrev, dCPrev, win.dA, aOff, from, to);
        if (dX != null) {
            addInputGrad(w, win.dA, aOff, dX, from, to);
        }
        boolean separate = recurrentGateGrads(cache, win.dA, aOff, win.dAh, aOff, from, to);
        addRecurrentGrad(w, separate ? win.dAh : win.dA, aOff, dHPrev, from, to);
        if (win.x.length > 0) {
            System.arraycopy(cache.x, from * in, win.x, (pos * batch + from) * in, (to - from) * in);
            System.arraycopy(cache.hPrev, from * hidden, win.hPrev, (pos * batch + from) * hidden, (to - from) * hidden);
        }
    }

    /**
     * Adds the weight gradients of the window's first {@code steps} positions into dW: dW_ih += dA^T X,
     * db_ih += the column sums of dA, dW_hh += dAh^T H_prev, db_hh += the column sums of dAh, each one
     * product over K = steps x B rows. The biases get exactly {@link #backward}'s sums (the same additions
     * in the same order); the weights differ from it by rounding only, as one multiply-add chain over
     * the whole window replaces one chain per step.
     */
    public final void windowWeightGrads(Window win, int steps, double[] dW) {
        int rows = steps * win.batch;
        double[] dAh = win.dAh.length > 0 ? win.dAh : win.dA;
        // K in panels of about 64k elements of dA (256 KB in float32), which stay in cache while the product
        // runs over them; each element is one multiply-add chain per panel, added into dW panel by panel
        int panel = Math.max(win.batch, (1 << 16) / gh);
        for (int p0 = 0; p0 < rows; p0 += panel) {
            int k = Math.min(panel, rows - p0);
            mm.mulAddTN(gh, in, k, win.dA, p0 * gh, win.x, p0 * in, dW, wIh);
            mm.mulAddTN(gh, hidden, k, dAh, p0 * gh, win.hPrev, p0 * hidden, dW, wHh);
        }
        addRowSums(win.dA, 0, rows, dW, bIh, 0, gh);
        addRowSums(dAh, 0, rows, dW, bHh, 0, gh);
    }

    /**
     * Adds the weight gradients of the one step at position {@code pos} of the window into dW, with
     * exactly {@link #backward}'s products and sums (K = B, the same order): {@link #backwardDeferred}
     * then this gives {@link #backward}'s bits, the weight gradients free to run on another thread.
     * Only the gate units [g0, g1) of G*H: their rows of dW_ih and dW_hh and their biases, so two
     * threads may take two ranges of one step's weight gradients. The step's input and incoming state
     * come from its cache, the one backpropagated at {@code pos}.
     */
    public final void stepWeightGrads(Window win, int pos, CellCache cache, double[] dW, int g0, int g1) {
        int batch = win.batch;
        int aOff = pos * batch * gh;
        double[] dAh = win.dAh.length > 0 ? win.dAh : win.dA;
        int units = g1 - g0;
        if (in == 1 && dAh == win.dA && vectorKernels) {
            oneInputWeightGrads(win.dA, aOff, batch, cache.x, dW, g0, g1);
        } else {
            mm.mulAddTN(units, in, batch, win.dA, aOff + g0, gh, cache.x, 0, dW, wIh + g0 * in);
            addRowSums(win.dA, aOff, batch, dW, bIh, g0, g1);
            addRowSums(dAh, aOff, batch, dW, bHh, g0, g1);
        }
        mm.mulAddTN(units, hidden, batch, dAh, aOff + g0, gh, cache.hPrev, 0, dW, wHh + g0 * hidden);
    }

    /**
     * Gate units [g0, g1) of dW_ih += dA^T x, db_ih += and db_hh += the column sums of dA (B x G*H at aOff), for one
     * input feature and dA as the recurrent gradient too, in one pass over dA where the vector kernels run
     * ({@link VectorGates#oneInputWeightGrads}): the bits of the one-column product and the two column sums
     * it replaces, which read each step's dA three times (at H = 128: 3.2% of a training run's time).
     */
    private void oneInputWeightGrads(double[] dA, int aOff, int batch, double[] x, double[] dW, int g0, int g1) {
        int width = g1 - g0;
        int from = VectorGates.oneInputWeightGrads(dA, aOff + g0, batch, width, gh, x, dW, wIh + g0, bIh + g0, bHh + g0);
        for (int j = from; j < width; j++) {
            double acc = 0;
            for (int b = 0; b < batch; b++) {
                acc = Math.fma(dA[aOff + b * gh + g0 + j], x[b], acc);
            }
            dW[wIh + g0 + j] += acc;
        }
        Kernels.addColumnSumsFrom(from, dA, aOff + g0, batch, width, gh, dW, bIh + g0);
        Kernels.addColumnSumsFrom(from, dA, aOff + g0, batch, width, gh, dW, bHh + g0);
    }

    /** Gate units of this layer, G*H: the range {@link #stepWeightGrads} may split. */
    public final int gateUnits() {
        return gh;
    }

    /** Multiply-adds of one step's recurrent product for B rows (B x G*H x H). */
    public final long stepWork(int batch) {
        return (long) batch * gh * hidden;
    }

    /** From dA (B x G*H), the gradient of the input pre-activations: dW_ih += dA^T x, db_ih += sum_b dA, dX += dA W_ih. */
    protected final void inputGrads(double[] w, CellCache cache, double[] dA, double[] dW, double[] dX) {
        int batch = cache.batch;
        mm.mulAddTN(gh, in, batch, dA, 0, cache.x, 0, dW, wIh);
        addRowSums(dA, 0, batch, dW, bIh, 0, gh);
        if (dX != null) {
            addInputGrad(w, dA, 0, dX, 0, batch);
        }
    }

    /** From dA (B x G*H), the gradient of the recurrent pre-activations: dW_hh += dA^T hPrev, db_hh += sum_b dA, dHPrev += dA W_hh. */
    protected final void recurrentGrads(double[] w, CellCache cache, double[] dA, double[] dW, double[] dHPrev) {
        int batch = cache.batch;
        mm.mulAddTN(gh, hidden, batch, dA, 0, cache.hPrev, 0, dW, wHh);
        addRowSums(dA, 0, batch, dW, bHh, 0, gh);
        addRecurrentGrad(w, dA, 0, dHPrev, 0, batch);
    }

    /** dW (G*H at bias) += the column sums of dA (batch x G*H at aOff), row by row: the columns [g0, g1) only. */
    private void addRowSums(double[] dA, int aOff, int batch, double[] dW, int bias, int g0, int g1) {
        Kernels.addColumnSums(dA, aOff + g0, batch, g1 - g0, gh, dW, bias + g0);
    }
}
