package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;

/** The same seed gives the same weights whatever the number of kernel threads. */
class ParallelTest {

    private static double[] train(int threads) {
        Parallel.setThreads(threads);
        try {
            // H = 64, B = 32: the products (32 x 256 x 64 and up) are large enough to be split
            ModelConfig c = ModelConfig.of(CellType.LSTM, 3, 64, 2, 2);
            Network net = TestStreams.network(c, 9);
            StreamBatch s = TestStreams.random(32, 40, 3, 2, 4, true);
            Training.fit(net, TrainingConfig.of(TbpttConfig.of(10, 20), OptimizerConfig.adam(0.01), LossType.MSE, 2),
                    List.of(s), List.of(), null);
            return net.params.clone();
        } finally {
            Parallel.setThreads(2);
        }
    }

    @Test
    void oneOrTwoThreadsGiveIdenticalWeights() {
        assertThat((long) 32 * 256 * 64).isGreaterThanOrEqualTo(Parallel.MIN_WORK);
        assertThat(java.util.Arrays.equals(train(2), train(1))).as("bit-identical weights").isTrue();
    }
}
