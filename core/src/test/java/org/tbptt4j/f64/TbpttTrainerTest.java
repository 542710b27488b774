package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tbptt4j.conformance.FixtureResult;
import org.tbptt4j.conformance.FixtureRunner;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.model.TrainingDivergedException;

/**
 * The TBPTT(k1, k2) trainer against the specification, including the tests that would have caught
 * Deeplearning4j's defects (k2 ignored; the gradient ignoring the carried state).
 */
class TbpttTrainerTest {

    /** Learning rate so small that the SGD step leaves every double weight unchanged: gradients of one set of weights. */
    private static final double FROZEN = 1e-300;

    static Stream<Path> tbpttFixtures() throws IOException {
        return FixtureRunner.fixtureFiles(Fixtures.dir()).stream().filter(p -> p.getFileName().toString().startsWith("tbptt_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tbpttFixtures")
    void conformanceFixturesPassInBothPrecisions(Path file) {
        for (Precision p : Precision.values()) {
            FixtureResult r = new FixtureRunner(p).run(file);
            assertThat(r.passed()).as(p + " " + r.line()).isTrue();
        }
    }

    @Test
    void allFortyTwoFixturesAreThere() throws IOException {
        assertThat(FixtureRunner.fixtureFiles(Fixtures.dir())).hasSize(42);
    }

    /** The gradient of every update, captured before the (frozen) optimizer step. */
    private static List<double[]> updateGradients(Network net, StreamBatch s, int k1, int k2) {
        return updateGradients(net, s, k1, k2, LossType.MSE);
    }

    private static List<double[]> updateGradients(Network net, StreamBatch s, int k1, int k2, LossType type) {
        List<double[]> grads = new ArrayList<>();
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(k1, k2), Loss.of(type),
                Optimizer.of(OptimizerConfig.sgd(FROZEN), net.params.length), FROZEN, s.batch, 0);
        tr.setListener((u, loss, count, norm) -> grads.add(net.grads.clone()));
        tr.feed(s);
        tr.flush();
        return grads;
    }

    /**
     * The window loss of the update covering new steps [tPrev, t) with window [lo, t): the state
     * entering the window and the outputs of new steps before lo come from the unperturbed weights
     * (constants); the window's steps and the head use the weights being differentiated.
     */
    private static double windowLoss(Network base, Network pert, StreamBatch s, int tPrev, int t, int lo) {
        return windowLoss(base, pert, s, tPrev, t, lo, LossType.MSE);
    }

    private static double windowLoss(Network base, Network pert, StreamBatch s, int tPrev, int t, int lo, LossType type) {
        int B = s.batch;
        int O = base.config.outputs();
        Network.State st = base.newState(B);
        double[] scratch = new double[base.scratchSize(B)];
        double[] pred = new double[B * O];
        double sum = 0;
        long count = 0;
        Loss loss = Loss.of(type);
        for (int step = 0; step < t; step++) {
            Network net = step < lo ? base : pert;
            Network.Step rec = net.newStep(B);
            net.forwardStep(s.x, step * B * s.inputWidth, s.reset, step * B, st, rec, null, scratch);
            if (step >= tPrev) {
                pert.headForward(rec, pred, 0);
                sum += loss.accumulate(B, O, pred, 0, s.y, step * B * s.targetWidth, s.mask, step * B, 0, new double[B * O], 0);
                for (int b = 0; b < B; b++) {
                    count += s.mask[step * B + b] ? 1 : 0;
                }
            }
        }
        return sum / type.normaliser(count, O);
    }

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of(CellType.LSTM, 2, 4, 7, false), // k2 > k1: overlapping windows
                Arguments.of(CellType.GRU, 1, 5, 3, true),   // k2 < k1: only the last k2 steps reach the cell
                Arguments.of(CellType.RNN, 2, 3, 3, true),   // k1 = k2
                Arguments.of(CellType.LSTM, 1, 1, 1, false), // TBPTT(1,1)
                Arguments.of(CellType.LSTM, 2, 2, 6, true));
    }

    @ParameterizedTest(name = "{0} L={1} TBPTT({2},{3}) ragged={4}")
    @MethodSource("windows")
    void everyUpdateGradientEqualsFiniteDifferencesOfItsWindowLossWithCarriedState(CellType cell, int layers, int k1,
                                                                                   int k2, boolean ragged) {
        ModelConfig c = ModelConfig.of(cell, 2, 3, layers, 2);
        StreamBatch s = TestStreams.random(2, 13, 2, 2, 7, ragged);
        Network net = TestStreams.network(c, 3);
        List<double[]> grads = updateGradients(net, s, k1, k2);
        int u = 0;
        for (int tPrev = 0; tPrev < s.steps; tPrev += k1, u++) {
            int t = Math.min(tPrev + k1, s.steps);
            int lo = k2 >= k1 ? Math.max(0, tPrev - (k2 - k1)) : Math.max(tPrev, t - k2);
            if (tPrev == 0 || u >= grads.size()) {
                continue; // the first window starts from zero state; the interesting ones carry state in
            }
            Network pert = TestStreams.network(c, 3);
            int tp = tPrev;
            int l = lo;
            GradientCheck.check(cell + " update " + u, grads.get(u), pert.params, () -> windowLoss(net, pert, s, tp, t, l));
        }
    }

    static Stream<Arguments> classWindows() {
        return Stream.of(
                Arguments.of(CellType.LSTM, 2, 3, 5, 2),   // overlapping windows, masked tails and resets
                Arguments.of(CellType.GRU, 1, 4, 2, 1),    // B = 1, k2 < k1
                Arguments.of(CellType.RNN, 1, 1, 1, 1),    // B = 1, windows of T = 1 entered with carried state
                Arguments.of(CellType.LSTM, 1, 1, 1, 3));  // T = 1 windows, three rows
    }

    /**
     * Per-step classes: cross-entropy over O = 3 classes at every unmasked step, the target a class
     * id per (row, step), trained through the trainer's TBPTT(k1, k2) windows. Every update's
     * gradient (state carried in, non-zero) against finite differences of its window loss.
     */
    @ParameterizedTest(name = "{0} L={1} TBPTT({2},{3}) B={4}")
    @MethodSource("classWindows")
    void perStepCrossEntropyUpdatesEqualFiniteDifferencesOfTheirWindowLoss(CellType cell, int layers, int k1, int k2,
                                                                           int batch) {
        ModelConfig c = ModelConfig.of(cell, 2, 3, layers, 3);
        StreamBatch s = TestStreams.classes(batch, 9, 2, 3, 17, true);
        Network net = TestStreams.network(c, 4);
        List<double[]> grads = updateGradients(net, s, k1, k2, LossType.CROSS_ENTROPY);
        int u = 0;
        int checked = 0;
        for (int tPrev = 0; tPrev < s.steps; tPrev += k1, u++) {
            int t = Math.min(tPrev + k1, s.steps);
            int lo = k2 >= k1 ? Math.max(0, tPrev - (k2 - k1)) : Math.max(tPrev, t - k2);
            if (tPrev == 0 || u >= grads.size() || !anyLoss(s, tPrev, t)) {
                continue; // from zero state, or an update the trainer skips (no unmasked step)
            }
            Network pert = TestStreams.network(c, 4);
            int tp = tPrev;
            int l = lo;
            GradientCheck.check(cell + " CE update " + u, grads.get(u), pert.params,
                    () -> windowLoss(net, pert, s, tp, t, l, LossType.CROSS_ENTROPY));
            checked++;
        }
        assertThat(checked).as("updates checked").isPositive();
    }

    private static boolean anyLoss(StreamBatch s, int from, int to) {
        for (int i = from * s.batch; i < to * s.batch; i++) {
            if (s.mask[i]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void tbptt11ChangesTheRecurrentWeightsThroughTheCarriedState() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 4, 1, 2);
        Network net = TestStreams.network(c, 5);
        StreamBatch s = TestStreams.random(3, 10, 2, 2, 8, false);
        List<double[]> grads = updateGradients(net, s, 1, 1);
        ParamLayout.Tensor whh = net.layout.tensor("weight_hh_l0");
        assertThat(grads).hasSize(10);
        // at step 0 the incoming state is zero, so dW_hh = dA^T hPrev = 0; from step 1 on it is not
        assertThat(maxAbs(grads.get(0), whh)).isZero();
        for (int u = 1; u < grads.size(); u++) {
            assertThat(maxAbs(grads.get(u), whh)).as("update " + u).isGreaterThan(1e-6);
        }
        double before = net.params[whh.offset()];
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(1, 1), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(0.1), net.params.length), 0.1, 3, 0);
        tr.feed(s);
        assertThat(net.params[whh.offset()]).isNotEqualTo(before);
    }

    @ParameterizedTest(name = "k1={0}: k2={1} vs k2={2}")
    @CsvSource({"4, 4, 8", "8, 3, 8", "3, 3, 1"})
    void changingK2ChangesTheUpdate(int k1, int k2a, int k2b) {
        ModelConfig c = ModelConfig.of(CellType.GRU, 2, 4, 1, 2);
        StreamBatch s = TestStreams.random(2, 16, 2, 2, 9, false);
        List<double[]> a = updateGradients(TestStreams.network(c, 1), s, k1, k2a);
        List<double[]> b = updateGradients(TestStreams.network(c, 1), s, k1, k2b);
        assertThat(a).hasSameSizeAs(b);
        ParamLayout layout = new ParamLayout(c);
        double diff = 0;
        for (int u = 1; u < a.size(); u++) {
            diff = Math.max(diff, maxAbsDiff(a.get(u), b.get(u), layout.tensor("weight_hh_l0")));
        }
        assertThat(diff).isGreaterThan(1e-6);
        // the head's gradient does not depend on k2 (same forward pass, same new steps)
        assertThat(Arrays2.slice(a.get(1), layout.tensor("head.weight")))
                .containsExactly(Arrays2.slice(b.get(1), layout.tensor("head.weight")), within(1e-15));
    }

    @Test
    void tbpttTTEqualsFullBptt() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 3, 2, 2);
        StreamBatch s = TestStreams.random(2, 9, 2, 2, 4, true);
        Network net = TestStreams.network(c, 2);
        List<double[]> grads = updateGradients(net, s, 9, 9);
        assertThat(grads).hasSize(1);
        Network pert = TestStreams.network(c, 2);
        // full BPTT: every step in the window, from zero state
        GradientCheck.check("full BPTT", grads.get(0), pert.params, () -> windowLoss(net, pert, s, 0, 9, 0));
        assertThat(updateGradients(TestStreams.network(c, 2), s, 20, 20).get(0)).containsExactly(grads.get(0), within(0.0));
    }

    @ParameterizedTest(name = "TBPTT({0},{1})")
    @CsvSource({"4, 9", "5, 5", "7, 3", "1, 1"})
    void feedingAStreamInChunksEqualsFeedingItWhole(int k1, int k2) {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 5, 2, 2);
        StreamBatch s = TestStreams.random(3, 40, 2, 2, 11, true);
        double[] whole = train(c, List.of(s), k1, k2);
        double[] pieces = train(c, List.of(s.slice(0, 3), s.slice(3, 4), s.slice(4, 17), s.slice(17, 40)), k1, k2);
        assertThat(pieces).containsExactly(whole, within(0.0));
    }

    private static double[] train(ModelConfig c, List<StreamBatch> chunks, int k1, int k2) {
        Network net = TestStreams.network(c, 6);
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(k1, k2), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.adam(0.01), net.params.length), 0.01, chunks.get(0).batch, 0);
        for (StreamBatch s : chunks) {
            tr.feed(s);
        }
        tr.flush();
        return net.params.clone();
    }

    @Test
    void anUpdateWithNoUnmaskedStepChangesNothing() {
        ModelConfig c = ModelConfig.of(CellType.RNN, 2, 3, 1, 2);
        StreamBatch s = TestStreams.random(2, 6, 2, 2, 1, false);
        java.util.Arrays.fill(s.mask, false);
        Network net = TestStreams.network(c, 1);
        double[] before = net.params.clone();
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(2, 2), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(0.5), net.params.length), 0.5, 2, 0);
        tr.feed(s);
        tr.flush();
        assertThat(tr.updates()).isZero();
        assertThat(net.params).containsExactly(before, within(0.0));
    }

    private static List<Long> randomWindowLengths(long seed) {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 3, 1, 2);
        StreamBatch s = TestStreams.random(1, 3000, 2, 2, 2, false);
        List<Long> counts = new ArrayList<>();
        Network net = TestStreams.network(c, 1);
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(20, 20).withRandomLengths(true), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(FROZEN), net.params.length), FROZEN, 1, seed);
        tr.setListener((u, l, count, n) -> counts.add(count));
        tr.feed(s);
        return counts;
    }

    @Test
    void randomWindowLengthsFollowAwdLstmAndAreSeeded() {
        List<Long> counts = randomWindowLengths(42);
        double mean = counts.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(counts.stream().distinct().count()).as("lengths vary").isGreaterThan(5);
        assertThat(counts).allSatisfy(n -> assertThat(n).isBetween(5L, 35L));
        assertThat(mean).as("about 0.95 * 20 + 0.05 * 10").isBetween(17.0, 21.0);
        assertThat(counts.stream().filter(n -> n <= 9).count()).as("half-length windows around 10").isPositive();
        assertThat(randomWindowLengths(42)).isEqualTo(counts);
        assertThat(randomWindowLengths(43)).isNotEqualTo(counts);
    }

    @Test
    void aNonFiniteLossStopsWithAClearMessageAndKeepsTheWeights() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 3, 1, 2);
        StreamBatch s = TestStreams.random(2, 8, 2, 2, 3, false);
        s.y[5] = Double.NaN;
        Network net = TestStreams.network(c, 1);
        double[] before = net.params.clone();
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(4, 4), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(0.1), net.params.length), 0.1, 2, 0);
        assertThatThrownBy(() -> tr.feed(s)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("update 0").hasMessageContaining("learning rate").hasMessageContaining("clipping");
        assertThat(net.params).containsExactly(before, within(0.0));
    }

    @Test
    void clippingByNormBoundsTheAppliedStep() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 2, 3, 1, 2);
        StreamBatch s = TestStreams.random(2, 4, 2, 2, 3, false);
        Network net = TestStreams.network(c, 1);
        double[] before = net.params.clone();
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(4, 4).withClipNorm(1e-3), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(1.0), net.params.length), 1.0, 2, 0);
        tr.feed(s);
        double step = 0;
        for (int i = 0; i < before.length; i++) {
            step += (net.params[i] - before[i]) * (net.params[i] - before[i]);
        }
        assertThat(Math.sqrt(step)).isCloseTo(1e-3, within(1e-8));
    }

    @Test
    void theTrainerRejectsAStreamWithAnotherRowCount() {
        Network net = TestStreams.network(ModelConfig.of(CellType.RNN, 2, 3, 1, 2), 1);
        TbpttTrainer tr = new TbpttTrainer(net, TbpttConfig.of(2, 2), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(0.1), net.params.length), 0.1, 4, 0);
        assertThatThrownBy(() -> tr.feed(TestStreams.random(3, 5, 2, 2, 1, false)))
                .hasMessageContaining("4 rows").hasMessageContaining("3");
    }

    private static double maxAbs(double[] g, ParamLayout.Tensor t) {
        double m = 0;
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            m = Math.max(m, Math.abs(g[i]));
        }
        return m;
    }

    private static double maxAbsDiff(double[] a, double[] b, ParamLayout.Tensor t) {
        double m = 0;
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Tensor slices. */
    static final class Arrays2 {
        static double[] slice(double[] a, ParamLayout.Tensor t) {
            return java.util.Arrays.copyOfRange(a, t.offset(), t.offset() + t.size());
        }
    }
}
