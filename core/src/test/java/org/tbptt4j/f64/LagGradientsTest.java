package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;

/**
 * The per-lag gradients of {@link LagGradients} against central differences in float64: perturb
 * the state k steps back (every layer's h and, for LSTM, c of one row), rerun the stream forward
 * and measure the loss at the position; the whole gradient vector is compared, not only its norm.
 * Streams start from a non-zero incoming state; B = 1, T = 1 and chunked streams are covered.
 */
class LagGradientsTest {

    /** Every layer's carried gradient (dh or dc) of a Backward. */
    private static double[][] carried(java.util.function.IntFunction<double[]> layer, Network net) {
        double[][] out = new double[net.config.layers()][];
        for (int l = 0; l < out.length; l++) {
            out[l] = layer.apply(l);
        }
        return out;
    }

    /** Every layer's (h, then c) values of row b, concatenated: the vector lag k >= 1 differentiates by. */
    private static double[] rowState(Network net, double[][] h, double[][] c, int b) {
        int H = net.config.hidden();
        int L = net.config.layers();
        boolean lstm = net.config.cell() == CellType.LSTM;
        double[] v = new double[L * H * (lstm ? 2 : 1)];
        int o = 0;
        for (int l = 0; l < L; l++) {
            System.arraycopy(h[l], b * H, v, o, H);
            o += H;
            if (lstm) {
                System.arraycopy(c[l], b * H, v, o, H);
                o += H;
            }
        }
        return v;
    }

    private static void setRowState(Network net, Network.State st, int b, double[] v) {
        int H = net.config.hidden();
        int o = 0;
        for (int l = 0; l < net.config.layers(); l++) {
            System.arraycopy(v, o, st.h[l], b * H, H);
            o += H;
            if (net.config.cell() == CellType.LSTM) {
                System.arraycopy(v, o, st.c[l], b * H, H);
                o += H;
            }
        }
    }

    /**
     * Row b's loss at global step g: the stream run from {@code initial}; with lag k >= 1 the
     * state after step g-k (the incoming state when g-k = -1) replaced by {@code v} in row b; with
     * lag 0 the top output of step g replaced by {@code v} before the head.
     */
    private static double lossAt(Network net, Loss loss, StreamBatch s, Network.State initial, int g, int b, int lag,
                                 double[] v) {
        int B = s.batch;
        Network.State st = net.newState(B);
        st.copyFrom(initial);
        if (lag >= 1 && g - lag == -1) {
            setRowState(net, st, b, v);
        }
        double[] scratch = new double[net.scratchSize(B)];
        Network.Step step = net.newStep(B);
        for (int t = 0; t <= g; t++) {
            net.forwardStep(s.x, t * B * s.inputWidth, s.reset, t * B, st, step, null, scratch);
            if (lag >= 1 && t == g - lag) {
                setRowState(net, st, b, v);
            }
        }
        if (lag == 0) {
            System.arraycopy(v, 0, step.top(), b * net.config.hidden(), net.config.hidden());
        }
        int O = net.config.outputs();
        double[] pred = new double[B * O];
        net.headForward(step, pred, 0);
        boolean[] only = new boolean[B];
        only[b] = s.mask[g * B + b];
        return loss.accumulate(B, O, pred, 0, s.y, g * B * s.targetWidth, only, 0, 1, new double[B * O], 0);
    }

    /** The state before lag k's perturbation point, row b, from an unperturbed run (lag 0: the top output). */
    private static double[] unperturbed(Network net, StreamBatch s, Network.State initial, int g, int b, int lag) {
        int B = s.batch;
        Network.State st = net.newState(B);
        st.copyFrom(initial);
        double[] scratch = new double[net.scratchSize(B)];
        Network.Step step = net.newStep(B);
        if (lag >= 1 && g - lag == -1) {
            return rowState(net, st.h, st.c, b);
        }
        for (int t = 0; t <= g; t++) {
            net.forwardStep(s.x, t * B * s.inputWidth, s.reset, t * B, st, step, null, scratch);
            if (lag >= 1 && t == g - lag) {
                return rowState(net, st.h, st.c, b);
            }
        }
        int H = net.config.hidden();
        return Arrays.copyOfRange(step.top(), b * H, (b + 1) * H);
    }

