package org.tbptt4j.f64;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;

/**
 * The model: optional embedding, a stack of L recurrent layers, dropout between layers, and a
 * linear head applied at every step. All weights live in one flat array {@link #params} laid out by
 * {@link #layout}; {@link #grads} has the same layout and is where every backward pass adds.
 *
 * <p>The network computes steps, one at a time or a block at a time (the batch's rows split between two
 * threads: {@link #forwardBlock}, {@link #backwardSteps}); the order of steps, truncation and updates
 * belong to the trainer. A {@link Step} records one step's activations, a {@link State} carries (h, c)
 * across steps, a {@link Backward} carries (dh, dc) back across steps.
 */
public final class Network {

    public final ModelConfig config;
    public final ParamLayout layout;
    /** All parameters, laid out by {@link #layout}. */
    public final double[] params;
    /** Gradient accumulator, same layout; zero it with {@link #zeroGrads()}. */
    public final double[] grads;

    private final RecurrentCell[] cells;
    private final Embedding embedding;
    private final Linear head;
    private final int maxScratchPerRow;

    /**
     * A network of shape {@code config}, initialised as PyTorch initialises its recurrent layers
     * ({@link Initializer#pytorchDefault()}, seed 0), so that it trains as built; replace the
     * parameters with {@link #setParameters} (another initialiser or seed, or saved weights).
     */
    public Network(ModelConfig config, MatMul mm) {
        this.config = config;
        this.layout = new ParamLayout(config);
        this.params = new double[layout.size()];
        this.grads = new double[layout.size()];
        this.cells = new RecurrentCell[config.layers()];
        int scratch = 0;
        for (int l = 0; l < config.layers(); l++) {
            cells[l] = RecurrentCell.of(config.cell(), config.layerInputs(l), config.hidden(), layout.layerOffset(l), mm);
            scratch = Math.max(scratch, cells[l].scratchSize(1));
        }
        this.maxScratchPerRow = scratch;
        this.embedding = config.embedding() > 0
                ? new Embedding(config.inputs(), config.embedding(), layout.embeddingOffset()) : null;
        this.head = new Linear(config.hidden(), config.outputs(), layout.headOffset(), mm);
        setParameters(Initializer.pytorchDefault().initialise(config, 0));
    }

    /** A network with the fast matrix products, initialised (see above). */
    public Network(ModelConfig config) {
        this(config, MatMul.fast());
    }

    /**
     * Fails unless the stream's steps have this network's input width, with a message naming both.
     *
     * @param what names the stream in the message, e.g. "the training data"
     */
    public void requireInputWidth(StreamBatch s, String what) {
        int width = config.streamFeatures();
        if (s.inputWidth != width) {
            throw new IllegalArgumentException(what + " has " + s.inputWidth + " input value(s) per step, but the network reads "
                    + width + (config.embedding() > 0 ? " (a token id)" : " (ModelConfig inputs = " + config.inputs() + ")")
                    + "; build the network for the data's width, or give data of the network's");
        }
    }

