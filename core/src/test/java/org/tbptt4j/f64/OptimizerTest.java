package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tbptt4j.model.OptimizerConfig;

/**
 * The update rules against values worked out by hand from PyTorch's documented formulas
 * ({@code torch.optim}), three steps on two scalars w = (1, -2) with gradients
 * g1 = (0.5, -0.25), g2 = (-0.1, 0.3), g3 = (0.2, 0.2) and lr = 0.1; then clipping and config checks.
 */
class OptimizerTest {

    private static final double LR = 0.1;
    private static final double[][] G = {{0.5, -0.25}, {-0.1, 0.3}, {0.2, 0.2}};
    private static final double TOL = 1e-12;

    /** Runs three steps and checks w after each against want[step]. */
    private static void expectSteps(OptimizerConfig c, double[][] want) {
        Optimizer opt = Optimizer.of(c, 2);
        double[] w = {1.0, -2.0};
        for (int t = 0; t < want.length; t++) {
            double[] g = G[t].clone();
            opt.step(w, g, c.lr());
            assertThat(g).as("g is not modified").containsExactly(G[t]);
            assertThat(w).as("%s after step %d", c.kind(), t + 1).containsExactly(want[t], within(TOL));
        }
    }

    @Test
    void sgdPlain() {
        // w -= lr g
        expectSteps(OptimizerConfig.sgd(LR), new double[][] {
                {1 - 0.05, -2 + 0.025},
                {0.95 + 0.01, -1.975 - 0.03},
                {0.96 - 0.02, -2.005 - 0.02}});
    }

    @Test
    void sgdUsesTheLearningRateGivenToStep() {
        Optimizer opt = Optimizer.of(OptimizerConfig.sgd(LR), 2);
        double[] w = {1.0, -2.0};
        opt.step(w, G[0], 0.5);
        assertThat(w).containsExactly(new double[] {1 - 0.25, -2 + 0.125}, within(TOL));
    }

    @Test
    void sgdMomentum() {
        // buf1 = g1 = (0.5, -0.25); buf2 = 0.9 buf1 + g2 = (0.35, 0.075); buf3 = 0.9 buf2 + g3 = (0.515, 0.2675)
        expectSteps(OptimizerConfig.sgd(LR, 0.9, false), new double[][] {
                {0.95, -1.975},
                {0.95 - 0.035, -1.975 - 0.0075},
                {0.915 - 0.0515, -1.9825 - 0.02675}});
    }

    @Test
    void sgdNesterov() {
        // same buffers as above; d = g + 0.9 buf:
        // d1 = (0.5 + 0.45, -0.25 - 0.225) = (0.95, -0.475)
        // d2 = (-0.1 + 0.315, 0.3 + 0.0675) = (0.215, 0.3675)
        // d3 = (0.2 + 0.4635, 0.2 + 0.24075) = (0.6635, 0.44075)
        expectSteps(OptimizerConfig.sgd(LR, 0.9, true), new double[][] {
                {0.905, -1.9525},
                {0.905 - 0.0215, -1.9525 - 0.03675},
                {0.8835 - 0.06635, -1.98925 - 0.044075}});
    }

    @Test
    void sgdWeightDecay() {
        // d = g + 0.01 w:
        // d1 = (0.5 + 0.01, -0.25 - 0.02) = (0.51, -0.27): w1 = (0.949, -1.973)
        // d2 = (-0.1 + 0.00949, 0.3 - 0.01973) = (-0.09051, 0.28027): w2 = (0.958051, -2.001027)
        // d3 = (0.2 + 0.00958051, 0.2 - 0.02001027): w3 = (0.937092949, -2.019025973)
        expectSteps(OptimizerConfig.sgd(LR).withWeightDecay(0.01), new double[][] {
                {0.949, -1.973},
                {0.958051, -2.001027},
                {0.937092949, -2.019025973}});
    }

