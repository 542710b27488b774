package org.tbptt4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Initial parameters (determinism, ranges, orthogonality, forget bias) and the parameter layout. */
class InitializerTest {

    private static final ModelConfig LSTM2 = ModelConfig.of(CellType.LSTM, 3, 5, 2, 2);

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameSeedSameValuesDifferentSeedDifferentValues(CellType cell) {
        ModelConfig c = ModelConfig.of(cell, 3, 4, 2, 2).withEmbedding(0);
        for (Initializer init : List.of(Initializer.pytorchDefault(), Initializer.kerasStyle())) {
            double[] a = init.initialise(c, 7);
            double[] b = init.initialise(c, 7);
            double[] d = init.initialise(c, 8);
            assertThat(a).hasSize(new ParamLayout(c).size());
            assertThat(a).containsExactly(b);
            assertThat(a).isNotEqualTo(d);
            // most values differ between seeds, not just one
            int same = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == d[i]) {
                    same++;
                }
            }
            // keras style leaves the non-forget biases at 0 in both
            int zeros = init.scheme() == Initializer.Scheme.XAVIER ? 2 * 2 * cell.gates * 4 : 0;
            assertThat(same).isLessThanOrEqualTo(zeros);
        }
    }

    @Test
    void embeddingIsDeterministicToo() {
        ModelConfig c = LSTM2.withEmbedding(4);
        assertThat(Initializer.pytorchDefault().initialise(c, 3)).containsExactly(Initializer.pytorchDefault().initialise(c, 3));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void pytorchDefaultRanges(CellType cell) {
        int H = 9;
        ModelConfig c = ModelConfig.of(cell, 4, H, 2, 3);
        double[] w = Initializer.pytorchDefault().initialise(c, 11);
        double k = 1 / Math.sqrt(H);
        double max = 0;
        for (double v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(k);
            max = Math.max(max, Math.abs(v));
        }
        // the range is used, not a narrower one: with hundreds of draws the largest is near k
        assertThat(max).isGreaterThan(0.9 * k);
        // and it is uniform-ish: the mean is near 0 and the second moment near k^2 / 3
        double mean = 0;
        double sq = 0;
        for (double v : w) {
            mean += v;
            sq += v * v;
        }
        mean /= w.length;
        sq /= w.length;
        assertThat(mean).isCloseTo(0, within(0.1 * k));
        assertThat(sq).isCloseTo(k * k / 3, within(0.25 * k * k / 3));
    }

    @Test
    void pytorchDefaultEmbeddingIsStandardNormal() {
        ModelConfig c = ModelConfig.of(CellType.LSTM, 200, 4, 1, 2).withEmbedding(10);
        double[] w = Initializer.pytorchDefault().initialise(c, 5);
        ParamLayout.Tensor e = new ParamLayout(c).tensor("embedding.weight");
        double mean = 0;
        double sq = 0;
        double max = 0;
        for (int i = e.offset(); i < e.offset() + e.size(); i++) {
            mean += w[i];
            sq += w[i] * w[i];
            max = Math.max(max, Math.abs(w[i]));
        }
        mean /= e.size();
        sq /= e.size();
        assertThat(mean).isCloseTo(0, within(0.1));
        assertThat(sq).isCloseTo(1, within(0.1));
        assertThat(max).isGreaterThan(1 / Math.sqrt(4)); // not the recurrent range
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void orthogonalRecurrentBlocks(CellType cell) {
        int H = 6;
        ModelConfig c = ModelConfig.of(cell, 3, H, 2, 2);
        for (Initializer init : List.of(Initializer.kerasStyle(), new Initializer(Initializer.Scheme.UNIFORM, true, Double.NaN))) {
            double[] w = init.initialise(c, 13);
            ParamLayout layout = new ParamLayout(c);
            for (int l = 0; l < 2; l++) {
                ParamLayout.Tensor hh = layout.tensor("weight_hh_l" + l);
                assertThat(hh.shape()).containsExactly(cell.gates * H, H);
                for (int g = 0; g < cell.gates; g++) {
                    int off = hh.offset() + g * H * H;
                    // Q Q^T = I
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < H; j++) {
                            double dot = 0;
                            for (int p = 0; p < H; p++) {
                                dot += w[off + i * H + p] * w[off + j * H + p];
                            }
                            assertThat(dot).as("%s layer %d gate %d (Q Q^T)[%d][%d]", cell, l, g, i, j)
                                    .isCloseTo(i == j ? 1.0 : 0.0, within(1e-9));
                        }
                    }
                }
                if (cell.gates > 1) {
                    // the gate blocks are drawn separately
                    assertThat(w[hh.offset()]).isNotEqualTo(w[hh.offset() + H * H]);
                }
            }
        }
    }

    @Test
    void withoutOrthogonalTheRecurrentBlockIsNotOrthogonal() {
        double[] w = Initializer.pytorchDefault().initialise(LSTM2, 13);
        ParamLayout.Tensor hh = new ParamLayout(LSTM2).tensor("weight_hh_l0");
        double dot = 0;
        for (int p = 0; p < 5; p++) {
            dot += w[hh.offset() + p] * w[hh.offset() + p];
        }
        assertThat(dot).isNotCloseTo(1.0, within(1e-3));
    }

    @Test
    void forgetBiasSetsTheForgetSliceOnly() {
        int H = 5;
        Initializer init = new Initializer(Initializer.Scheme.UNIFORM, false, 1.0);
        double[] w = init.initialise(LSTM2, 17);
        double[] plain = Initializer.pytorchDefault().initialise(LSTM2, 17);
        ParamLayout layout = new ParamLayout(LSTM2);
        for (int l = 0; l < 2; l++) {
            ParamLayout.Tensor bih = layout.tensor("bias_ih_l" + l);
            ParamLayout.Tensor bhh = layout.tensor("bias_hh_l" + l);
            for (int j = 0; j < 4 * H; j++) {
                boolean forget = j >= H && j < 2 * H;
                if (forget) {
                    assertThat(w[bih.offset() + j]).as("bias_ih_l%d[%d]", l, j).isEqualTo(1.0);
                    assertThat(w[bhh.offset() + j]).as("bias_hh_l%d[%d]", l, j).isEqualTo(0.0);
                } else {
                    // the other gates' biases are the drawn ones
                    assertThat(w[bih.offset() + j]).isEqualTo(plain[bih.offset() + j]).isNotEqualTo(0.0);
                    assertThat(w[bhh.offset() + j]).isEqualTo(plain[bhh.offset() + j]).isNotEqualTo(0.0);
                }
            }
        }
        // Keras style: forget bias 1, every other bias 0 (Xavier draws no biases)
        double[] k = Initializer.kerasStyle().initialise(LSTM2, 17);
        ParamLayout.Tensor bih = layout.tensor("bias_ih_l1");
        for (int j = 0; j < 4 * H; j++) {
            assertThat(k[bih.offset() + j]).isEqualTo(j >= H && j < 2 * H ? 1.0 : 0.0);
        }
    }

    @Test
    void forgetBiasIsIgnoredForGruAndRnn() {
        for (CellType cell : new CellType[] {CellType.GRU, CellType.RNN}) {
            ModelConfig c = ModelConfig.of(cell, 3, 5, 1, 2);
            double[] with = new Initializer(Initializer.Scheme.UNIFORM, false, 1.0).initialise(c, 4);
            double[] without = Initializer.pytorchDefault().initialise(c, 4);
            assertThat(with).containsExactly(without);
        }
    }

    @Test
    void xavierRanges() {
        int H = 8;
        int F = 3;
        ModelConfig c = ModelConfig.of(CellType.GRU, F, H, 1, 2);
        double[] w = new Initializer(Initializer.Scheme.XAVIER, false, Double.NaN).initialise(c, 2);
        ParamLayout layout = new ParamLayout(c);
        ParamLayout.Tensor ih = layout.tensor("weight_ih_l0");
        double a = Math.sqrt(6.0 / (F + H));
        for (int i = ih.offset(); i < ih.offset() + ih.size(); i++) {
            assertThat(Math.abs(w[i])).isLessThanOrEqualTo(a);
        }
        ParamLayout.Tensor hh = layout.tensor("weight_hh_l0");
        double ah = Math.sqrt(6.0 / (2 * H));
        for (int i = hh.offset(); i < hh.offset() + hh.size(); i++) {
            assertThat(Math.abs(w[i])).isLessThanOrEqualTo(ah);
        }
        for (String b : new String[] {"bias_ih_l0", "bias_hh_l0"}) {
            ParamLayout.Tensor t = layout.tensor(b);
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                assertThat(w[i]).as(b).isZero();
            }
        }
    }

    @Test
    void layoutOfTwoLayerLstmWithEmbedding() {
        int V = 7;
        int E = 3;
        int H = 5;
        int O = 4;
        ModelConfig c = ModelConfig.of(CellType.LSTM, V, H, 2, O).withEmbedding(E);
        ParamLayout layout = new ParamLayout(c);
        int gh = 4 * H;
        List<String> names = layout.tensors().stream().map(ParamLayout.Tensor::name).toList();
        assertThat(names).containsExactly("embedding.weight",
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "head.weight", "head.bias");
        int[][] shapes = {{V, E}, {gh, E}, {gh, H}, {gh}, {gh}, {gh, H}, {gh, H}, {gh}, {gh}, {O, H}, {O}};
        int off = 0;
        List<ParamLayout.Tensor> ts = layout.tensors();
        for (int i = 0; i < ts.size(); i++) {
            ParamLayout.Tensor t = ts.get(i);
            assertThat(t.shape()).as(t.name()).containsExactly(shapes[i]);
            assertThat(t.offset()).as(t.name() + " offset").isEqualTo(off);
            assertThat(layout.tensor(t.name()).offset()).isEqualTo(off);
            off += t.size();
        }
        // total = V E + sum over layers of G H (In_l + H + 2) + O (H + 1)
        int total = V * E + gh * (E + H + 2) + gh * (H + H + 2) + O * (H + 1);
        assertThat(layout.size()).isEqualTo(total).isEqualTo(off);
        assertThat(total).isEqualTo(7 * 3 + 20 * 10 + 20 * 12 + 4 * 6);
        assertThat(layout.embeddingOffset()).isZero();
        assertThat(layout.layerOffset(0)).isEqualTo(V * E);
        assertThat(layout.layerOffset(1)).isEqualTo(V * E + gh * (E + H + 2));
        assertThat(layout.headOffset()).isEqualTo(total - O * (H + 1));
        assertThat(layout.tensor("head.bias").offset()).isEqualTo(total - O);
        assertThat(layout.has("weight_ih_l1")).isTrue();
        assertThat(layout.has("weight_ih_l2")).isFalse();
        assertThatThrownBy(() -> layout.tensor("weight_ih_l2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight_ih_l2").hasMessageContaining("head.weight");
    }

    @Test
    void layoutWithoutEmbedding() {
        ModelConfig c = ModelConfig.of(CellType.GRU, 3, 4, 1, 2);
        ParamLayout layout = new ParamLayout(c);
        assertThat(layout.has("embedding.weight")).isFalse();
        assertThat(layout.embeddingOffset()).isEqualTo(-1);
        assertThat(layout.layerOffset(0)).isZero();
        assertThat(layout.size()).isEqualTo(12 * (3 + 4 + 2) + 2 * (4 + 1));
    }
}
