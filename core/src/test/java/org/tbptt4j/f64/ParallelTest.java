package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;

/** The same seed gives the same weights whatever the number of kernel threads. */
class ParallelTest {

    private static double[] train(int threads, int hidden, TbpttConfig tbptt) {
        return train(threads, CellType.LSTM, hidden, tbptt);
    }

    private static double[] train(int threads, CellType cell, int hidden, TbpttConfig tbptt) {
        Parallel.setThreads(threads);
        try {
            ModelConfig c = ModelConfig.of(cell, 3, hidden, 2, 2);
            Network net = TestStreams.network(c, 9);
            StreamBatch s = TestStreams.random(32, 40, 3, 2, 4, true);
            Training.fit(net, TrainingConfig.of(tbptt, OptimizerConfig.adam(0.01), LossType.MSE, 2), List.of(s), List.of(), null);
            return net.params.clone();
        } finally {
            Parallel.setThreads(2);
        }
    }

    @Test
    void oneOrTwoThreadsGiveIdenticalWeights() {
        // H = 192, B = 32: each step's products (32 x 768 x 192 multiply-adds) are split by columns
        assertThat(Parallel.split(4 * 192, 32, 192, 16)).isPositive();
        TbpttConfig tbptt = TbpttConfig.of(10, 20);
        assertThat(java.util.Arrays.equals(train(2, 192, tbptt), train(1, 192, tbptt))).as("bit-identical weights").isTrue();
    }

    @Test
    void oneOrTwoThreadsGiveIdenticalWeightsWithSplitClipping() {
        // H = 192, B = 32: the clipping norm and the optimizer (2 layers, 448k parameters) run in two halves
        assertThat(4 * 192 * (3 + 192 + 2) + 4 * 192 * (192 + 192 + 2)).isGreaterThanOrEqualTo(Parallel.MIN_PASS_ELEMENTS);
        TbpttConfig tbptt = new TbpttConfig(5, 15, false, 0.05, 0);
        assertThat(java.util.Arrays.equals(train(2, 192, tbptt), train(1, 192, tbptt))).as("bit-identical weights").isTrue();
    }

    /** Over 10 s on two busy cores: {@code mvn verify -Pfull}, which CI runs. */
    @Test
    @Tag("long")
    void oneOrTwoThreadsGiveIdenticalWeightsForGruAndRnn() {
        // B = 32: the steps' products of GRU (32 x 768 x 256) and RNN (32 x 512 x 512) are split too
        assertThat(Parallel.split(3 * 256, 32, 256, 16)).isPositive();
        assertThat(Parallel.split(512, 32, 512, 16)).isPositive();
        TbpttConfig tbptt = TbpttConfig.of(10, 20);
        assertThat(java.util.Arrays.equals(train(2, CellType.GRU, 256, tbptt), train(1, CellType.GRU, 256, tbptt))).as("GRU")
                .isTrue();
        assertThat(java.util.Arrays.equals(train(2, CellType.RNN, 512, tbptt), train(1, CellType.RNN, 512, tbptt))).as("RNN")
                .isTrue();
    }

    @Test
    void batchOneStepsAndSmallProductsRunOnOneThread() {
        // H = 512: a batch-1 step's products (1 x 2048 x 512) stay whole, the same product for 32 rows splits
        assertThat(Parallel.split(2048, 1, 512, 4)).isZero();
        assertThat(Parallel.split(2048, 32, 512, 4)).isEqualTo(1024);
        // H = 32, B = 32: 32 x 128 x 32 multiply-adds are below what a handoff repays; so is H = 128's step (32 x 512 x 128)
        assertThat(Parallel.split(128, 32, 32, 4)).isZero();
        assertThat(Parallel.split(512, 32, 128, 32)).isZero();
    }

    @Test
    void bothHalvesRunAndAHelperFailureReachesTheCaller() {
        for (int i = 0; i < 1000; i++) { // often enough that both the helper and the caller run the second half
            int[] ran = new int[2];
            Parallel.run(() -> ran[0]++, () -> ran[1]++);
            assertThat(ran).containsExactly(1, 1);
        }
        // thrown where it ran: on the caller as it is, on the helper wrapped
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Parallel.run(() -> { }, () -> {
            throw new ArithmeticException("boom");
        }));
        assertThat(thrown.getCause() == null ? thrown : thrown.getCause()).isInstanceOf(ArithmeticException.class);
    }
}
