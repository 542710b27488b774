package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;

/** A network is ready to train as built, and data of the wrong width is refused with both widths named. */
class NetworkConstructionTest {

    private static final ModelConfig SHAPE = ModelConfig.of(CellType.LSTM, 2, 3, 1, 1);

    @Test
    void aNewNetworkHoldsPyTorchsInitialisationFromSeedZero() {
        Network net = new Network(SHAPE);
        assertThat(net.params).isEqualTo(Initializer.pytorchDefault().initialise(SHAPE, 0));
        assertThat(Arrays.stream(net.params).anyMatch(v -> v != 0)).as("not all zero").isTrue();
        net.setParameters(Initializer.kerasStyle().initialise(SHAPE, 5));   // an explicit initialiser still replaces it
        assertThat(net.params).isEqualTo(Initializer.kerasStyle().initialise(SHAPE, 5));
    }

    @Test
    void trainingOnDataOfAnotherWidthNamesBothWidths() {
        Network net = new Network(SHAPE);
        StreamBatch three = new StreamBatch(1, 4, 3, 1);   // 3 inputs per step; the network reads 2
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(2, 2), OptimizerConfig.adam(0.01), LossType.MSE, 1);
        assertThatThrownBy(() -> Training.fit(net, cfg, List.of(three), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the training data has 3 input value(s) per step, but the network reads 2");
        assertThatThrownBy(() -> new Predictor(net, 1).predict(three))
                .hasMessageContaining("the stream has 3 input value(s) per step, but the network reads 2");
    }
}
