package org.tbptt4j.f64;

import java.util.SplittableRandom;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.model.TrainingDivergedException;
import org.tbptt4j.model.UpdateListener;

/**
 * TBPTT(k1, k2) over a stream of any length, exactly as the reference specification defines it
 * (after Williams and Peng). The stream runs forward continuously; at every update point
 * t_u = t_{u-1} + k1 the losses of the new steps (t_{u-1}, t_u] are backpropagated: the head gets
 * every new step's error, the recurrent layers get gradient through the window (lo, t_u] with
 * lo = t_{u-1} - (k2 - k1) when k2 >= k1 (overlapping windows) and lo = max(t_{u-1}, t_u - k2) when
 * k2 &lt; k1, through the activations recorded in the forward pass and the current weights; the state
 * entering the window is a constant and a reset stops the gradient.
 *
 * <p>Activations live in a ring buffer of {@link TbpttConfig#ringSize()} steps, so memory does not
 * grow with the stream. A stream may arrive chunk by chunk ({@link #feed}); {@link #flush} makes the
 * short last update. Feeding a stream in pieces gives exactly the result of feeding it whole.
 */
public final class TbpttTrainer {

    /** How the trainer runs the products of a block of steps: PER_STEP and SPLIT_ROWS give the same bits, BATCHED agrees to rounding. */
    public enum Path {
        /** Every product per step and the whole batch at once, each step's weight gradients with it: the reference. */
        PER_STEP,
        /**
         * The default: the reference's arithmetic, bit for bit, with the rows split between two threads for a
         * whole block forward and a whole window down the backward chain (rows are independent there), then
         * each step's weight gradients with the gate units split ({@link Network#backwardSteps}); on one
         * thread, or where a block is too small to repay the handoff, the same arithmetic on the caller.
         */
        SPLIT_ROWS,
        /**
         * Batched across time (Appleyard et al. 2016): each block's input parts and each window's weight
         * gradients one product per layer; agrees with the reference to rounding ({@link Network#forwardSteps},
         * {@link RecurrentCell#windowWeightGrads}); measured slower with the packed kernels (issue 15, H = 128,
         * B = 32: 183k against 233k row-steps/s; a window's records, 1,600 x 512 floats of gate gradients,
         * exceed the cache).
         */
        BATCHED
    }

    /** One step's record in the ring: activations, inputs, targets, mask and the head's gradient. */
    private static final class Slot {
        final Network.Step step;
        final double[] x;      // (B x S)
        final double[] y;      // (B x Y)
        final boolean[] mask;  // (B)
        final double[] dTop;   // (B x H), the head's gradient into the top layer's output

        Slot(Network net, int batch, int inputWidth, int targetWidth) {
            step = net.newStep(batch);
            x = new double[batch * inputWidth];
            y = new double[batch * targetWidth];
            mask = new boolean[batch];
            dTop = new double[batch * net.config.hidden()];
        }
    }

    private final Network net;
    private TbpttConfig config;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int batch;
    private final int outputs;
    private Slot[] ring;
    private final Network.State state;
    private Network.Backward back;
    private Path path = Path.SPLIT_ROWS;
    private final Network.Projection projection;
    private final Network.Step[] block;
    /** An update's window in the order backpropagated (latest first): steps, head gradients (null before the new steps), inputs. */
    private Network.Step[] window = new Network.Step[0];
    private double[][] windowTops = new double[0][];
    private double[][] windowInputs = new double[0][];
    private final double[] scratch;
    private final double[] pred;
    private final double[] dPred;
    private final SplittableRandom lengthRng;
    private final SplittableRandom dropRng;
    private UpdateListener listener;
    private /*wide*/ double learningRate;
    private long stepsSeen;   // steps forwarded since the last reset: t
    private long lastUpdate;  // t_{u-1}
    private int chunk;        // steps in the current update, k1 (or a random length)
    private long updates;
    private long maxUpdates = Long.MAX_VALUE;  // the budget: no update, no step forward, once spent
    private long deadlineNanos = Long.MAX_VALUE;
    private /*wide*/ double lastLoss = Double.NaN;

