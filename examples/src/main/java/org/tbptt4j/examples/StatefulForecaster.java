package org.tbptt4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tbptt4j.Dataset;
import org.tbptt4j.Model;
import org.tbptt4j.Trainer;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.experiment.StrategySpec;

/**
 * Next-step forecasting of the bundled Mackey-Glass series in stateful streams, cut at the length the
 * autocorrelation analysis finds (one period), then streaming prediction over the validation part
 * from a state warmed up on the end of the training series, against prediction from zero state.
 * Usage: {@code StatefulForecaster [epochs]}.
 */
public final class StatefulForecaster {

    static final Path SERIES = Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt");

    /** Steps of the training series run through the model before the validation part. */
    static final int WARM_UP = 500;

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Dataset data = Dataset.read(SERIES);                                  // 70/15/15 in time
        Strategy.Domain domain = DomainSplit.strategy(data.preparation().train(), 8);   // what StrategySpec.domain() will cut
        System.out.println("domain --length " + domain.length() + ": length " + domain.length() + " from " + domain.rule());
        Model model = Trainer.lstm(32).strategy(StrategySpec.domain()).batch(8).epochs(epochs).seed(42)   // 8 contiguous streams
                .onEpoch(e -> System.out.printf("epoch %2d  train MSE %.5f  validation MSE %.5f%n", e.epoch(), e.trainLoss(),
                        e.validationLoss()))
                .fit(data);

        // The validation part continues the training series in time. predict() runs one sequence from a
        // fresh state and carries the state from step to step: give it the last steps of the training
        // series first and it enters the validation part in the state the series had reached there.
        double[] series = Files.readAllLines(SERIES).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
        int from = (int) data.preparation().parts().get(0).totalSteps();      // the validation part: series[from, to)
        int to = from + (int) data.preparation().parts().get(1).totalSteps();
        double[] warmErr = errors(model.predict(steps(series, from - WARM_UP, to)), series, from - WARM_UP, from, to);
        double[] coldErr = errors(model.predict(steps(series, from, to)), series, from, from, to);   // from zero state
        System.out.printf("first %d validation steps: RMSE %.5f from the warmed-up state, %.5f from zero state%n",
                domain.length(), rmse(warmErr, domain.length()), rmse(coldErr, domain.length()));
        System.out.printf("validation RMSE %.5f%n", rmse(warmErr, warmErr.length));
    }

    /** series[from, to) as steps of one value, in the data's units. */
    static double[][] steps(double[] series, int from, int to) {
        return Arrays.stream(series, from, to).mapToObj(v -> new double[] {v}).toArray(double[][]::new);
    }

    /**
     * The errors of the next-step forecasts {@code pred} (pred[i] made after step {@code start + i})
     * for the steps t in [scoredFrom, to - 1): forecast - truth, in the data's units.
     */
    static double[] errors(double[][] pred, double[] series, int start, int scoredFrom, int to) {
        double[] err = new double[to - 1 - scoredFrom];
        for (int t = scoredFrom; t < to - 1; t++) {
            err[t - scoredFrom] = pred[t - start][0] - series[t + 1];
        }
        return err;
    }

    /** sqrt(mean(err[0..n)^2)). */
    static double rmse(double[] err, int n) {
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += err[t] * err[t];
        }
        return Math.sqrt(sum / n);
    }
}
