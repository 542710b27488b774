package org.tbptt4j.examples;

import java.util.List;
import java.util.Locale;
import org.tbptt4j.analysis.Horizon;
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
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;

/**
 * How far back the loss reaches, measured from the gradients: trains an LSTM on a task whose memory
 * is known (the copy task with lag 10, Pitis' lags 3 and 8, or white noise), runs the horizon
 * analysis on its validation stream and prints the suggested k2; for the copy task, also trains with
 * adaptive k2 and compares its validation perplexity with a fixed TBPTT(10, 19).
 * Usage: {@code MemoryHorizon [copy|pitis|noise] [epochs] [steps per row]}.
 */
public final class MemoryHorizon {

    public static void main(String[] args) {
        String task = args.length > 0 ? args[0] : "copy";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rows = 16;
        Layout train;
        Layout validation;
        LossType loss;
        ModelConfig model;
        switch (task) {
            case "copy" -> {
                train = MemoryTasks.copy(10, rows, steps, 1);
                validation = MemoryTasks.copy(10, 4, 2000, 2);
                loss = LossType.CROSS_ENTROPY;
                model = ModelConfig.of(CellType.LSTM, MemoryTasks.COPY_ALPHABET, 50, 1, MemoryTasks.COPY_ALPHABET);
            }
            case "pitis" -> {
                train = MemoryTasks.pitis(rows, steps, 1);
                validation = MemoryTasks.pitis(4, 2000, 2);
                loss = LossType.CROSS_ENTROPY;
                model = ModelConfig.of(CellType.LSTM, 1, 50, 1, 2);
            }
            case "noise" -> {
                train = MemoryTasks.whiteNoise(rows, steps, 1);
                validation = MemoryTasks.whiteNoise(4, 2000, 2);
                loss = LossType.MSE;
                model = ModelConfig.of(CellType.LSTM, 1, 50, 1, 1);
            }
            default -> throw new IllegalArgumentException("task: copy, pitis or noise, got " + task);
        }
        List<StreamBatch> trainStream = List.of(StreamBatch.fromLayout(train));
        List<StreamBatch> valStream = List.of(StreamBatch.fromLayout(validation));
        TrainingConfig fixed = TrainingConfig.of(TbpttConfig.of(10, 19).withClipNorm(1), OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 0.01),
                loss, epochs).withCarryStateToValidation(false);
        Network net = fresh(model);
        long start = System.nanoTime();
        TrainingHistory h = Training.fit(net, fixed, trainStream, valStream, null);
        System.out.printf(Locale.ROOT, "%s, TBPTT(10, 19), %d epochs: validation loss %.4f (perplexity %.4f), %.1f s%n", task,
                epochs, h.last().validationLoss(), Math.exp(h.last().validationLoss()), (System.nanoTime() - start) / 1e9);
        Horizon.Analysis a = LagGradients.horizon(net, Loss.of(loss), valStream, 40, 64, 0.1, 0.01);
        System.out.println(describe(a));
        if (task.equals("copy")) {
            Network adaptive = fresh(model);
            start = System.nanoTime();
            TrainingHistory ha = Training.fit(adaptive, fixed, trainStream, valStream, null, new AdaptiveK2(0.1, 2, 60, 32));
            StringBuilder k2s = new StringBuilder();
            for (EpochRecord e : ha.epochs()) {
                k2s.append(k2s.length() == 0 ? "" : ",").append(e.k2());
            }
            System.out.printf(Locale.ROOT, "%s, adaptive k2 (tolerance 0.1, from 19): validation perplexity %.4f "
                    + "(fixed %.4f, ratio %.4f), k2 per epoch %s, %.1f s%n", task, Math.exp(ha.last().validationLoss()),
                    Math.exp(h.last().validationLoss()), Math.exp(ha.last().validationLoss() - h.last().validationLoss()), k2s,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static Network fresh(ModelConfig model) {
        Network net = new Network(model);
        net.setParameters(Initializer.pytorchDefault().initialise(model, 7));
        return net;
    }

    /** The per-lag means at a few lags, the fit and the suggestions, on a few lines. */
    static String describe(Horizon.Analysis a) {
        StringBuilder s = new StringBuilder();
        s.append("phi_k:");
        for (int k = 0; k <= a.maxLag(); k += k < 12 ? 1 : 4) {
            s.append(String.format(Locale.ROOT, " %d:%.3g", k, a.phi()[k]));
        }
        if (a.fit() != null) {
            s.append(String.format(Locale.ROOT, "%nfit from lag %d: beta %.3f [%.3f, %.3f], R^2 %.2f", a.fit().from(), a.fit().beta(),
                    a.fit().betaLow(), a.fit().betaHigh(), a.fit().r2()));
        }
        for (Horizon.Choice c : a.suggestions()) {
            s.append(String.format(Locale.ROOT, "%nsuggested k2 at tolerance %s: %d (bias %.3g)", c.tolerance(), c.k2(), c.bias()));
        }
        if (a.noLongMemory()) {
            s.append("\nno long memory");
        }
        for (String w : a.warnings()) {
            s.append("\nwarning: ").append(w);
        }
        return s.toString();
    }
}
