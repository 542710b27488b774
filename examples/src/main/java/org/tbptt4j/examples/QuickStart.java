package org.tbptt4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Strategy;
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

/** The README's first example: next-step forecasting of the bundled Mackey-Glass series with TBPTT(50, 50). */
public final class QuickStart {
    public static void main(String[] args) throws Exception {
        Preparation data = Preparation.prepare(DataSpec.of(Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt")));
        Layout train = new Strategy.Naive(50).layout(data.train(), 16);      // 16 stateful streams, pieces of 50 steps
        Layout valid = new Strategy.Naive(50).layout(data.validation(), 1);
        Network net = new Network(ModelConfig.of(CellType.LSTM, 1, 32, 1, 1));
        net.setParameters(Initializer.pytorchDefault().initialise(net.config, 42));
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(50, 50), OptimizerConfig.adam(0.01), LossType.MSE,
                args.length > 0 ? Integer.parseInt(args[0]) : 10);
        Training.fit(net, cfg, List.of(StreamBatch.fromLayout(train)), List.of(StreamBatch.fromLayout(valid)), null)
                .epochs().forEach(e -> System.out.printf("epoch %2d  train %.5f  validation %.5f%n",
                        e.epoch(), e.trainLoss(), e.validationLoss()));
    }
}