    /** The analytic vectors: key "position/lag/row". */
    private static Map<String, double[]> analytic(Network net, Loss loss, List<StreamBatch> chunks, Network.State initial,
                                                  int maxLag, int positions, long[] at) {
        Map<String, double[]> out = new HashMap<>();
        int H = net.config.hidden();
        LagGradients.walk(net, loss, chunks, initial, maxLag, positions, (sample, lag, dTop, back, live) -> {
            int p = sample / back.batch;
            for (int b = 0; b < live.length; b++) {
                if (live[b]) {
                    out.put(at[p] + "/" + lag + "/" + b, lag == 0 ? Arrays.copyOfRange(dTop, b * H, (b + 1) * H)
                            : rowState(net, carried(back::dh, net), carried(back::dc, net), b));
                }
            }
        });
        return out;
    }

    private static void check(String what, ModelConfig cfg, LossType lossType, int batch, int steps, int maxLag,
                              int positions, boolean resets, int chunk) {
        Network net = TestStreams.network(cfg, 7);
        StreamBatch s = TestStreams.random(batch, steps, cfg.inputs(), cfg.outputs(), 11, resets);
        if (lossType == LossType.CROSS_ENTROPY) {
            s = withClasses(s, cfg.outputs());
        }
        Loss loss = Loss.of(lossType);
        Network.State initial = net.newState(batch);
        SplittableRandom rng = new SplittableRandom(3);
        for (int l = 0; l < cfg.layers(); l++) {
            initial.h[l] = GradientCheck.random(rng, initial.h[l].length, 0.8); // incoming state NOT zero
            initial.c[l] = GradientCheck.random(rng, initial.c[l].length, 0.8);
        }
        List<StreamBatch> chunks = new ArrayList<>();
        for (int from = 0; from < steps; from += chunk) {
            chunks.add(s.slice(from, Math.min(steps, from + chunk)));
        }
        long[] at = LagGradients.samplePositions(chunks, maxLag, positions);
        Map<String, double[]> a = analytic(net, loss, chunks, initial, maxLag, positions, at);
        assertThat(a).as(what + ": gradients heard").isNotEmpty();
        StreamBatch whole = s;
        int cut = 0;
        for (long g : at) {
            for (int b = 0; b < batch; b++) {
                if (!whole.mask[(int) g * batch + b]) {
                    continue;
                }
                for (int k = 0; k <= maxLag; k++) {
                    double[] grad = a.get(g + "/" + k + "/" + b);
                    assertThat(grad).as(what + ": gradient at position %d lag %d row %d", g, k, b).isNotNull();
                    double[] v = unperturbed(net, whole, initial, (int) g, b, k);
                    int gi = (int) g;
                    int bi = b;
                    int ki = k;
                    String name = what + " position " + g + " lag " + k + " row " + b;
                    if (Arrays.stream(grad).allMatch(d -> d == 0)) {
                        // cut by a reset: no perturbation of this state moves the loss
                        double base = lossAt(net, loss, whole, initial, gi, bi, ki, v);
                        for (int i = 0; i < v.length; i++) {
                            v[i] += 0.1;
                            assertThat(lossAt(net, loss, whole, initial, gi, bi, ki, v)).as(name + " [%d]", i).isEqualTo(base);
                            v[i] -= 0.1;
                        }
                        cut++;
                        continue;
                    }
                    GradientCheck.check(name, grad, v, () -> lossAt(net, loss, whole, initial, gi, bi, ki, v));
                }
            }
        }
        // the norms are these vectors' norms, one row per (position, row) whose loss counts
        double[][] norms = LagGradients.norms(net, loss, chunks, initial, maxLag, positions);
        int r = 0;
        for (long g : at) {
            for (int b = 0; b < batch; b++) {
                if (!whole.mask[(int) g * batch + b]) {
                    continue;
                }
                for (int k = 0; k <= maxLag; k++) {
                    double[] grad = a.get(g + "/" + k + "/" + b);
                    double sq = 0;
                    for (double d : grad) {
                        sq += d * d;
                    }
                    assertThat(norms[r][k]).as(what + ": norm at position %d lag %d row %d", g, k, b)
                            .isCloseTo(Math.sqrt(sq), within(1e-12 * (1 + Math.sqrt(sq))));
                }
                r++;
            }
        }
        assertThat(norms).as(what + ": samples").hasNumberOfRows(r);
        assertThat(cut > 0).as(what + ": some lag is cut by a reset").isEqualTo(resets);
        assertThat(net.grads).as(what + ": grads left zeroed").containsOnly(0.0);
    }

