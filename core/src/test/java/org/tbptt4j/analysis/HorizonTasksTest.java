package org.tbptt4j.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.MemoryTasks;
import org.tbptt4j.f32.LagGradients;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;

/**
 * The horizon of briefly trained LSTMs on series whose memory is known: Pitis' series (target from
 * lags 3 and 8) reaches past lag 8, white noise has no long memory. Small networks and streams so
 * that each trains in about a second; bench/horizon.sh runs the full-size checks (and the copy task).
 */
class HorizonTasksTest {

    private static Network trained(ModelConfig model, LossType loss, Layout train, int epochs) {
        Network net = new Network(model);
        net.setParameters(Initializer.pytorchDefault().initialise(model, 7));
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(10, 19).withClipNorm(1),
                OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 0.01), loss, epochs);
        TrainingHistory h = Training.fit(net, cfg, List.of(StreamBatch.fromLayout(train)), List.of(), null);
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.COMPLETED);
        return net;
    }

    private static Horizon.Analysis horizon(Network net, LossType loss, Layout data) {
        return LagGradients.horizon(net, Loss.of(loss), List.of(StreamBatch.fromLayout(data)), 30, 32, 0.1);
    }

    @Test
    void pitisSeriesReachesPastLagEight() {
        ModelConfig model = ModelConfig.of(CellType.LSTM, 1, 16, 1, 2);
        Network net = trained(model, LossType.CROSS_ENTROPY, MemoryTasks.pitis(16, 1000, 1), 4);
        Horizon.Analysis a = horizon(net, LossType.CROSS_ENTROPY, MemoryTasks.pitis(4, 600, 2));
        assertThat(a.suggestion(0.1).k2()).as("%s", a.warnings()).isGreaterThanOrEqualTo(9);
        assertThat(a.noLongMemory()).isFalse();
    }

    @Test
    void whiteNoiseHasNoLongMemory() {
        ModelConfig model = ModelConfig.of(CellType.LSTM, 1, 16, 1, 1);
        Network net = trained(model, LossType.MSE, MemoryTasks.whiteNoise(16, 1000, 1), 2);
        Horizon.Analysis a = horizon(net, LossType.MSE, MemoryTasks.whiteNoise(4, 600, 2));
        assertThat(a.suggestion(0.1).k2()).as("%s", a.warnings()).isLessThan(5).isPositive();
        assertThat(a.noLongMemory()).isTrue();
    }
}