    /** Copies parameters given in double precision (e.g. from an initialiser or a file). */
    public void setParameters(/*wide*/ double[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("expected " + params.length + " parameters, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            params[i] = (double) values[i];
        }
    }

    /** The parameters widened to double. */
    public /*wide*/ double[] parametersAsDouble() {
        /*wide*/ double[] out = new /*wide*/ double[params.length];
        for (int i = 0; i < params.length; i++) {
            out[i] = params[i];
        }
        return out;
    }

    /**
     * Packs every recurrent layer's weight matrices from {@link #params} for the per-step products
     * ({@link RecurrentCell#packWeights}); from here until {@link #dropPackedWeights} every step reads
     * those copies, so whoever calls this must call it again after each change to params.
     */
    public void packWeights() {
        for (RecurrentCell cell : cells) {
            cell.packWeights(params);
        }
    }

    /** Every product reads params again. */
    public void dropPackedWeights() {
        for (RecurrentCell cell : cells) {
            cell.dropPackedWeights();
        }
    }

    public void zeroGrads() {
        Parallel.halves(grads.length, (from, to) -> Arrays.fill(grads, from, to, 0));
    }

    public RecurrentCell cell(int l) {
        return cells[l];
    }

    public Linear head() {
        return head;
    }

    /** Scratch values needed by {@link #forwardStep} and {@link #backwardStep} for B rows. */
    public int scratchSize(int batch) {
        return batch * maxScratchPerRow;
    }

    /** Carried state of every layer for B rows: h (B x H) and, for LSTM, c (B x H). */
    public final class State {
        public final int batch;
        public final double[][] h;
        public final double[][] c;

        State(int batch) {
            this.batch = batch;
            int n = batch * config.hidden();
            int nc = config.cell() == org.tbptt4j.model.CellType.LSTM ? n : 0;
            h = new double[config.layers()][n];
            c = new double[config.layers()][nc];
        }

        /** Zeroes the state of every row. */
        public void reset() {
            for (int l = 0; l < h.length; l++) {
                Arrays.fill(h[l], 0);
                Arrays.fill(c[l], 0);
            }
        }

        /** Zeroes row b's state in every layer. */
        public void resetRow(int b) {
            for (int l = 0; l < h.length; l++) {
                resetRow(l, b);
            }
        }

        /** Zeroes row b's state in layer l. */
        void resetRow(int l, int b) {
            int H = config.hidden();
            Arrays.fill(h[l], b * H, (b + 1) * H, 0);
            if (c[l].length > 0) {
                Arrays.fill(c[l], b * H, (b + 1) * H, 0);
            }
        }

        /** Makes this state equal to {@code other}. */
        public void copyFrom(State other) {
            for (int l = 0; l < h.length; l++) {
                System.arraycopy(other.h[l], 0, h[l], 0, h[l].length);
                System.arraycopy(other.c[l], 0, c[l], 0, c[l].length);
            }
        }
    }

    public State newState(int batch) {
        return new State(batch);
    }

    /** One step's record for B rows: each layer's cache, the dropout masks and the reset flags. */
    public final class Step {
        public final int batch;
        final CellCache[] layers;
        /** Per layer l >= 1: the inverted-dropout mask applied to its input, (B x H); null without dropout. */
        final double[][] dropMask;
        /** Rows whose state was reset before this step. */
        final boolean[] reset;
        /** Whether dropout masks were drawn (training) or not (evaluation). */
        boolean dropped;

        Step(int batch) {
            this.batch = batch;
            layers = new CellCache[config.layers()];
            dropMask = new double[config.layers()][];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = cells[l].newCache(batch);
                if (l > 0 && config.dropout() > 0) {
                    dropMask[l] = new double[batch * config.hidden()];
                }
            }
            reset = new boolean[batch];
        }

        /** The top layer's output at this step, (B x H). */
        public double[] top() {
            return layers[layers.length - 1].h;
        }
    }

    public Step newStep(int batch) {
        return new Step(batch);
    }

    /**
     * Runs one step: rows with reset[rOff + b] start from zero state; the state advances to the
     * step's output.
     *
     * @param x       the step's inputs (B x F), or token ids (B) with an embedding, at xOff
     * @param reset   reset flags (B) at rOff, or null for none
     * @param rng     draws dropout masks when non-null (training); null = evaluation, no dropout
     * @param scratch at least {@link #scratchSize} values
     */
    public void forwardStep(double[] x, int xOff, boolean[] reset, int rOff, State state, Step step,
                            SplittableRandom rng, double[] scratch) {
        prepareStep(x, xOff, reset, rOff, step, rng);
        forwardRows(state, step, scratch, 0, step.batch);
    }

