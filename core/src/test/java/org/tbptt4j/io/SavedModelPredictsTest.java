package org.tbptt4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.Precision;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;

/** A trained float32 model, saved and loaded, predicts bit for bit what it predicted before. */
class SavedModelPredictsTest {

    @Test
    void aSavedAndLoadedModelPredictsBitIdentically(@TempDir Path dir) throws Exception {
        ModelConfig c = ModelConfig.of(CellType.GRU, 2, 7, 2, 2);
        Network net = new Network(c);
        net.setParameters(Initializer.pytorchDefault().initialise(c, 3));
        StreamBatch s = new StreamBatch(3, 40, 2, 2);
        for (int i = 0; i < s.x.length; i++) {
            s.x[i] = (float) Math.sin(0.1 * i);
            s.y[i] = (float) Math.cos(0.13 * i);
        }
        java.util.Arrays.fill(s.mask, true);
        Training.fit(net, TrainingConfig.of(TbpttConfig.of(8, 12), OptimizerConfig.adam(0.01), LossType.MSE, 2),
                List.of(s), List.of(), null);
        float[] before = new Predictor(net, 3).predict(s);

        ModelStore.save(dir.resolve("model"), new SavedModel(c, LossType.MSE, Precision.F32, net.parametersAsDouble()));
        SavedModel loaded = ModelStore.load(dir.resolve("model"));
        Network again = new Network(loaded.model());
        again.setParameters(loaded.params());
        float[] after = new Predictor(again, 3).predict(s);

        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.length; i++) {
            assertThat(Float.floatToIntBits(after[i])).as("output %d", i).isEqualTo(Float.floatToIntBits(before[i]));
        }
    }
}
