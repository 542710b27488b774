package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.TbpttConfig;

/**
 * The batched path (each block's input parts and each window's weight gradients one product per layer)
 * against the per-step reference: every update's gradient. The weight gradients sum the same products in
 * one multiply-add chain per element over the window instead of one per step, and the input parts take
 * one chain per element over the inputs where the per-step product may sum vector lanes; so the two agree
 * to rounding: within 1e-12 (float64) or 2e-6 (float32) of the gradient's largest element. Where every
 * layer's per-step input product takes the same chain ({@link MatMul#ntSumsAsNN}: one input feature, or
 * the Vector API's transposed path, which depends on the vector width), the forward pass is the same
 * bits, and so are the gradients of the biases and the head (the same additions in the same order).
 */
class WindowGradientsTest {

    private static final double FROZEN = 1e-300;

    /** Every update's gradient of a trainer on path p (weights frozen by a tiny SGD step, so every update sees the same ones). */
    static List<double[]> updateGradients(ModelConfig c, StreamBatch s, TbpttConfig tbptt, TbpttTrainer.Path p) {
        Network net = TestStreams.network(c, 3);
        List<double[]> grads = new ArrayList<>();
        TbpttTrainer tr = new TbpttTrainer(net, tbptt, Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(FROZEN), net.params.length), FROZEN, s.batch, 0);
        tr.setPath(p);
        tr.setListener((u, loss, count, norm) -> grads.add(net.grads.clone()));
        tr.feed(s);
        tr.flush();
        return grads;
    }

    interface Shapes {
        boolean test(int m, int n, int k);
    }

    /** Whether every layer's per-step input product sums as the batched one does. */
    static boolean sameForwardBits(Shapes ntSumsAsNN, ModelConfig c, int batch) {
        for (int l = 0; l < c.layers(); l++) {
            if (!ntSumsAsNN.test(batch, c.cell().gates * c.hidden(), c.layerInputs(l))) {
                return false;
            }
        }
        return true;
    }

    @org.junit.jupiter.api.Test
    void theBenchmarkShapesKeepTheForwardBits() {
        // one input feature, B = 32, 2 layers of H = 32: exact with any vector width up to 512 bits, both precisions
        ModelConfig c = ModelConfig.of(CellType.LSTM, 1, 32, 2, 1);
        assertThat(sameForwardBits(MatMul.fast()::ntSumsAsNN, c, 32)).isTrue();
        assertThat(sameForwardBits(org.tbptt4j.f32.MatMul.fast()::ntSumsAsNN, c, 32)).isTrue();
    }

    /** Every tensor whose name starts with bias or head: the parameters the two paths sum identically from the same forward pass. */
    static boolean exactByConstruction(ParamLayout.Tensor t) {
        return t.name().startsWith("bias") || t.name().startsWith("head");
    }

    @ParameterizedTest(name = "{0} layers={1} F={2} H={3} B={4} k1={5} k2={6}")
    @CsvSource({
        "LSTM, 1, 3, 16, 8, 5, 5",
        "LSTM, 2, 3, 16, 8, 3, 7",
        "LSTM, 2, 1, 32, 32, 7, 3",
        "LSTM, 2, 1, 32, 32, 10, 10",
        "GRU, 1, 3, 16, 8, 4, 9",
        "GRU, 2, 1, 32, 16, 6, 4",
        "GRU, 2, 3, 24, 5, 6, 4",
        "RNN, 1, 3, 16, 8, 1, 1",
        "RNN, 2, 1, 32, 8, 5, 8",
        "RNN, 2, 3, 20, 1, 5, 8",
    })
    void batchedEqualsPerStep(CellType cell, int layers, int features, int hidden, int batch, int k1, int k2) {
        ModelConfig c = ModelConfig.of(cell, features, hidden, layers, 2);
        boolean sameBits = sameForwardBits(MatMul.fast()::ntSumsAsNN, c, batch);
        StreamBatch s = TestStreams.random(batch, 23, features, 2, 11, true); // resets and masked tails
        TbpttConfig tbptt = TbpttConfig.of(k1, k2);
        List<double[]> windowed = updateGradients(c, s, tbptt, TbpttTrainer.Path.BATCHED);
        List<double[]> reference = updateGradients(c, s, tbptt, TbpttTrainer.Path.PER_STEP);
        assertThat(windowed).hasSameSizeAs(reference).isNotEmpty();
        ParamLayout layout = new ParamLayout(c);
        for (int u = 0; u < reference.size(); u++) {
            double[] a = windowed.get(u);
            double[] r = reference.get(u);
            double scale = 0;
            for (double v : r) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as("update %d has a gradient", u).isGreaterThan(0);
            for (ParamLayout.Tensor t : layout.tensors()) {
                for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                    if (sameBits && exactByConstruction(t)) {
                        assertThat(a[i]).as("update %d %s[%d]", u, t.name(), i - t.offset()).isEqualTo(r[i]);
                    } else {
                        assertThat(Math.abs(a[i] - r[i])).as("update %d %s[%d]", u, t.name(), i - t.offset())
                                .isLessThanOrEqualTo(1e-12 * scale);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LSTM", "GRU", "RNN"})
    void windowedTrainingIsBitIdenticalWithOneOrTwoThreads(CellType cell) {
        // H = 64, B = 32, 2 layers: the window's products (256 x 64 x 320 and up) are split between threads
        ModelConfig c = ModelConfig.of(cell, 3, 64, 2, 2);
        StreamBatch s = TestStreams.random(32, 30, 3, 2, 5, true);
        List<double[]> two = updateGradients(c, s, TbpttConfig.of(6, 10), TbpttTrainer.Path.BATCHED);
        Parallel.setThreads(1);
        try {
            List<double[]> one = updateGradients(c, s, TbpttConfig.of(6, 10), TbpttTrainer.Path.BATCHED);
            assertThat(one).hasSameSizeAs(two);
            for (int u = 0; u < one.size(); u++) {
                assertThat(java.util.Arrays.equals(one.get(u), two.get(u))).as("update %d", u).isTrue();
            }
        } finally {
            Parallel.setThreads(2);
        }
    }

    /** As {@link #updateGradients}, in the float32 engine (generated from this one), on the path of that name. */
    static List<float[]> updateGradients32(ModelConfig c, StreamBatch s, TbpttConfig tbptt, String path) {
        org.tbptt4j.f32.Network net = new org.tbptt4j.f32.Network(c, org.tbptt4j.f32.MatMul.fast());
        net.setParameters(TestStreams.network(c, 3).parametersAsDouble());
        org.tbptt4j.f32.StreamBatch s32 = new org.tbptt4j.f32.StreamBatch(s.batch, s.steps, s.inputWidth, s.targetWidth);
        for (int i = 0; i < s.x.length; i++) {
            s32.x[i] = (float) s.x[i];
        }
        for (int i = 0; i < s.y.length; i++) {
            s32.y[i] = (float) s.y[i];
        }
        System.arraycopy(s.mask, 0, s32.mask, 0, s.mask.length);
        System.arraycopy(s.reset, 0, s32.reset, 0, s.reset.length);
        List<float[]> grads = new ArrayList<>();
        org.tbptt4j.f32.TbpttTrainer tr = new org.tbptt4j.f32.TbpttTrainer(net, tbptt,
                org.tbptt4j.f32.Loss.of(LossType.MSE), org.tbptt4j.f32.Optimizer.of(OptimizerConfig.sgd(FROZEN), net.params.length),
                FROZEN, s.batch, 0);
        tr.setPath(org.tbptt4j.f32.TbpttTrainer.Path.valueOf(path));
        tr.setListener((u, loss, count, norm) -> grads.add(net.grads.clone()));
        tr.feed(s32);
        tr.flush();
        return grads;
    }

    @ParameterizedTest(name = "float32 {0} layers={1} F={2} k1={3} k2={4}")
    @CsvSource({"LSTM, 2, 1, 3, 7", "LSTM, 2, 3, 3, 7", "GRU, 1, 3, 6, 4", "GRU, 2, 1, 6, 4",
        "RNN, 2, 1, 5, 5"})
    void float32BatchedEqualsPerStep(CellType cell, int layers, int features, int k1, int k2) {
        ModelConfig c = ModelConfig.of(cell, features, 32, layers, 2);
        boolean sameBits = sameForwardBits(org.tbptt4j.f32.MatMul.fast()::ntSumsAsNN, c, 32);
        StreamBatch s = TestStreams.random(32, 23, features, 2, 13, true);
        List<float[]> windowed = updateGradients32(c, s, TbpttConfig.of(k1, k2), "BATCHED");
        List<float[]> reference = updateGradients32(c, s, TbpttConfig.of(k1, k2), "PER_STEP");
        assertThat(windowed).hasSameSizeAs(reference).isNotEmpty();
        ParamLayout layout = new ParamLayout(c);
        for (int u = 0; u < reference.size(); u++) {
            float[] a = windowed.get(u);
            float[] r = reference.get(u);
            float scale = 0;
            for (float v : r) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (ParamLayout.Tensor t : layout.tensors()) {
                for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                    if (sameBits && exactByConstruction(t)) {
                        assertThat(a[i]).as("update %d %s[%d]", u, t.name(), i - t.offset()).isEqualTo(r[i]);
                    } else {
                        assertThat(Math.abs(a[i] - r[i])).as("update %d %s[%d]", u, t.name(), i - t.offset())
                                .isLessThanOrEqualTo(2e-6f * scale);
                    }
                }
            }
        }
    }
}