    @Test
    void adam() {
        // step 1: m = 0.1 g, v = 0.001 g^2; bias-corrected m^ = g, v^ = g^2:
        //   w -= lr g / (|g| + 1e-8), i.e. lr * sign(g) * (1 - 1e-8 / |g|) to first order
        //   w1 = (1 - 0.1 * 0.5 / 0.50000001, -2 + 0.1 * 0.25 / 0.25000001)
        // step 2: m = (0.9 * 0.05 + 0.1 * -0.1, 0.9 * -0.025 + 0.1 * 0.3) = (0.035, 0.0075)
        //   v = (0.999 * 0.00025 + 0.001 * 0.01, 0.999 * 0.0000625 + 0.001 * 0.09) = (0.00025975, 0.0001524375)
        //   w2 = w1 - lr * (m / 0.19) / (sqrt(v / 0.001999) + 1e-8)
        double w1a = 1 - 0.1 * 0.5 / 0.50000001;
        double w1b = -2 + 0.1 * 0.25 / 0.25000001;
        double bc1 = 1 - 0.9 * 0.9;
        double bc2 = 1 - 0.999 * 0.999;
        double w2a = w1a - 0.1 * (0.035 / bc1) / (Math.sqrt(0.00025975 / bc2) + 1e-8);
        double w2b = w1b - 0.1 * (0.0075 / bc1) / (Math.sqrt(0.0001524375 / bc2) + 1e-8);
        assertThat(w1a).isCloseTo(0.900000002, within(1e-15));
        assertThat(w2a).isCloseTo(0.8488973956993239, within(1e-12));
        assertThat(w2b).isCloseTo(-1.914294476547747, within(1e-12));
        expectSteps(OptimizerConfig.adam(LR), new double[][] {
                {w1a, w1b},
                {w2a, w2b},
                {0.7887814028423108, -1.9532640047944712}});
    }

    @Test
    void adamFirstStepMovesEachWeightByAboutLrTimesSignOfG() {
        Optimizer opt = Optimizer.of(OptimizerConfig.adam(0.01), 3);
        double[] w = {0, 0, 0};
        opt.step(w, new double[] {1e-3, -50, 7}, 0.01);
        assertThat(w).containsExactly(new double[] {-0.01, 0.01, -0.01}, within(1e-7));
    }

    @Test
    void adamWeightDecayIsAnL2Term() {
        // Adam's weight_decay adds 0.01 w to g before the moments: g1' = (0.51, -0.27); the first step
        // is lr * g'/(|g'| + eps) again
        expectSteps(OptimizerConfig.adam(LR).withWeightDecay(0.01), new double[][] {
                {1 - 0.1 * 0.51 / 0.51000001, -2 + 0.1 * 0.27 / 0.27000001},
                {0.8471146658685269, -1.9072580129009722},
                {0.7853265842003461, -1.9392634341444872}});
    }

    @Test
    void adamWDecayIsDecoupled() {
        // w *= 1 - lr * 0.01 first, then the plain Adam step on the unpenalised g:
        // w1 = (0.999 - 0.1 * 0.5 / 0.50000001, -1.998 + 0.1 * 0.25 / 0.25000001)
        double w1a = 0.999 - 0.1 * 0.5 / 0.50000001;
        double w1b = -1.998 + 0.1 * 0.25 / 0.25000001;
        double bc1 = 1 - 0.9 * 0.9;
        double bc2 = 1 - 0.999 * 0.999;
        double w2a = w1a * 0.999 - 0.1 * (0.035 / bc1) / (Math.sqrt(0.00025975 / bc2) + 1e-8);
        double w2b = w1b * 0.999 - 0.1 * (0.0075 / bc1) / (Math.sqrt(0.0001524375 / bc2) + 1e-8);
        expectSteps(OptimizerConfig.adamW(LR, 0.01), new double[][] {
                {w1a, w1b},
                {w2a, w2b},
                {0.7860354044446134, -1.9474556083139274}});
        // AdamW differs from Adam with L2 weight decay
        assertThat(w1a).isNotCloseTo(1 - 0.1 * 0.51 / 0.51000001, within(1e-6));
    }

