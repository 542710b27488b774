package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.ModelConfig;

/**
 * With its weights packed, a step's input part for one input feature takes one pass (bias + x W_ih^T,
 * {@link RecurrentCell}'s oneInputPart), which must give the bits of the two it replaces (the bias, then the
 * product with k = 1). The vector kernels behind another MatMul instance take the two passes, so two networks
 * with the same weights, one on each, must agree bit for bit.
 */
class OneInputPartTest {

    /** The vector kernels, as a MatMul that is not {@link Kernels#FAST}. */
    private static final MatMul TWO_PASSES = new MatMul() {
        private final MatMul k = MatMul.fast();

        @Override
        public void mulAddNT(int m, int n, int kk, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
            k.mulAddNT(m, n, kk, a, aOff, b, bOff, c, cOff);
        }

        @Override
        public void mulAddTN(int m, int n, int kk, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
            k.mulAddTN(m, n, kk, a, aOff, lda, b, bOff, c, cOff);
        }

        @Override
        public void mulAddNN(int m, int n, int kk, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
            k.mulAddNN(m, n, kk, a, aOff, b, bOff, c, cOff);
        }

        @Override
        public boolean ntSumsAsNN(int m, int n, int kk) {
            return k.ntSumsAsNN(m, n, kk);
        }

        @Override
        public void packNN(int kk, int n, double[] b, int bOff, double[] into) {
            k.packNN(kk, n, b, bOff, into);
        }

        @Override
        public void packNT(int n, int kk, double[] b, int bOff, double[] into) {
            k.packNT(n, kk, b, bOff, into);
        }

        @Override
        public void mulAddPacked(int m, int n, int kk, double[] a, int aOff, double[] packed, double[] c, int cOff) {
            k.mulAddPacked(m, n, kk, a, aOff, packed, c, cOff);
        }
    };

    @ParameterizedTest
    @CsvSource({"LSTM, 32, 32, 1", "LSTM, 33, 32, 2", "LSTM, 128, 7, 1", "GRU, 32, 32, 1", "GRU, 33, 5, 2", "RNN, 40, 32, 1",
        "RNN, 7, 3, 1"})
    void theOnePassGivesTheTwoPassesBits(CellType cell, int hidden, int batch, int layers) {
        ModelConfig c = ModelConfig.of(cell, 1, hidden, layers, 1);
        Network onePass = TestStreams.network(c, 7);
        Network twoPasses = new Network(c, TWO_PASSES);
        twoPasses.setParameters(onePass.parametersAsDouble());
        StreamBatch s = TestStreams.random(batch, 12, 1, 1, 8, true);
        List<double[]> one = run(onePass, s);
        List<double[]> two = run(twoPasses, s);
        for (int i = 0; i < one.size(); i++) {
            assertThat(one.get(i)).as("record %d", i).isEqualTo(two.get(i));
        }
    }

    /** With the weights packed: every layer's h and c after the steps, then the weight gradients of backpropagating the last. */
    private static List<double[]> run(Network net, StreamBatch s) {
        net.packWeights();
        Network.State state = net.newState(s.batch);
        Network.Step step = net.newStep(s.batch);
        double[] scratch = new double[net.scratchSize(s.batch)];
        for (int t = 0; t < s.steps; t++) {
            net.forwardStep(s.x, t * s.batch, s.reset, t * s.batch, state, step, null, scratch);
        }
        net.zeroGrads();
        Network.Backward back = net.newBackward(s.batch);
        double[] dTop = new double[s.batch * net.config.hidden()];
        java.util.Arrays.fill(dTop, 0.25);
        net.backwardStep(step, dTop, s.x, (s.steps - 1) * s.batch, back, scratch);
        net.dropPackedWeights();
        List<double[]> out = new java.util.ArrayList<>();
        for (int l = 0; l < net.config.layers(); l++) {
            out.add(state.h[l].clone());
            out.add(state.c[l].clone());
        }
        out.add(net.grads.clone());
        return out;
    }
}
