package org.tbptt4j.examples;

import java.nio.file.Path;
import org.tbptt4j.Dataset;
import org.tbptt4j.Model;
import org.tbptt4j.Trainer;
import org.tbptt4j.experiment.StrategySpec;

/**
 * The README's first example: next-step forecasting of the bundled Mackey-Glass series with
 * TBPTT(50, 50), saved, loaded, evaluated and asked for predictions in the series' own units.
 * Usage: {@code QuickStart [epochs [model-dir]]}.
 */
public final class QuickStart {
    public static void main(String[] args) throws Exception {
        Path file = Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt");
        Dataset data = Dataset.read(file);                      // next-step forecasting; 70/15/15 in time; scaled on the training part
        Model model = Trainer.lstm(32).strategy(StrategySpec.naive(50)).batch(16).seed(42)
                .epochs(args.length > 0 ? Integer.parseInt(args[0]) : 10)
                .onEpoch(e -> System.out.printf("epoch %2d  train %.5f  validation %.5f%n", e.epoch(), e.trainLoss(), e.validationLoss()))
                .fit(data);
        Path dir = Path.of(args.length > 1 ? args[1] : "mg-model");
        model.save(dir);                                        // the scaler goes with it; tbptt4j evaluate --model reads it too
        Model loaded = Model.load(dir);
        System.out.printf("RMSE %.5f (in the series' units)%n", loaded.evaluate(file).rmse());
        double[][] next = loaded.predict(new double[][] {{-0.2}, {0.0}, {0.2}});   // the value after each step, in the series' units
        System.out.printf("next %.4f %.4f %.4f%n", next[0][0], next[1][0], next[2][0]);
    }
}