    @Test
    void rmsprop() {
        // sq = 0.99 sq + 0.01 g^2; w -= lr g / (sqrt(sq) + 1e-8)
        // step 1: sq = (0.0025, 0.000625), sqrt = (0.05, 0.025): w1 = (1 - 0.1 * 0.5 / 0.05000001, -2 + 0.1 * 0.25 / 0.02500001)
        double w1a = 1 - 0.1 * 0.5 / 0.05000001;
        double w1b = -2 + 0.1 * 0.25 / 0.02500001;
        // step 2: sq = (0.99 * 0.0025 + 0.01 * 0.01, 0.99 * 0.000625 + 0.01 * 0.09) = (0.002575, 0.00151875)
        double w2a = w1a + 0.1 * 0.1 / (Math.sqrt(0.002575) + 1e-8);
        double w2b = w1b - 0.1 * 0.3 / (Math.sqrt(0.00151875) + 1e-8);
        assertThat(w1a).isCloseTo(2e-7, within(1e-12));
        expectSteps(OptimizerConfig.rmsprop(LR), new double[][] {
                {w1a, w1b},
                {w2a, w2b},
                {-0.1712105803538049, -2.22820237352366}});
    }

    @Test
    void rmspropWithMomentum() {
        // buf = 0.9 buf + g / (sqrt(sq) + eps); w -= lr buf
        double d1a = 0.5 / 0.05000001;
        double d1b = -0.25 / 0.02500001;
        double d2a = 0.9 * d1a + -0.1 / (Math.sqrt(0.002575) + 1e-8);
        double d2b = 0.9 * d1b + 0.3 / (Math.sqrt(0.00151875) + 1e-8);
        expectSteps(OptimizerConfig.rmsprop(LR).withMomentum(0.9, false), new double[][] {
                {1 - 0.1 * d1a, -2 - 0.1 * d1b},
                {1 - 0.1 * d1a - 0.1 * d2a, -2 - 0.1 * d1b - 0.1 * d2b},
                {-1.7038510032357506, -1.2110232027732057}});
    }

    @Test
    void adagrad() {
        // sum += g^2; w -= lr g / (sqrt(sum) + 1e-10)
        // step 1: sum = (0.25, 0.0625): w1 = (1 - 0.1 * 0.5 / (0.5 + 1e-10), -2 + 0.1 * 0.25 / (0.25 + 1e-10))
        double w1a = 1 - 0.1 * 0.5 / (0.5 + 1e-10);
        double w1b = -2 + 0.1 * 0.25 / (0.25 + 1e-10);
        // step 2: sum = (0.26, 0.1525)
        double w2a = w1a + 0.1 * 0.1 / (Math.sqrt(0.26) + 1e-10);
        double w2b = w1b - 0.1 * 0.3 / (Math.sqrt(0.1525) + 1e-10);
        // step 3: sum = (0.3, 0.1925)
        double w3a = w2a - 0.1 * 0.2 / (Math.sqrt(0.3) + 1e-10);
        double w3b = w2b - 0.1 * 0.2 / (Math.sqrt(0.1925) + 1e-10);
        assertThat(w2a).isCloseTo(0.9196116135299722, within(1e-12));
        expectSteps(OptimizerConfig.adagrad(LR), new double[][] {{w1a, w1b}, {w2a, w2b}, {w3a, w3b}});
    }