    /**
     * The part of a step that is not a row's own: its reset flags, its input (embedded) into the first
     * layer's cache, and its dropout masks, drawn layer by layer, element by element.
     */
    private void prepareStep(double[] x, int xOff, boolean[] reset, int rOff, Step step, SplittableRandom rng) {
        int batch = step.batch;
        for (int b = 0; b < batch; b++) {
            step.reset[b] = reset != null && reset[rOff + b];
        }
        CellCache first = step.layers[0];
        if (embedding != null) {
            embedding.forward(params, x, xOff, batch, first.x);
        } else {
            System.arraycopy(x, xOff, first.x, 0, first.x.length);
        }
        step.dropped = rng != null && config.dropout() > 0;
        double keepScale = (double) (1 / (1 - config.dropout()));
        for (int l = 1; step.dropped && l < cells.length; l++) {
            double[] mask = step.dropMask[l];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rng.nextDouble() < config.dropout() ? 0 : keepScale;
            }
        }
    }

    /**
     * Rows [from, to) of a prepared step through the stack: each row's state reset where the step says,
     * then advanced to the step's output. Rows are independent: two threads may run two ranges.
     */
    private void forwardRows(State state, Step step, double[] scratch, int from, int to) {
        int H = config.hidden();
        for (int b = from; b < to; b++) {
            if (step.reset[b]) {
                state.resetRow(b);
            }
        }
        int r0 = from * H;
        int n = (to - from) * H;
        for (int l = 0; l < cells.length; l++) {
            CellCache cache = step.layers[l];
            if (l > 0) {
                double[] below = step.layers[l - 1].h;
                if (step.dropped) {
                    double[] mask = step.dropMask[l];
                    for (int i = r0; i < r0 + n; i++) {
                        cache.x[i] = below[i] * mask[i];
                    }
                } else {
                    System.arraycopy(below, r0, cache.x, r0, n);
                }
            }
            System.arraycopy(state.h[l], r0, cache.hPrev, r0, n);
            boolean cellState = cache.cPrev.length > 0;
            if (cellState) {
                System.arraycopy(state.c[l], r0, cache.cPrev, r0, n);
            }
            cells[l].forwardRows(params, cache, scratch, from, to);
            System.arraycopy(cache.h, r0, state.h[l], r0, n);
            if (cellState) {
                System.arraycopy(cache.c, r0, state.c[l], r0, n);
            }
        }
    }

    /**
     * Runs n consecutive steps as n calls of {@link #forwardStep} would, with the same bits, and where
     * it pays ({@link Parallel#splitRows}) on two threads: each takes half the rows through all n steps
     * (rows are independent in the forward pass), so the threads meet once a block, not once a product.
     * Dropout masks are drawn first, step by step as forwardStep draws them. Needs the weights packed
     * ({@link #packWeights}), whose products give each row the same bits in any row range.
     *
     * @param steps the n steps' records, in time order
     * @param x     step t's inputs (B x F, or B token ids) at xOff + t * xStride
     * @param reset step t's reset flags (B) at rOff + t * B, or null for none
     */
    public void forwardBlock(Step[] steps, int n, double[] x, int xOff, int xStride, boolean[] reset, int rOff, State state,
                             SplittableRandom rng, double[] scratch) {
        int batch = state.batch;
        for (int t = 0; t < n; t++) {
            prepareStep(x, xOff + t * xStride, reset, rOff + t * batch, steps[t], rng);
        }
        int split = rowSplit(batch, n);
        if (split == 0) {
            for (int t = 0; t < n; t++) {
                forwardRows(state, steps[t], scratch, 0, batch);
            }
            return;
        }
        Parallel.runAlone(() -> {
            for (int t = 0; t < n; t++) {
                forwardRows(state, steps[t], scratch, 0, split);
            }
        }, () -> {
            for (int t = 0; t < n; t++) {
                forwardRows(state, steps[t], scratch, split, batch);
            }
        });
    }

    /**
     * Where two threads split B rows for a block of n steps ({@link Parallel#splitRows}), or 0: only with
     * every layer's weights packed, so that each row range gets the whole batch's bits.
     */
    private int rowSplit(int batch, int n) {
        long work = 0;
        for (RecurrentCell cell : cells) {
            if (!cell.weightsPacked()) {
                return 0;
            }
            work += cell.stepWork(batch);
        }
        return Parallel.splitRows(batch, work, n);
    }

    /**
     * Work buffers for {@link #forwardSteps}, sized once for blocks of at most {@code steps} steps of B
     * rows: per layer W_ih^T (In x G*H); shared, the block's inputs (steps*B x In) and input parts
     * (steps*B x G*H).
     */
    public final class Projection {
        final int batch;
        final int steps;
        final double[][] wIhT;
        final double[] x;
        final double[] proj;

        Projection(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            wIhT = new double[cells.length][];
            int maxIn = 0;
            for (int l = 0; l < cells.length; l++) {
                wIhT[l] = new double[cells[l].inputs() * config.cell().gates * config.hidden()];
                maxIn = Math.max(maxIn, cells[l].inputs());
            }
            x = new double[steps * batch * maxIn];
            proj = new double[steps * batch * config.cell().gates * config.hidden()];
        }
    }

    /** Buffers for {@link #forwardSteps} over blocks of at most {@code steps} steps of B rows. */
    public Projection newProjection(int batch, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a block needs at least 1 step, got " + steps);
        }
        return new Projection(batch, steps);
    }

    /**
     * Runs n consecutive steps as n calls of {@link #forwardStep} would, layer by layer: each layer's
     * input part (b_ih + x W_ih^T) for all n steps is one product (n x B rows), then its recurrent part
     * runs step by step. Dropout masks are drawn in forwardStep's order (step by step, layer by
     * layer), so the result is the same whatever n; it equals forwardStep's bit for bit where both take
     * the same multiply-add chain per element (see {@link RecurrentCell#projectInputs}).
     *
     * @param steps the n steps' records, in time order
     * @param x     step t's inputs (B x F, or B token ids) at xOff + t * xStride
     * @param reset step t's reset flags (B) at rOff + t * B, or null for none
     */
    public void forwardSteps(Step[] steps, int n, double[] x, int xOff, int xStride, boolean[] reset, int rOff, State state,
                             SplittableRandom rng, Projection buf, double[] scratch) {
        int batch = state.batch;
        int H = config.hidden();
        if (n > buf.steps || batch != buf.batch) {
            throw new IllegalStateException("buffers for " + buf.steps + " steps of " + buf.batch + " rows cannot run " + n
                    + " steps of " + batch);
        }
        for (int t = 0; t < n; t++) {
            prepareStep(x, xOff + t * xStride, reset, rOff + t * batch, steps[t], rng);
        }
        int np = batch * config.cell().gates * H;
        for (int l = 0; l < cells.length; l++) {
            RecurrentCell cell = cells[l];
            int nx = batch * cell.inputs();
            for (int t = 0; t < n; t++) {
                CellCache cache = steps[t].layers[l];
                if (l > 0) {
                    double[] below = steps[t].layers[l - 1].h;
                    double[] mask = steps[t].dropMask[l];
                    for (int i = 0; i < nx; i++) {
                        cache.x[i] = steps[t].dropped ? below[i] * mask[i] : below[i];
                    }
                }
                System.arraycopy(cache.x, 0, buf.x, t * nx, nx);
            }
            cell.transposeInputWeights(params, buf.wIhT[l]);
            cell.projectInputs(params, buf.wIhT[l], buf.x, n * batch, buf.proj);
            for (int t = 0; t < n; t++) {
                CellCache cache = steps[t].layers[l];
                for (int b = 0; b < batch; b++) {
                    if (steps[t].reset[b]) {
                        state.resetRow(l, b);
                    }
                }
                System.arraycopy(state.h[l], 0, cache.hPrev, 0, batch * H);
                System.arraycopy(state.c[l], 0, cache.cPrev, 0, cache.cPrev.length);
                cell.forwardProjected(params, cache, buf.proj, t * np, scratch);
                System.arraycopy(cache.h, 0, state.h[l], 0, batch * H);
                System.arraycopy(cache.c, 0, state.c[l], 0, cache.c.length);
            }
        }
    }

    /** pred (B x O) at pOff = the head applied to the step's top output. */
    public void headForward(Step step, double[] pred, int pOff) {
        head.forward(params, step.top(), 0, step.batch, pred, pOff);
    }

    /** Adds the head's weight gradients for dPred (B x O) and writes dTop (B x H) += dPred W. */
    public void headBackward(Step step, double[] dPred, int dOff, double[] dTop) {
        head.backward(params, step.top(), 0, dPred, dOff, step.batch, grads, dTop, 0);
    }

    /**
     * One thread's gradients carried back in time: dh, dc per layer (B x H), the ones being computed for
     * the step before, and the input gradient buffer. When two threads split the rows, each has its own
     * and touches its rows only.
     */
    private final class Chain {
        double[][] dh;
        double[][] dc;
        double[][] dhPrev;
        double[][] dcPrev;
        final double[] dx;

        Chain(int batch) {
            int L = config.layers();
            int n = batch * config.hidden();
            int nc = config.cell() == org.tbptt4j.model.CellType.LSTM ? n : 0;
            dh = new double[L][n];
            dc = new double[L][nc];
            dhPrev = new double[L][n];
            dcPrev = new double[L][nc];
            dx = new double[batch * Math.max(config.firstLayerInputs(), config.hidden())];
        }

        void clear() {
            for (int l = 0; l < dh.length; l++) {
                Arrays.fill(dh[l], 0);
                Arrays.fill(dc[l], 0);
            }
        }

        /** Layer l's step is done: what it computed for the step before becomes the carried gradient. */
        void advance(int l) {
            double[] h = dh[l];
            dh[l] = dhPrev[l];
            dhPrev[l] = h;
            double[] c = dc[l];
            dc[l] = dcPrev[l];
            dcPrev[l] = c;
        }
    }

    /** The gradients carried back in time: dh, dc per layer (B x H), plus work buffers. */
    public final class Backward {
        public final int batch;
        private final Chain chain;
        /**
         * The second thread's chain when the rows may split ({@link #newSplitBackward}); else null. A split
         * Backward adds its window's weight gradients step by step ({@link RecurrentCell#stepWeightGrads}, the
         * bits of {@link RecurrentCell#backward}), a window Backward as one product per window (to rounding).
         */
        private final Chain second;
        /** Per layer: the window record when the weight gradients wait for {@link #finishWindow}; null per step. */
        private final RecurrentCell.Window[] windows;
        /** Steps backpropagated into the windows since the last {@link #clear}. */
        private int position;
        /** A split Backward's step at each window position, whose caches hold its input and incoming state; else empty. */
        private final Step[] stepAt;
        /** With the rows split and an embedding: each position's input gradient (B x E) and token ids, for finishWindow. */
        private final double[] embeddingDx;
        private final double[][] embeddingIds;
        private final int[] embeddingIdOff;

        Backward(int batch, int windowSteps, boolean split) {
            this.batch = batch;
            int L = config.layers();
            chain = new Chain(batch);
            second = split ? new Chain(batch) : null;
            windows = windowSteps > 0 ? new RecurrentCell.Window[L] : null;
            for (int l = 0; windows != null && l < windows.length; l++) {
                windows[l] = cells[l].newWindow(batch, windowSteps, !split);
            }
            stepAt = new Step[split ? windowSteps : 0];
            boolean recordEmbedding = split && embedding != null;
            embeddingDx = new double[recordEmbedding ? windowSteps * batch * config.embedding() : 0];
            embeddingIds = new double[recordEmbedding ? windowSteps : 0][];
            embeddingIdOff = new int[embeddingIds.length];
        }

        /** With the rows split: the step backpropagated at window position pos, and its inputs (token ids at xOff). */
        private void record(int pos, Step step, double[] x, int xOff) {
            if (second == null) {
                return;
            }
            stepAt[pos] = step;
            if (embeddingIds.length > 0) {
                embeddingIds[pos] = x;
                embeddingIdOff[pos] = xOff;
            }
        }

        /** Zeroes the carried gradients: the state entering the window is a constant. */
        public void clear() {
            position = 0;
            chain.clear();
            if (second != null) {
                second.clear();
            }
        }

        /** The gradient with respect to layer l's hidden state entering the last step processed, (B x H). */
        public double[] dh(int l) {
            return chain.dh[l];
        }

        /** The same for the LSTM cell state (empty for rnn, gru). */
        public double[] dc(int l) {
            return chain.dc[l];
        }
    }

    /** Carried gradients for B rows; {@link #backwardStep} adds every step's weight gradients at once (the reference). */
    public Backward newBackward(int batch) {
        return new Backward(batch, 0, false);
    }

    /**
     * Carried gradients for B rows and windows of at most {@code steps} steps, whose rows two threads may
     * split ({@link #backwardSteps}): each step's weight gradients are recorded, and {@link #finishWindow}
     * adds them step by step, the gate units split between the threads, with {@link #newBackward}'s
     * bits whatever the threads.
     */
    public Backward newSplitBackward(int batch, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a window needs at least 1 step, got " + steps);
        }
        return new Backward(batch, steps, true);
    }

    /**
     * Carried gradients for B rows that batch the recurrent layers' weight gradients across a window of
     * at most {@code steps} steps: {@link #backwardStep} records each step, {@link #finishWindow} adds
     * the whole window's weight gradients, one product per layer and weight matrix.
     */
    public Backward newWindowBackward(int batch, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a window needs at least 1 step, got " + steps);
        }
        return new Backward(batch, steps, false);
    }

    /**
     * Adds the recurrent layers' weight gradients of the steps backpropagated since {@code back}'s last
     * clear (nothing for a per-step Backward, which has added them already). A split Backward adds each
     * step's as {@link RecurrentCell#backward} would, the steps in the order they were backpropagated,
     * and where that pays on two threads, each taking half of every layer's gate units.
     */
    public void finishWindow(Backward back) {
        if (back.windows == null) {
            return;
        }
        int steps = back.position;
        back.position = 0;
        if (back.second == null) {
            for (int l = 0; l < cells.length; l++) {
                cells[l].windowWeightGrads(back.windows[l], steps, grads);
            }
            return;
        }
        if (rowSplit(back.batch, steps) == 0) {
            stepWeightGrads(back, steps, false, 0);
            return;
        }
        Parallel.runAlone(() -> stepWeightGrads(back, steps, true, 0), () -> stepWeightGrads(back, steps, true, 1));
    }

    /**
     * The recorded steps' weight gradients: every layer's gate units (half {@code part} of them when
     * {@code halves}), then (part 0) the embedding's, step by step in the order backpropagated.
     */
    private void stepWeightGrads(Backward back, int steps, boolean halves, int part) {
        for (int l = 0; l < cells.length; l++) {
            int units = cells[l].gateUnits();
            int mid = halves ? units / 2 / 8 * 8 : units; // a multiple of the products' row blocks
            int g0 = part == 0 ? 0 : mid;
            int g1 = part == 0 ? mid : units;
            for (int p = 0; p < steps && g0 < g1; p++) {
                cells[l].stepWeightGrads(back.windows[l], p, back.stepAt[p].layers[l], grads, g0, g1);
            }
        }
        if (part == 0 && back.embeddingDx.length > 0) {
            int n = back.batch * config.embedding();
            for (int p = 0; p < steps; p++) {
                System.arraycopy(back.embeddingDx, p * n, back.chain.dx, 0, n);
                embedding.backward(back.embeddingIds[p], back.embeddingIdOff[p], back.batch, back.chain.dx, grads);
            }
        }
    }

    /**
     * Backpropagates one step through the stack, top to bottom, adding into {@link #grads}. On entry
     * {@code back} holds the gradient with respect to this step's outputs from later steps; dTop
     * (B x H, may be null) is the head's gradient at this step. On exit {@code back} holds the
     * gradient with respect to the state entering this step; rows reset at this step get zero, so
     * nothing flows into the previous step. With a window or split Backward the recurrent layers'
     * weight gradients wait for {@link #finishWindow}.
     */
    public void backwardStep(Step step, double[] dTop, double[] x, int xOff, Backward back, double[] scratch) {
        if (back.windows != null) {
            back.record(back.position, step, x, xOff);
        }
        backwardRows(step, dTop, x, xOff, back, back.chain, back.position, scratch, 0, step.batch);
        if (back.windows != null) {
            back.position++;
        }
    }

    /**
     * Backpropagates n steps as n calls of {@link #backwardStep} would, with the same bits, and with a
     * split Backward where it pays ({@link Parallel#splitRows}) on two threads: each takes half the rows
     * down the whole chain dh_{t-1} = dA_t W_hh (rows are independent there; only the weight gradients
     * sum over rows, and they wait for {@link #finishWindow}), so the threads meet once a window.
     *
     * @param steps  the steps in the order backpropagated: steps[0] the latest
     * @param dTops  the head's gradient at each step (B x H), or null where it has none
     * @param inputs each step's inputs (B x F, or B token ids), as forwarded
     */
    public void backwardSteps(Step[] steps, double[][] dTops, double[][] inputs, int n, Backward back, double[] scratch) {
        int batch = back.batch;
        int pos = back.position;
        if (back.second == null) {
            throw new IllegalStateException("backwardSteps needs a split Backward (newSplitBackward)");
        }
        if (pos + n > back.windows[0].steps) {
            throw new IllegalStateException("a window of " + back.windows[0].steps + " steps has no place for " + (pos + n));
        }
        int split = rowSplit(batch, n);
        if (split == 0) {
            // too little to split: the reference itself, each step's weight gradients with it, nothing recorded
            for (int i = 0; i < n; i++) {
                backwardRows(steps[i], dTops[i], inputs[i], 0, back, back.chain, -1, scratch, 0, batch);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            back.record(pos + i, steps[i], inputs[i], 0);
        }
        Parallel.runAlone(() -> {
            for (int i = 0; i < n; i++) {
                backwardRows(steps[i], dTops[i], inputs[i], 0, back, back.chain, pos + i, scratch, 0, split);
            }
        }, () -> {
            for (int i = 0; i < n; i++) {
                backwardRows(steps[i], dTops[i], inputs[i], 0, back, back.second, pos + i, scratch, split, batch);
            }
        });
        // the second thread's rows join the first chain, whose dh and dc the caller reads
        int H = config.hidden();
        for (int l = 0; l < cells.length; l++) {
            System.arraycopy(back.second.dh[l], split * H, back.chain.dh[l], split * H, (batch - split) * H);
            if (back.chain.dc[l].length > 0) {
                System.arraycopy(back.second.dc[l], split * H, back.chain.dc[l], split * H, (batch - split) * H);
            }
        }
        back.position = pos + n;
    }

    /**
     * Rows [from, to) of one step back through the stack with chain ch (see {@link #backwardStep}); with
     * window records, at window position pos, or with pos = -1 (all rows) the reference's products, the
     * weight gradients added at once.
     */
    private void backwardRows(Step step, double[] dTop, double[] x, int xOff, Backward back, Chain ch, int pos, double[] scratch,
                              int from, int to) {
        int L = cells.length;
        int H = config.hidden();
        int r0 = from * H;
        int r1 = to * H;
        if (dTop != null) {
            addInto(ch.dh[L - 1], dTop, null, r0, r1);
        }
        for (int l = L - 1; l >= 0; l--) {
            CellCache cache = step.layers[l];
            double[] dhPrev = ch.dhPrev[l];
            double[] dcPrev = ch.dcPrev[l];
            Arrays.fill(dhPrev, r0, r1, 0);
            if (dcPrev.length > 0) {
                Arrays.fill(dcPrev, r0, r1, 0);
            }
            int in = cells[l].inputs();
            boolean needDx = l > 0 || embedding != null;
            if (needDx) {
                Arrays.fill(ch.dx, from * in, to * in, 0);
            }
            if (back.windows == null || pos < 0) {
                cells[l].backward(params, cache, ch.dh[l], ch.dc[l], grads, needDx ? ch.dx : null, dhPrev, dcPrev, scratch);
            } else {
                cells[l].backwardDeferredRows(params, cache, ch.dh[l], ch.dc[l], needDx ? ch.dx : null, dhPrev, dcPrev,
                        back.windows[l], pos, from, to);
            }
            if (l > 0) {
                // the input of layer l is layer l-1's output (times the dropout mask): its gradient joins dh[l-1]
                addInto(ch.dh[l - 1], ch.dx, step.dropped ? step.dropMask[l] : null, r0, r1);
            } else if (embedding != null && back.embeddingDx.length > 0 && pos >= 0) {
                int e = config.embedding();
                System.arraycopy(ch.dx, from * e, back.embeddingDx, (pos * back.batch + from) * e, (to - from) * e);
            } else if (embedding != null) {
                embedding.backward(x, xOff, step.batch, ch.dx, grads);
            }
            zeroResetRows(step.reset, dhPrev, from, to);
            zeroResetRows(step.reset, dcPrev, from, to);
            ch.advance(l);
        }
    }

    /**
     * into[i] += d[i] (times mask[i] where there is a mask) for i in [r0, r1). A loop of its own, outside
     * {@link #backwardRows}: a long loop inside had the JIT compile all of that method twice (on stack, then
     * whole), some 35 ms of the compiler's time while training starts.
     */
    private static void addInto(double[] into, double[] d, double[] mask, int r0, int r1) {
        for (int i = r0; i < r1; i++) {
            into[i] += mask == null ? d[i] : d[i] * mask[i];
        }
    }

    private void zeroResetRows(boolean[] reset, double[] d, int from, int to) {
        if (d.length == 0) {
            return;
        }
        int H = config.hidden();
        for (int b = from; b < to; b++) {
            if (reset[b]) {
                Arrays.fill(d, b * H, (b + 1) * H, 0);
            }
        }
    }
}