    /**
     * @param learningRate the base learning rate (see {@link #setLearningRate} for schedules)
     * @param seed         seeds dropout masks and random window lengths
     */
    public TbpttTrainer(Network net, TbpttConfig config, Loss loss, Optimizer optimizer, /*wide*/ double learningRate,
                        int batch, long seed) {
        this.net = net;
        this.config = config;
        this.loss = loss;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.batch = batch;
        this.outputs = net.config.outputs();
        this.ring = new Slot[0];
        growRing(config.ringSize());
        this.state = net.newState(batch);
        this.projection = net.newProjection(batch, config.maxChunk());
        this.block = new Network.Step[config.maxChunk()];
        this.scratch = new double[net.scratchSize(batch)];
        this.pred = new double[batch * outputs];
        this.dPred = new double[batch * outputs];
        this.lengthRng = new SplittableRandom(seed);
        this.dropRng = lengthRng.split();
        resetState();
    }

    private void growRing(int size) {
        int old = ring.length;
        if (size <= old) {
            return; // a longer ring than needed is still exact: slot(s) = ring[s mod length]
        }
        ring = java.util.Arrays.copyOf(ring, size);
        for (int i = old; i < size; i++) {
            ring[i] = new Slot(net, batch, net.config.streamFeatures(), loss.type.targetWidth(outputs));
        }
        back = newBackward(size); // a window spans at most the ring
        window = new Network.Step[size];
        windowTops = new double[size][];
        windowInputs = new double[size][];
    }

    /** Chooses how the products run ({@link Path}; default {@link Path#SPLIT_ROWS}). Only before the first step. */
    public void setPath(Path p) {
        if (updates != 0 || stepsSeen != 0) {
            throw new IllegalStateException("the trainer's path can be chosen only before the first step");
        }
        path = p;
        back = newBackward(ring.length);
    }

    private Network.Backward newBackward(int windowSteps) {
        return switch (path) {
            case PER_STEP -> net.newBackward(batch);
            case SPLIT_ROWS -> net.newSplitBackward(batch, windowSteps);
            case BATCHED -> net.newWindowBackward(batch, windowSteps);
        };
    }

    /** The truncation in force. */
    public TbpttConfig config() {
        return config;
    }

    /**
     * Sets k2 for the stream about to start: only right after {@link #resetState}, where no window
     * reaches back, so every update stays an exact TBPTT(k1, k2) update for the k2 in force.
     */
    public void setK2(int k2) {
        if (stepsSeen != 0) {
            throw new IllegalStateException("k2 can change only at the start of a stream (after resetState), not "
                    + stepsSeen + " steps into it");
        }
        config = config.withK2(k2);
        growRing(config.ringSize());
    }

    public void setListener(UpdateListener listener) {
        this.listener = listener;
    }

    /** The base learning rate for the next updates (a schedule sets it between epochs or updates). */
    public void setLearningRate(/*wide*/ double lr) {
        this.learningRate = lr;
    }

    /** Zeroes every row's state and starts a new stream: no window reaches back past this point. */
    public void resetState() {
        state.reset();
        stepsSeen = 0;
        lastUpdate = 0;
        chunk = nextChunk();
    }

    /** The carried training state (read-only use: validation and inference keep their own). */
    public Network.State state() {
        return state;
    }

    /** Updates made so far. */
    public long updates() {
        return updates;
    }

