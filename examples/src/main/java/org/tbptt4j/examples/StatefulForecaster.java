package org.tbptt4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.TrainingConfig;

/**
 * Next-step forecasting of the bundled Mackey-Glass series in stateful streams, cut at the length the
 * autocorrelation analysis finds (one period), then streaming prediction over the validation part
 * with a {@link Predictor} whose state was warmed up on the end of the training series.
 * Usage: {@code StatefulForecaster [epochs]}.
 */
public final class StatefulForecaster {

    /** Steps of the training series run through the predictor before the validation part. */
    static final int WARM_UP = 500;

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Preparation data = Preparation.prepare(DataSpec.of(Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt")));
        Strategy.Domain domain = DomainSplit.strategy(data.train(), 8);     // length from the ACF/PACF analysis
        Layout train = domain.layout(data.train(), 8);                     // 8 contiguous streams, state carried
        System.out.println(train.strategy() + ": " + train.notes().get(0));
        Network net = new Network(ModelConfig.of(CellType.LSTM, 1, 32, 1, 1));
        net.setParameters(Initializer.pytorchDefault().initialise(net.config, 42));
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(train.k1(), train.k2()), OptimizerConfig.adam(0.01),
                LossType.MSE, epochs);
        Training.fit(net, cfg, List.of(StreamBatch.fromLayout(train)), List.of(), null)
                .epochs().forEach(e -> System.out.printf("epoch %2d  train MSE %.5f%n", e.epoch(), e.trainLoss()));

        // The validation part continues the training series in time. A predictor owns its state and
        // carries it from one step() to the next: warm it up on the last steps of the training series
        // and it enters the validation part in the state the series had reached there.
        double[] past = data.parts().get(0).series().get(0).values();     // scaled training series (T x 1)
        double[] future = data.parts().get(1).series().get(0).values();   // scaled validation series (V x 1)
        Predictor warm = new Predictor(net, 1);
        forecast(warm, past, past.length - WARM_UP, data.scaler());       // the warm-up's forecasts are not scored
        double[] warmErr = forecast(warm, future, 0, data.scaler());
        double[] coldErr = forecast(new Predictor(net, 1), future, 0, data.scaler());   // from zero state
        System.out.printf("first %d validation steps: RMSE %.5f from the warmed-up state, %.5f from zero state%n",
                domain.length(), rmse(warmErr, domain.length()), rmse(coldErr, domain.length()));
        System.out.printf("validation RMSE %.5f%n", rmse(warmErr, warmErr.length));
    }

    /**
     * Feeds series[from..] through p one step at a time (its state carries on, also after the call)
     * and returns the errors of its next-step forecasts, in the data's own units.
     */
    static double[] forecast(Predictor p, double[] series, int from, Scaler scaler) {
        float[] x = new float[1];      // (B=1 x 1)
        float[] pred = new float[1];   // (B=1 x O=1)
        double[] err = new double[series.length - from - 1];
        for (int t = from; t < series.length; t++) {
            x[0] = (float) series[t];
            p.step(x, 0, null, 0, pred, 0);
            if (t + 1 < series.length) {
                err[t - from] = scaler.inverse(pred[0], 0) - scaler.inverse(series[t + 1], 0);   // forecast - truth
            }
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