    private static StreamBatch withClasses(StreamBatch s, int classes) {
        StreamBatch c = new StreamBatch(s.batch, s.steps, s.inputWidth, 1);
        System.arraycopy(s.x, 0, c.x, 0, s.x.length);
        System.arraycopy(s.mask, 0, c.mask, 0, s.mask.length);
        System.arraycopy(s.reset, 0, c.reset, 0, s.reset.length);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < c.y.length; i++) {
            c.y[i] = rng.nextInt(classes);
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoLayersAgreeWithFiniteDifferences(CellType cell) {
        check(cell + " two layers", ModelConfig.of(cell, 3, 4, 2, 2), LossType.MSE, 2, 9, 4, 3, false, 9);
    }

    @Test
    void crossEntropyInChunksAgrees() {
        check("lstm cross-entropy, chunks of 3", ModelConfig.of(CellType.LSTM, 2, 5, 1, 3), LossType.CROSS_ENTROPY, 3, 10, 5,
                4, false, 3);
    }

    @Test
    void resetsCutTheGradientAndMaskedPositionsAreLeftOut() {
        // ragged: resets every few steps and masked tails; past a reset both sides are 0
        check("gru with resets", ModelConfig.of(CellType.GRU, 2, 3, 1, 2), LossType.MSE, 3, 12, 6, 5, true, 12);
    }

    @Test
    void oneRowOneStep() {
        // B = 1, T = 1: the only position is step 0, and lag 1 is the incoming state
        check("lstm B=1 T=1", ModelConfig.of(CellType.LSTM, 2, 3, 2, 1), LossType.MSE, 1, 1, 1, 1, false, 1);
    }

    @Test
    void badArgumentsSayWhatToDo() {
        Network net = TestStreams.network(ModelConfig.of(CellType.RNN, 1, 2, 1, 1), 1);
        List<StreamBatch> s = List.of(TestStreams.random(1, 5, 1, 1, 1, false));
        Loss loss = Loss.of(LossType.MSE);
        assertThatThrownBy(() -> LagGradients.norms(net, loss, s, null, 6, 4))
                .hasMessage("the stream has 5 steps, fewer than the max lag 6: give a longer stream or a smaller max lag");
        assertThatThrownBy(() -> LagGradients.norms(net, loss, s, null, 0, 4)).hasMessageContaining("max lag must be at least 1");
        assertThatThrownBy(() -> LagGradients.norms(net, loss, List.of(), null, 2, 4)).hasMessageContaining("the stream is empty");
    }

    @Test
    void positionsAreEvenlySpacedAndReachTheIncomingState() {
        List<StreamBatch> s = List.of(TestStreams.random(1, 20, 1, 1, 1, false));
        assertThat(LagGradients.samplePositions(s, 5, 4)).containsExactly(4, 9, 14, 19);
        assertThat(LagGradients.samplePositions(s, 5, 100)).hasSize(16).startsWith(4, 5).endsWith(19);
        assertThat(LagGradients.samplePositions(s, 20, 3)).containsExactly(19);
    }

    @Test
    void positionsLandOnStepsWhoseLossCounts() {
        // a classifier's stream: the loss counts at the last step of each sequence only
        StreamBatch s = TestStreams.random(2, 30, 1, 1, 1, false);
        java.util.Arrays.fill(s.mask, false);
        for (int t = 6; t < 30; t += 7) {
            s.mask[t * 2 + 1] = true;   // steps 6, 13, 20, 27 in row 1
        }
        List<StreamBatch> chunks = List.of(s.slice(0, 10), s.slice(10, 30));
        assertThat(LagGradients.samplePositions(chunks, 8, 10)).containsExactly(13, 20, 27);
        assertThat(LagGradients.samplePositions(chunks, 8, 2)).containsExactly(13, 27);
        Network net = TestStreams.network(ModelConfig.of(CellType.GRU, 1, 3, 1, 1), 2);
        assertThat(LagGradients.norms(net, Loss.of(LossType.MSE), chunks, null, 8, 10)).as("row 1 at 3 positions").hasNumberOfRows(3);
        assertThatThrownBy(() -> LagGradients.samplePositions(chunks, 29, 4))
                .hasMessageContaining("no loss counts at step 28 or later");
    }
}
