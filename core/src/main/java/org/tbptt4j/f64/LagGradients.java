package org.tbptt4j.f64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tbptt4j.analysis.Horizon;
import org.tbptt4j.train.AdaptiveK2;

/**
 * How far back the loss reaches: for loss positions t sampled along a stream, the norm of the
 * gradient of the loss at t alone with respect to the state k steps back, for every lag
 * k = 0..K (Aicher, Foti and Fox 2019, "Adaptively truncating backpropagation through time to
 * control gradient bias"):
 * <pre>
 *   lag 0:      || dL_t / dh_t ||                      h_t the top layer's output at t (the head's input)
 *   lag k >= 1: || dL_t / S_{t-k} ||                   S_j = every layer's (h_j, c_j), the state entering step j + 1
 * </pre>
 * L_t is one row's unnormalised loss at step t. The gradients come from the engine's own
 * {@link Network#backwardStep}, the backward pass training runs, over activations recorded in one
 * forward pass (evaluation mode: no dropout). A reset at step s cuts the gradient: the state entering
 * s and every earlier one do not reach L_t, and their norms are 0.
 *
 * <p>Memory: a ring of K + 1 steps of B rows, whatever the stream's length.
 */
public final class LagGradients {

    private LagGradients() {
    }

    /** Hears each lag's gradient at one loss position; {@code back} rows are (B x H) per layer. */
    interface Visitor {
        /**
         * @param sample first sample index of this position's rows (row b is sample + b)
         * @param lag    k
         * @param dTop   the lag-0 gradient (B x H) of the top layer's output; read it at lag 0
         * @param back   for k >= 1, dL_t / S_{t-k}: {@code back.dh(l)}, {@code back.dc(l)}
         * @param live   rows whose loss counts at t
         */
        void lag(int sample, int lag, double[] dTop, Network.Backward back, boolean[] live);
    }

    /**
     * Per-lag gradient norms at {@code positions} loss positions evenly spaced over the steps in
     * [maxLag - 1, T - 1] of the stream (T its steps, all chunks together) where some row's loss
     * counts, B rows each; from step maxLag - 1, lag maxLag reaches the state entering the stream.
     *
     * @param stream  chunks of one stream, in order, all with the same B rows
     * @param initial the state entering the stream (copied; null = zero)
     * @return one row per (position, row) whose loss counts, maxLag + 1 norms each;
     *         {@code net.grads} is left zeroed
     */
    public static /*wide*/ double[][] norms(Network net, Loss loss, List<StreamBatch> stream, Network.State initial,
                                            int maxLag, int positions) {
        int batch = stream.isEmpty() ? 0 : stream.get(0).batch;
        int samples = samplePositions(stream, maxLag, positions).length * batch;
        /*wide*/ double[][] out = new /*wide*/ double[samples][maxLag + 1];
        for (/*wide*/ double[] row : out) {
            Arrays.fill(row, /*wide*/ Double.NaN);
        }
        int H = net.config.hidden();
        int L = net.config.layers();
        walk(net, loss, stream, initial, maxLag, positions, (sample, lag, dTop, back, live) -> {
            for (int b = 0; b < live.length; b++) {
                if (!live[b]) {
                    continue;
                }
                /*wide*/ double sq = 0;
                if (lag == 0) {
                    sq = sumSquares(dTop, b * H, H);
                } else {
                    for (int l = 0; l < L; l++) {
                        sq += sumSquares(back.dh(l), b * H, H);
                        sq += back.dc(l).length == 0 ? 0 : sumSquares(back.dc(l), b * H, H);
                    }
                }
                out[sample + b][lag] = Math.sqrt(sq);
            }
        });
        List</*wide*/ double[]> kept = new ArrayList<>();
        for (/*wide*/ double[] row : out) {
            if (!/*wide*/ Double.isNaN(row[0])) {
                kept.add(row);
            }
        }
        return kept.toArray(new /*wide*/ double[0][]);
    }

    /**
     * Measures the per-lag norms and analyses them: the one-call entry point.
     *
     * @param tolerances relative truncation biases to suggest a k2 for, each in (0, 1)
     */
    public static Horizon.Analysis horizon(Network net, Loss loss, List<StreamBatch> stream, int maxLag, int positions,
                                           /*wide*/ double... tolerances) {
        return Horizon.analyse(norms(net, loss, stream, null, maxLag, positions), tolerances);
    }

    /**
     * The k2 adaptive truncation sets for the next epoch: the horizon of {@code net} on the training
     * stream (from zero state, {@code a.k2Max()} lags) turned into k2 by {@link AdaptiveK2#k2For}.
     */
    public static int adaptiveK2(Network net, Loss loss, List<StreamBatch> train, AdaptiveK2 a, int k1) {
        long steps = 0;
        for (StreamBatch s : train) {
            steps += s.steps;
        }
        int maxLag = (int) Math.min(a.k2Max(), steps);
        Horizon.Analysis h = horizon(net, loss, train, maxLag, a.positions(), a.tolerance());
        return a.k2For(h.suggestions().get(0).k2(), k1);
    }