    /**
     * Stops training once {@code maxUpdates} updates are made in all, or at the {@link System#nanoTime}
     * instant {@code deadlineNanos}, whichever comes first: {@link #feed} returns right after the
     * update that spends it, mid-stream, and {@link #flush} makes no update. Long.MAX_VALUE = no limit.
     */
    public void setBudget(long maxUpdates, long deadlineNanos) {
        this.maxUpdates = maxUpdates;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether the budget ({@link #setBudget}) is spent. */
    public boolean budgetSpent() {
        return updates >= maxUpdates || deadlineNanos != Long.MAX_VALUE && System.nanoTime() >= deadlineNanos;
    }

    /** The normalised loss of the last update (NaN before the first). */
    public /*wide*/ double lastLoss() {
        return lastLoss;
    }

    /**
     * Runs the stream's steps forward, updating every k1 steps; state carries on to the next call.
     * Returns early, right after an update, when that update spent the budget ({@link #setBudget}).
     */
    public void feed(StreamBatch s) {
        if (s.batch != batch) {
            throw new IllegalArgumentException("the trainer was built for " + batch + " rows, the stream has " + s.batch);
        }
        if (budgetSpent()) {
            return;
        }
        // the weights are constant between updates: packed for the per-step products here and after each
        // optimizer step, and let go on return (anyone may change net.params between calls)
        net.packWeights();
        try {
            int t = 0;
            while (t < s.steps) {
                int n = path == Path.PER_STEP ? 1 : (int) Math.min(s.steps - t, chunk - (stepsSeen - lastUpdate)); // to the next update
                forward(s, t, n);
                t += n;
                if (stepsSeen - lastUpdate == chunk) {
                    update();
                    if (budgetSpent()) {
                        return;
                    }
                }
            }
        } finally {
            net.dropPackedWeights();
        }
    }

    /** Makes the update of the steps fed since the last one (the short last chunk of a stream), unless the budget is spent. */
    public void flush() {
        if (stepsSeen > lastUpdate && !budgetSpent()) {
            net.packWeights();
            try {
                update();
            } finally {
                net.dropPackedWeights();
            }
        }
    }

    private Slot slot(long step) {
        return ring[(int) (step % ring.length)];
    }

    /** Records and runs the stream's steps [t, t + n) forward: a block, or one step ({@link Path#PER_STEP}). */
    private void forward(StreamBatch s, int t, int n) {
        for (int i = 0; i < n; i++) {
            Slot sl = slot(stepsSeen + i);
            System.arraycopy(s.x, (t + i) * batch * s.inputWidth, sl.x, 0, sl.x.length);
            System.arraycopy(s.y, (t + i) * batch * s.targetWidth, sl.y, 0, sl.y.length);
            System.arraycopy(s.mask, (t + i) * batch, sl.mask, 0, batch);
            block[i] = sl.step;
        }
        int xOff = t * batch * s.inputWidth;
        switch (path) {
            case PER_STEP -> net.forwardStep(s.x, xOff, s.reset, t * batch, state, block[0], dropRng, scratch);
            case SPLIT_ROWS -> net.forwardBlock(block, n, s.x, xOff, batch * s.inputWidth, s.reset, t * batch, state, dropRng, scratch);
            case BATCHED -> net.forwardSteps(block, n, s.x, xOff, batch * s.inputWidth, s.reset, t * batch, state, dropRng,
                    projection, scratch);
        }
        stepsSeen += n;
    }

    /** One TBPTT update: head errors of the new steps, backward through the window, clip, step. */
    private void update() {
        long t = stepsSeen;
        long tPrev = lastUpdate;
        int length = chunk;
        lastUpdate = t;
        chunk = nextChunk();
        long count = unmaskedSteps(tPrev, t);
        if (count == 0) {
            return; // an update with no unmasked step changes nothing
        }
        net.zeroGrads();
        /*wide*/ double scale = 1 / loss.type.normaliser(count, outputs);
        /*wide*/ double sum = headErrors(tPrev, t, scale);
        int overlap = Math.max(0, config.k2() - config.k1());
        long lo = config.k2() >= config.k1() ? Math.max(0, tPrev - overlap) : Math.max(tPrev, t - config.k2());
        back.clear();
        backward(collectWindow(lo, tPrev, t));
        net.finishWindow(back);
        step(sum * scale, count, length);
    }

    // update's loops, each a method of its own: the JIT compiles each small loop once, where a loop in update
    // had it compile all of update twice (on-stack replacement, then whole), about 150 ms of C2's time

    /** The unmasked rows x steps in [tPrev, t). */
    private long unmaskedSteps(long tPrev, long t) {
        long count = 0;
        for (long s = tPrev; s < t; s++) {
            for (boolean m : slot(s).mask) {
                count += m ? 1 : 0;
            }
        }
        return count;
    }

    /** The head's summed loss over the steps [tPrev, t), their gradients into each slot's dTop. */
    private /*wide*/ double headErrors(long tPrev, long t, /*wide*/ double scale) {
        /*wide*/ double sum = 0;
        for (long s = tPrev; s < t; s++) {
            sum += headErrors(slot(s), scale);
        }
        return sum;
    }

    /** The window's steps [lo, t) into window, windowTops, windowInputs, latest first (head gradients from tPrev on); returns how many. */
    private int collectWindow(long lo, long tPrev, long t) {
        int n = 0;
        for (long s = t - 1; s >= lo; s--, n++) {
            Slot sl = slot(s);
            window[n] = sl.step;
            windowTops[n] = s >= tPrev ? sl.dTop : null;
            windowInputs[n] = sl.x;
        }
        return n;
    }

    /** Backpropagates the window's n steps (split rows, or step by step). */
    private void backward(int n) {
        if (path == Path.SPLIT_ROWS) {
            net.backwardSteps(window, windowTops, windowInputs, n, back, scratch);
        } else {
            for (int i = 0; i < n; i++) {
                net.backwardStep(window[i], windowTops[i], windowInputs[i], 0, back, scratch);
            }
        }
    }

    /** The head's loss at one step; its gradient goes to the head's weights and into slot.dTop. */
    private /*wide*/ double headErrors(Slot sl, /*wide*/ double scale) {
        net.headForward(sl.step, pred, 0);
        java.util.Arrays.fill(dPred, 0);
        /*wide*/ double l = loss.accumulate(batch, outputs, pred, 0, sl.y, 0, sl.mask, 0, scale, dPred, 0);
        java.util.Arrays.fill(sl.dTop, 0);
        net.headBackward(sl.step, dPred, 0, sl.dTop);
        return l;
    }

    /** Checks, clips and applies the gradient in net.grads. */
    private void step(/*wide*/ double updateLoss, long count, int length) {
        /*wide*/ double norm = Clipping.norm(net.grads);
        if (!Convert.isFinite(updateLoss) || !Convert.isFinite(norm)) {
            throw new TrainingDivergedException(updates, Convert.isFinite(updateLoss)
                    ? "the gradient's norm is " + norm : "the loss is " + updateLoss);
        }
        if (config.clipValue() > 0) {
            Clipping.clipValue(net.grads, config.clipValue());
        }
        if (config.clipNorm() > 0) {
            Clipping.clipGlobalNorm(net.grads, config.clipNorm());
        }
        if (listener != null) {
            listener.afterGradient(updates, updateLoss, count, norm);
        }
        /*wide*/ double lr = config.randomLengths() ? learningRate * length / config.k1() : learningRate;
        optimizer.step(net.params, net.grads, lr);
        net.packWeights(); // the next steps read the new weights
        updates++;
        lastLoss = updateLoss;
    }

    /** k1, or with random lengths AWD-LSTM's draw: base k1 (p 0.95) or k1/2, then N(base, 5), within [5, k1 + 15]. */
    private int nextChunk() {
        if (!config.randomLengths()) {
            return config.k1();
        }
        /*wide*/ double base = lengthRng.nextDouble() < 0.95 ? config.k1() : config.k1() / 2.0;
        int len = (int) (base + 5 * lengthRng.nextGaussian());
        return Math.max(Math.min(5, config.k1()), Math.min(config.maxChunk(), len));
    }
}