    @Test
    void eachOptimizerHasItsOwnState() {
        OptimizerConfig c = OptimizerConfig.adam(LR);
        Optimizer a = Optimizer.of(c, 1);
        Optimizer b = Optimizer.of(c, 1);
        double[] wa = {1};
        double[] wb = {1};
        a.step(wa, new double[] {0.5}, LR);
        a.step(wa, new double[] {-0.1}, LR);
        b.step(wb, new double[] {-0.1}, LR);
        // b's first step is a first step: about lr * sign(g)
        assertThat(wb[0]).isCloseTo(1.1, within(1e-6));
        assertThat(wa[0]).isNotCloseTo(wb[0], within(1e-3));
    }

    @Test
    void clipGlobalNormScalesOnlyWhenAbove() {
        double[] g = {3, 4};
        double n = Clipping.clipGlobalNorm(g, 1.0);
        assertThat(n).as("the norm before clipping").isEqualTo(5.0);
        assertThat(g).containsExactly(new double[] {3 / (5 + 1e-6), 4 / (5 + 1e-6)}, within(1e-15));
        assertThat(Clipping.norm(g)).isCloseTo(1.0, within(1e-6));

        double[] below = {3, 4};
        assertThat(Clipping.clipGlobalNorm(below, 10.0)).isEqualTo(5.0);
        assertThat(below).containsExactly(3, 4);

        // exactly at maxNorm: coefficient 5 / (5 + 1e-6) < 1, as in torch.nn.utils.clip_grad_norm_
        double[] at = {3, 4};
        Clipping.clipGlobalNorm(at, 5.0);
        assertThat(at).containsExactly(new double[] {3 * 5 / (5 + 1e-6), 4 * 5 / (5 + 1e-6)}, within(1e-15));
        assertThat(at[0]).isLessThan(3);

        double[] zero = {0, 0, 0};
        assertThat(Clipping.clipGlobalNorm(zero, 1.0)).isZero();
        assertThat(zero).containsOnly(0.0);
    }

    @Test
    void normIsTheL2Norm() {
        assertThat(Clipping.norm(new double[] {1, -2, 2})).isEqualTo(3.0);
        assertThat(Clipping.norm(new double[0])).isZero();
    }

    @Test
    void clipValueClamps() {
        double[] g = {-3, 0.5, 2, -0.1, 1, -1};
        Clipping.clipValue(g, 1.0);
        assertThat(g).containsExactly(-1, 0.5, 1, -0.1, 1, -1);
    }

    @Test
    void configRejectsBadValues() {
        assertThatThrownBy(() -> OptimizerConfig.sgd(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> OptimizerConfig.sgd(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerConfig.adam(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerConfig.adam(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerConfig.sgd(0.1, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> OptimizerConfig.sgd(0.1, 1.0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum");
        assertThatThrownBy(() -> OptimizerConfig.sgd(0.1, -0.5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerConfig.sgd(0.1).withWeightDecay(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.1, 0, false, 1.0, 0.999, 1e-8, 0, 0.99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("betas");
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.1, 0, false, 0.9, 0.999, 0, 0, 0.99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eps");
        assertThatThrownBy(() -> new OptimizerConfig(null, 0.1, 0, false, 0.9, 0.999, 1e-8, 0, 0.99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerConfig.Kind.parse("lbfgs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lbfgs");
    }

    @Test
    void pytorchDefaults() {
        assertThat(OptimizerConfig.adam(1e-3)).satisfies(c -> {
            assertThat(c.beta1()).isEqualTo(0.9);
            assertThat(c.beta2()).isEqualTo(0.999);
            assertThat(c.eps()).isEqualTo(1e-8);
            assertThat(c.weightDecay()).isZero();
        });
        assertThat(OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, 1e-3).weightDecay()).isEqualTo(0.01);
        assertThat(OptimizerConfig.rmsprop(1e-3).alpha()).isEqualTo(0.99);
        assertThat(OptimizerConfig.rmsprop(1e-3).eps()).isEqualTo(1e-8);
        assertThat(OptimizerConfig.adagrad(1e-3).eps()).isEqualTo(1e-10);
        assertThat(OptimizerConfig.sgd(1e-3).momentum()).isZero();
    }
}
