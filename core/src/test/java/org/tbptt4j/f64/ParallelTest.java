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
        // H = 64, B = 32: the products (32 x 256 x 64 and up) are split, and the optimizer's 51k parameters
        assertThat((long) 32 * 256 * 64).isGreaterThanOrEqualTo(Parallel.MIN_WORK);
        TbpttConfig tbptt = TbpttConfig.of(10, 20);
        assertThat(java.util.Arrays.equals(train(2, 64, tbptt), train(1, 64, tbptt))).as("bit-identical weights").isTrue();
    }

    @Test
    void oneOrTwoThreadsGiveIdenticalWeightsWithSplitGatesAndClipping() {
        // H = 128, B = 32: the gates (32 x 512) are split by rows too; the clipping norm sums two halves
        assertThat(32 * 4 * 128).isGreaterThanOrEqualTo(Parallel.MIN_ELEMENTS);
        TbpttConfig tbptt = new TbpttConfig(5, 15, false, 0.05, 0);
        assertThat(java.util.Arrays.equals(train(2, 128, tbptt), train(1, 128, tbptt))).as("bit-identical weights").isTrue();
    }

    /** Over 10 s on two busy cores: {@code mvn verify -Pfull}, which CI runs. */
    @Test
    @Tag("long")
    void oneOrTwoThreadsGiveIdenticalWeightsForGruAndRnn() {
        // B = 32: GRU gates (32 x 3 x 192) and RNN states (32 x 512) are split too
        assertThat(32 * 3 * 192).isGreaterThanOrEqualTo(Parallel.MIN_ELEMENTS);
        assertThat(32 * 512).isGreaterThanOrEqualTo(Parallel.MIN_ELEMENTS);
        TbpttConfig tbptt = TbpttConfig.of(10, 20);
        assertThat(java.util.Arrays.equals(train(2, CellType.GRU, 192, tbptt), train(1, CellType.GRU, 192, tbptt))).as("GRU")
                .isTrue();
        assertThat(java.util.Arrays.equals(train(2, CellType.RNN, 512, tbptt), train(1, CellType.RNN, 512, tbptt))).as("RNN")
                .isTrue();
    }
}