    /**
     * The global step indices of the loss positions: among the steps in [maxLag - 1, T - 1] where
     * some row's loss counts, {@code positions} evenly spaced ones (all of them when fewer), ascending.
     */
    static long[] samplePositions(List<StreamBatch> stream, int maxLag, int positions) {
        if (maxLag < 1) {
            throw new IllegalArgumentException("max lag must be at least 1, got " + maxLag);
        }
        if (positions < 1) {
            throw new IllegalArgumentException("positions must be at least 1, got " + positions);
        }
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("the stream is empty: nothing to measure");
        }
        long steps = 0;
        long eligible = 0;
        for (StreamBatch s : stream) {
            if (s.batch != stream.get(0).batch) {
                throw new IllegalArgumentException("every chunk must have " + stream.get(0).batch + " rows, one has " + s.batch);
            }
            for (int t = 0; t < s.steps; t++) {
                eligible += steps + t >= maxLag - 1 && counts(s, t) ? 1 : 0;
            }
            steps += s.steps;
        }
        if (steps < maxLag) {
            throw new IllegalArgumentException("the stream has " + steps + " steps, fewer than the max lag " + maxLag
                    + ": give a longer stream or a smaller max lag");
        }
        if (eligible == 0) {
            throw new IllegalArgumentException("no loss counts at step " + (maxLag - 1) + " or later (every one is "
                    + "masked): nothing to measure the gradient from; give a smaller max lag or other data");
        }
        int p = (int) Math.min(positions, eligible);
        long[] at = new long[p];
        int next = 0;
        long seen = 0;
        long g = 0;
        for (StreamBatch s : stream) {
            for (int t = 0; t < s.steps && next < p; t++, g++) {
                if (g < maxLag - 1 || !counts(s, t)) {
                    continue;
                }
                // the i-th position is eligible step number floor(i (N - 1) / (p - 1)), N eligible steps
                long wanted = p == 1 ? eligible - 1 : (eligible - 1) * next / (p - 1);
                if (seen == wanted) {
                    at[next++] = g;
                }
                seen++;
            }
        }
        return at;
    }

    private static boolean counts(StreamBatch s, int t) {
        for (int b = 0; b < s.batch; b++) {
            if (s.mask[t * s.batch + b]) {
                return true;
            }
        }
        return false;
    }

    /** One forward pass over the stream; at each sampled position, one backward pass of maxLag steps. */
    static void walk(Network net, Loss loss, List<StreamBatch> stream, Network.State initial, int maxLag, int positions,
                     Visitor visitor) {
        long[] at = samplePositions(stream, maxLag, positions);
        int batch = stream.get(0).batch;
        int outputs = net.config.outputs();
        int inputWidth = net.config.streamFeatures();
        Network.Step[] steps = new Network.Step[maxLag + 1];
        double[][] xs = new double[maxLag + 1][batch * inputWidth];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = net.newStep(batch);
        }
        Network.State state = net.newState(batch);
        if (initial != null) {
            state.copyFrom(initial);
        }
        Network.Backward back = net.newBackward(batch);
        double[] scratch = new double[net.scratchSize(batch)];
        double[] pred = new double[batch * outputs];
        double[] dPred = new double[batch * outputs];
        double[] dTop = new double[batch * net.config.hidden()];
        boolean[] live = new boolean[batch];
        int next = 0;
        long g = 0;
        for (StreamBatch s : stream) {
            if (s.inputWidth != inputWidth) {
                throw new IllegalArgumentException("the stream has " + s.inputWidth + " inputs per step, the network takes "
                        + inputWidth);
            }
            for (int t = 0; t < s.steps && next < at.length; t++, g++) {
                int slot = (int) (g % steps.length);
                System.arraycopy(s.x, t * batch * inputWidth, xs[slot], 0, xs[slot].length);
                net.forwardStep(xs[slot], 0, s.reset, t * batch, state, steps[slot], null, scratch);
                if (g != at[next]) {
                    continue;
                }
                Network.Step now = steps[slot];
                net.headForward(now, pred, 0);
                Arrays.fill(dPred, 0);
                loss.accumulate(batch, outputs, pred, 0, s.y, t * batch * s.targetWidth, s.mask, t * batch, 1, dPred, 0);
                Arrays.fill(dTop, 0);
                net.headBackward(now, dPred, 0, dTop);
                for (int b = 0; b < batch; b++) {
                    live[b] = s.mask[t * batch + b];
                }
                int sample = next * batch;
                visitor.lag(sample, 0, dTop, back, live);
                back.clear();
                for (int k = 1; k <= maxLag; k++) {
                    int sl = (int) ((g - k + 1) % steps.length);
                    net.backwardStep(steps[sl], k == 1 ? dTop : null, xs[sl], 0, back, scratch);
                    visitor.lag(sample, k, dTop, back, live);
                }
                next++;
            }
        }
        net.zeroGrads();
    }

    private static /*wide*/ double sumSquares(double[] v, int off, int n) {
        /*wide*/ double s = 0;
        for (int i = off; i < off + n; i++) {
            s += v[i] * v[i];
        }
        return s;
    }
}
