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
 * <p>The network computes single steps; the order of steps, truncation and updates belong to the
 * trainer. A {@link Step} records one step's activations, a {@link State} carries (h, c) across
 * steps, a {@link Backward} carries (dh, dc) back across steps.
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
        int batch = step.batch;
        int H = config.hidden();
        for (int b = 0; b < batch; b++) {
            step.reset[b] = reset != null && reset[rOff + b];
            if (step.reset[b]) {
                state.resetRow(b);
            }
        }
        CellCache first = step.layers[0];
        if (embedding != null) {
            embedding.forward(params, x, xOff, batch, first.x);
        } else {
            System.arraycopy(x, xOff, first.x, 0, first.x.length);
        }
        step.dropped = rng != null && config.dropout() > 0;
        for (int l = 0; l < cells.length; l++) {
            CellCache cache = step.layers[l];
            if (l > 0) {
                double[] below = step.layers[l - 1].h;
                if (step.dropped) {
                    double[] mask = step.dropMask[l];
                    double keepScale = (double) (1 / (1 - config.dropout()));
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = rng.nextDouble() < config.dropout() ? 0 : keepScale;
                        cache.x[i] = below[i] * mask[i];
                    }
                } else {
                    System.arraycopy(below, 0, cache.x, 0, batch * H);
                }
            }
            System.arraycopy(state.h[l], 0, cache.hPrev, 0, batch * H);
            System.arraycopy(state.c[l], 0, cache.cPrev, 0, cache.cPrev.length);
            cells[l].forward(params, cache, scratch);
            System.arraycopy(cache.h, 0, state.h[l], 0, batch * H);
            System.arraycopy(cache.c, 0, state.c[l], 0, cache.c.length);
        }
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
        boolean dropped = rng != null && config.dropout() > 0;
        double keepScale = (double) (1 / (1 - config.dropout()));
        for (int t = 0; t < n; t++) {
            Step step = steps[t];
            for (int b = 0; b < batch; b++) {
                step.reset[b] = reset != null && reset[rOff + t * batch + b];
            }
            if (embedding != null) {
                embedding.forward(params, x, xOff + t * xStride, batch, step.layers[0].x);
            } else {
                System.arraycopy(x, xOff + t * xStride, step.layers[0].x, 0, step.layers[0].x.length);
            }
            step.dropped = dropped;
            for (int l = 1; dropped && l < cells.length; l++) {
                double[] mask = step.dropMask[l];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = rng.nextDouble() < config.dropout() ? 0 : keepScale;
                }
            }
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
                        cache.x[i] = dropped ? below[i] * mask[i] : below[i];
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

    /** The gradients carried back in time: dh, dc per layer (B x H), plus work buffers. */
    public final class Backward {
        public final int batch;
        double[][] dh;
        double[][] dc;
        private double[][] dhPrev;
        private double[][] dcPrev;
        private final double[] dx;
        /** Per layer: the window record when the weight gradients are batched across time; null per step. */
        private final RecurrentCell.Window[] windows;
        /** Steps backpropagated into the windows since the last {@link #clear}. */
        private int position;
        /**
         * Per step, the weight gradients on a second thread ({@link GradientLane}): windows is then a ring of
         * {@link #LANE_STEPS} steps per layer, each position's task reading it while the caller goes on.
         */
        private final boolean overlap;
        /** While the lane is open: per layer and ring position, the number of the task last posted for it (-1: none). */
        private final long[][] laneTask;
        /** Task number mod layers x ring -> its layer and ring position. */
        private final int[] taskLayer;
        private final int[] taskPos;
        private boolean laneOpen;
        private final GradientLane.Tasks laneTasks;

        Backward(int batch, int windowSteps, boolean overlap) {
            this.batch = batch;
            this.overlap = overlap;
            int L = config.layers();
            windows = windowSteps > 0 ? new RecurrentCell.Window[L] : null;
            for (int l = 0; windows != null && l < windows.length; l++) {
                windows[l] = cells[l].newWindow(batch, windowSteps);
            }
            laneTask = new long[overlap ? L : 0][windowSteps];
            taskLayer = new int[overlap ? L * windowSteps : 0];
            taskPos = new int[taskLayer.length];
            laneTasks = index -> {
                int i = (int) (index % taskLayer.length);
                int l = taskLayer[i];
                cells[l].stepWeightGrads(windows[l], taskPos[i], grads);
            };
            int n = batch * config.hidden();
            int nc = config.cell() == org.tbptt4j.model.CellType.LSTM ? n : 0;
            dh = new double[L][n];
            dc = new double[L][nc];
            dhPrev = new double[L][n];
            dcPrev = new double[L][nc];
            dx = new double[batch * Math.max(config.firstLayerInputs(), config.hidden())];
        }

        /**
         * Opens the lane for the rest of this window's weight gradients where that pays: two kernel
         * threads, a window of more than one step (one step's handoff costs more than it overlaps:
         * measured at k1 = k2 = 1), and every layer's step products between {@link #LANE_MIN_WORK} (below,
         * a task is too short to repay its handoff: H = 32, B = 32 trained 15% slower) and
         * {@link Parallel#MIN_WORK} (above, the products split between the threads instead).
         */
        private void openLane() {
            for (RecurrentCell cell : cells) {
                long work = cell.stepWork(batch);
                if (work < LANE_MIN_WORK || work >= Parallel.MIN_WORK) {
                    return;
                }
            }
            laneOpen = GradientLane.open(laneTasks);
            for (long[] posted : laneTask) {
                Arrays.fill(posted, -1);
            }
        }

        /** Records layer l's step at its ring position (once the task that last read it is done), then posts its weight gradients. */
        private void deferToLane(int l, CellCache cache, boolean needDx, double[] dhPrev, double[] dcPrev) {
            int pos = position % windows[l].steps;
            GradientLane.awaitDone(laneTask[l][pos] + 1);
            cells[l].backwardDeferred(params, cache, dh[l], dc[l], needDx ? dx : null, dhPrev, dcPrev, windows[l], pos);
            long task = GradientLane.posted();
            int i = (int) (task % taskLayer.length);
            taskLayer[i] = l;
            taskPos[i] = pos;
            laneTask[l][pos] = task;
            GradientLane.post();
        }

        /** Zeroes the carried gradients: the state entering the window is a constant. */
        public void clear() {
            position = 0;
            for (int l = 0; l < dh.length; l++) {
                Arrays.fill(dh[l], 0);
                Arrays.fill(dc[l], 0);
            }
        }

        /** The gradient with respect to layer l's hidden state entering the last step processed, (B x H). */
        public double[] dh(int l) {
            return dh[l];
        }

        /** The same for the LSTM cell state (empty for rnn, gru). */
        public double[] dc(int l) {
            return dc[l];
        }
    }

    /** Carried gradients for B rows; {@link #backwardStep} adds every step's weight gradients at once (the reference). */
    public Backward newBackward(int batch) {
        return new Backward(batch, 0, false);
    }

    /** Steps per layer in the ring of an overlapped Backward: enough for the helper to lag a few steps behind. */
    static final int LANE_STEPS = 8;

    /** Multiply-adds of a step's recurrent product (B x G*H x H) below which its weight gradients stay on the caller: 2^20 (H = 128, B = 32: 2^21). */
    static final long LANE_MIN_WORK = 1 << 20;

    /**
     * Carried gradients for B rows whose weight gradients may run on a second thread while the caller
     * goes on down the chain ({@link GradientLane}), with {@link #newBackward}'s bits whatever the threads;
     * {@link #finishWindow} waits for them.
     */
    public Backward newOverlappedBackward(int batch) {
        return new Backward(batch, LANE_STEPS, true);
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
     * clear (nothing for a per-step Backward, which has added them already).
     */
    public void finishWindow(Backward back) {
        if (back.overlap) {
            if (back.laneOpen) {
                back.laneOpen = false;
                GradientLane.close();
            }
            back.position = 0;
            return;
        }
        if (back.windows == null) {
            return;
        }
        for (int l = 0; l < cells.length; l++) {
            cells[l].windowWeightGrads(back.windows[l], back.position, grads);
        }
        back.position = 0;
    }

    /**
     * Backpropagates one step through the stack, top to bottom, adding into {@link #grads}. On entry
     * {@code back} holds the gradient with respect to this step's outputs from later steps; dTop
     * (B x H, may be null) is the head's gradient at this step. On exit {@code back} holds the
     * gradient with respect to the state entering this step; rows reset at this step get zero, so
     * nothing flows into the previous step. With a window Backward the recurrent layers' weight
     * gradients wait for {@link #finishWindow}.
     */
    public void backwardStep(Step step, double[] dTop, double[] x, int xOff, Backward back, double[] scratch) {
        int L = cells.length;
        int batch = step.batch;
        int n = batch * config.hidden();
        if (back.overlap && back.position == 1 && !back.laneOpen) {
            back.openLane(); // the window's first step ran inline (the same order: it adds its weight gradients first)
        }
        if (dTop != null) {
            double[] top = back.dh[L - 1];
            for (int i = 0; i < n; i++) {
                top[i] += dTop[i];
            }
        }
        for (int l = L - 1; l >= 0; l--) {
            CellCache cache = step.layers[l];
            double[] dhPrev = back.dhPrev[l];
            double[] dcPrev = back.dcPrev[l];
            Arrays.fill(dhPrev, 0);
            Arrays.fill(dcPrev, 0);
            int nx = batch * cells[l].inputs();
            boolean needDx = l > 0 || embedding != null;
            if (needDx) {
                Arrays.fill(back.dx, 0, nx, 0);
            }
            if (back.laneOpen) {
                back.deferToLane(l, cache, needDx, dhPrev, dcPrev);
            } else if (back.windows == null || back.overlap) {
                cells[l].backward(params, cache, back.dh[l], back.dc[l], grads, needDx ? back.dx : null, dhPrev, dcPrev, scratch);
            } else {
                cells[l].backwardDeferred(params, cache, back.dh[l], back.dc[l], needDx ? back.dx : null, dhPrev, dcPrev,
                        back.windows[l], back.position);
            }
            if (l > 0) {
                // the input of layer l is layer l-1's output (times the dropout mask): its gradient joins dh[l-1]
                double[] below = back.dh[l - 1];
                double[] mask = step.dropped ? step.dropMask[l] : null;
                for (int i = 0; i < n; i++) {
                    below[i] += mask == null ? back.dx[i] : back.dx[i] * mask[i];
                }
            } else if (embedding != null) {
                embedding.backward(x, xOff, batch, back.dx, grads);
            }
            zeroResetRows(step.reset, dhPrev);
            zeroResetRows(step.reset, dcPrev);
            back.dhPrev[l] = back.dh[l];
            back.dh[l] = dhPrev;
            back.dcPrev[l] = back.dc[l];
            back.dc[l] = dcPrev;
        }
        if (back.windows != null) {
            back.position++;
        }
    }

    private void zeroResetRows(boolean[] reset, double[] d) {
        if (d.length == 0) {
            return;
        }
        int H = config.hidden();
        for (int b = 0; b < reset.length; b++) {
            if (reset[b]) {
                Arrays.fill(d, b * H, (b + 1) * H, 0);
            }
        }
    }
}
