package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;

/**
 * Gradient checks through the whole {@link Network}: a multi-step sequence loss built by hand from
 * forwardStep, headForward and Loss.accumulate (with a mask), backpropagated step by step with
 * headBackward and backwardStep, against central differences of the same loss with respect to every
 * parameter and to the (non-zero) incoming state.
 */
class NetworkGradientTest {

    /** One sequence problem; step t's values start at t * B * width in x, y, mask and reset. */
    private static final class Case {
        final ModelConfig cfg;
        final LossType lossType;
        final int batch;
        final int steps;
        final double[] x;
        final double[] y;
        final boolean[] mask;
        final boolean[] reset;
        final double[][] h0;
        final double[][] c0;
        final long dropSeed;

        Case(ModelConfig cfg, LossType lossType, int batch, int steps, long seed, boolean[] reset) {
            this.cfg = cfg;
            this.lossType = lossType;
            this.batch = batch;
            this.steps = steps;
            this.reset = reset;
            this.dropSeed = seed * 31 + 5;
            SplittableRandom rng = new SplittableRandom(seed);
            int sf = cfg.streamFeatures();
            x = new double[steps * batch * sf];
            for (int i = 0; i < x.length; i++) {
                x[i] = cfg.embedding() > 0 ? rng.nextInt(cfg.inputs()) : rng.nextDouble(-1, 1);
            }
            int tw = lossType.targetWidth(cfg.outputs());
            y = new double[steps * batch * tw];
            for (int i = 0; i < y.length; i++) {
                y[i] = lossType == LossType.CROSS_ENTROPY ? rng.nextInt(cfg.outputs()) : rng.nextDouble(-1, 1);
            }
            mask = new boolean[steps * batch];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rng.nextInt(4) != 0;
            }
            mask[0] = true;
            if (mask.length > 1) {
                mask[mask.length - 1] = false; // at least one masked (row, step) when there are several
            }
            int n = batch * cfg.hidden();
            h0 = new double[cfg.layers()][];
            c0 = new double[cfg.layers()][];
            for (int l = 0; l < cfg.layers(); l++) {
                h0[l] = GradientCheck.random(rng, n, 0.8);      // incoming state NOT zero
                c0[l] = cfg.cell() == CellType.LSTM ? GradientCheck.random(rng, n, 0.8) : new double[0];
            }
        }
    }

    /** The forward pass's records, kept for the backward pass. */
    private record Forward(double loss, Network.Step[] steps, double[][] dPred) {
    }

    /** Runs the T steps from (h0, c0) with the case's current values; sums the masked loss. */
    private static Forward forward(Network net, Case c) {
        Network.State st = net.newState(c.batch);
        for (int l = 0; l < c.cfg.layers(); l++) {
            System.arraycopy(c.h0[l], 0, st.h[l], 0, c.h0[l].length);
            System.arraycopy(c.c0[l], 0, st.c[l], 0, c.c0[l].length);
        }
        // the same seed in every evaluation: identical dropout masks
        SplittableRandom rng = new SplittableRandom(c.dropSeed);
        double[] scratch = new double[net.scratchSize(c.batch)];
        Loss loss = Loss.of(c.lossType);
        int B = c.batch;
        int O = c.cfg.outputs();
        int sf = c.cfg.streamFeatures();
        int tw = c.lossType.targetWidth(O);
        Network.Step[] steps = new Network.Step[c.steps];
        double[][] dPred = new double[c.steps][B * O];
        double[] pred = new double[B * O];
        double total = 0;
        for (int t = 0; t < c.steps; t++) {
            steps[t] = net.newStep(B);
            net.forwardStep(c.x, t * B * sf, c.reset, t * B, st, steps[t], rng, scratch);
            net.headForward(steps[t], pred, 0);
            total += loss.accumulate(B, O, pred, 0, c.y, t * B * tw, c.mask, t * B, 1.0, dPred[t], 0);
        }
        return new Forward(total, steps, dPred);
    }

    /** The analytic gradient: net.grads and the gradient w.r.t. the incoming state in back. */
    private static Network.Backward backward(Network net, Case c, Forward f) {
        int B = c.batch;
        int sf = c.cfg.streamFeatures();
        Network.Backward back = net.newBackward(B);
        back.clear();
        net.zeroGrads();
        double[] scratch = new double[net.scratchSize(B)];
        double[] dTop = new double[B * c.cfg.hidden()];
        for (int t = c.steps - 1; t >= 0; t--) {
            Arrays.fill(dTop, 0);
            net.headBackward(f.steps()[t], f.dPred()[t], 0, dTop);
            net.backwardStep(f.steps()[t], dTop, c.x, t * B * sf, back, scratch);
        }
        return back;
    }

    private static Network network(Case c, long paramSeed) {
        Network net = new Network(c.cfg);
        double[] p = GradientCheck.random(new SplittableRandom(paramSeed), net.params.length, 0.6);
        net.setParameters(p);
        return net;
    }

    /** Checks the parameter gradient and the incoming-state gradient of every layer. */
    private static void checkAll(String what, Case c) {
        Network net = network(c, 1234 + c.steps);
        Forward f = forward(net, c);
        assertThat(f.loss()).as(what + " loss").isFinite().isNotZero();
        Network.Backward back = backward(net, c, f);
        double[] grads = net.grads.clone();
        GradientCheck.check(what + " params", grads, net.params, () -> forward(net, c).loss());
        for (int l = 0; l < c.cfg.layers(); l++) {
            double[] dh = back.dh(l).clone();
            GradientCheck.check(what + " h0[" + l + "]", dh, c.h0[l], () -> forward(net, c).loss());
            if (c.cfg.cell() == CellType.LSTM) {
                double[] dc = back.dc(l).clone();
                GradientCheck.check(what + " c0[" + l + "]", dc, c.c0[l], () -> forward(net, c).loss());
            } else {
                assertThat(back.dc(l)).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoLayersMse(CellType cell) {
        Case c = new Case(ModelConfig.of(cell, 3, 4, 2, 2), LossType.MSE, 3, 4, 11 + cell.ordinal(), null);
        checkAll(cell + " 2 layers mse", c);
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void oneLayerGruEveryLoss(LossType loss) {
        Case c = new Case(ModelConfig.of(CellType.GRU, 2, 3, 1, 3), loss, 2, 3, 70 + loss.ordinal(), null);
        if (loss == LossType.MAE) {
            // targets far from any prediction: |pred - y| stays away from the kink
            for (int i = 0; i < c.y.length; i++) {
                c.y[i] = c.y[i] > 0 ? 10 + c.y[i] : -10 + c.y[i];
            }
        }
        if (loss == LossType.BCE_WITH_LOGITS) {
            for (int i = 0; i < c.y.length; i++) {
                c.y[i] = (c.y[i] + 1) / 2;
            }
        }
        checkAll("gru " + loss, c);
    }

    @Test
    void lstmWithEmbeddingAndCrossEntropy() {
        ModelConfig cfg = ModelConfig.of(CellType.LSTM, 6, 4, 2, 4).withEmbedding(3);
        Case c = new Case(cfg, LossType.CROSS_ENTROPY, 3, 4, 23, null);
        assertThat(Arrays.stream(c.x).allMatch(v -> v >= 0 && v < 6 && v == Math.rint(v))).as("token ids").isTrue();
        checkAll("lstm embedding cross-entropy", c);

        // the embedding's gradient is non-zero only for the rows of tokens that occur
        Network net = network(c, 1234 + c.steps);
        backward(net, c, forward(net, c));
        int E = cfg.embedding();
        boolean[] used = new boolean[cfg.inputs()];
        for (double v : c.x) {
            used[(int) v] = true;
        }
        for (int v = 0; v < cfg.inputs(); v++) {
            double[] row = Arrays.copyOfRange(net.grads, net.layout.embeddingOffset() + v * E,
                    net.layout.embeddingOffset() + (v + 1) * E);
            if (!used[v]) {
                assertThat(row).as("embedding row of unused token %d", v).containsOnly(0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void dropoutBetweenLayers(CellType cell) {
        ModelConfig cfg = ModelConfig.of(cell, 3, 5, 2, 2).withDropout(0.3);
        Case c = new Case(cfg, LossType.MSE, 3, 4, 31 + cell.ordinal(), null);
        // dropout really acts: the training forward differs from the evaluation forward (rng null)
        Network net = network(c, 99);
        Network.State st = net.newState(c.batch);
        Network.Step train = net.newStep(c.batch);
        Network.Step eval = net.newStep(c.batch);
        double[] scratch = new double[net.scratchSize(c.batch)];
        net.forwardStep(c.x, 0, null, 0, st, train, new SplittableRandom(c.dropSeed), scratch);
        st.reset();
        net.forwardStep(c.x, 0, null, 0, st, eval, null, scratch);
        assertThat(train.top()).isNotEqualTo(eval.top());
        checkAll(cell + " dropout 0.3", c);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void resetsOnSomeRowsAtSomeSteps(CellType cell) {
        int B = 3;
        int T = 5;
        boolean[] reset = new boolean[T * B];
        reset[0 * B + 1] = true; // row 1 reset at step 0: its incoming state gets zero gradient
        reset[2 * B + 0] = true; // row 0 at step 2
        reset[3 * B + 2] = true; // row 2 at step 3
        reset[3 * B + 0] = true; // row 0 again at step 3
        Case c = new Case(ModelConfig.of(cell, 2, 4, 2, 3), LossType.MSE, B, T, 41 + cell.ordinal(), reset);
        checkAll(cell + " resets", c);

        // row 1 was reset before step 0: nothing flows into its incoming state
        Network net = network(c, 1234 + c.steps);
        Network.Backward back = backward(net, c, forward(net, c));
        int H = c.cfg.hidden();
        for (int l = 0; l < c.cfg.layers(); l++) {
            assertThat(Arrays.copyOfRange(back.dh(l), H, 2 * H)).containsOnly(0.0);
            assertThat(Arrays.copyOfRange(back.dh(l), 0, H)).as("row 0 not reset at step 0").isNotEqualTo(new double[H]);
            if (cell == CellType.LSTM) {
                assertThat(Arrays.copyOfRange(back.dc(l), H, 2 * H)).containsOnly(0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void oneRowOneStep(CellType cell) {
        Case c = new Case(ModelConfig.of(cell, 3, 4, 2, 2), LossType.MSE, 1, 1, 51 + cell.ordinal(), null);
        checkAll(cell + " B=1 T=1", c);
    }

    /** Per-step classes on numeric inputs: cross-entropy over 4 classes, B = 1 and T = 1, from a non-zero state. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void perStepCrossEntropyOneRowOneStep(CellType cell) {
        Case c = new Case(ModelConfig.of(cell, 3, 4, 2, 4), LossType.CROSS_ENTROPY, 1, 1, 57 + cell.ordinal(), null);
        assertThat(c.h0[0]).isNotEqualTo(new double[c.h0[0].length]);
        checkAll(cell + " CE B=1 T=1", c);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void oneRowFiveSteps(CellType cell) {
        Case c = new Case(ModelConfig.of(cell, 3, 4, 2, 2), LossType.MSE, 1, 5, 61 + cell.ordinal(), null);
        checkAll(cell + " B=1 T=5", c);
    }

    @Test
    void fastAndNaiveProductsGiveTheSameNetworkGradient() {
        Case c = new Case(ModelConfig.of(CellType.LSTM, 3, 5, 2, 2), LossType.MSE, 3, 4, 81, null);
        Network fast = network(c, 5);
        Network naive = new Network(c.cfg, MatMul.naive());
        naive.setParameters(fast.parametersAsDouble());
        Forward ff = forward(fast, c);
        Forward fn = forward(naive, c);
        assertThat(ff.loss()).isCloseTo(fn.loss(), org.assertj.core.api.Assertions.within(1e-12));
        backward(fast, c, ff);
        backward(naive, c, fn);
        assertThat(fast.grads).containsExactly(naive.grads, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void tokenIdOutsideTheVocabularyFailsNamingTheId() {
        ModelConfig cfg = ModelConfig.of(CellType.LSTM, 6, 4, 1, 2).withEmbedding(3);
        Network net = new Network(cfg);
        Network.State st = net.newState(2);
        Network.Step step = net.newStep(2);
        double[] scratch = new double[net.scratchSize(2)];
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> net.forwardStep(new double[] {1, 6}, 0, null, 0, st, step, null, scratch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 6");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> net.forwardStep(new double[] {0.5, 1}, 0, null, 0, st, step, null, scratch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
    }
}
