package org.tbptt4j.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.baseline.Baseline;
import org.tbptt4j.baseline.ClassificationBaselines;
import org.tbptt4j.baseline.ForecastBaselines;
import org.tbptt4j.baseline.ForecastScore;
import org.tbptt4j.baseline.PerStepBaselines;
import org.tbptt4j.baseline.TokenBaselines;
import org.tbptt4j.baseline.TokenScore;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.metrics.ClassificationMetrics;
import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.LossType;

/**
 * The answers beside a grid's ranking: the deterministic baselines on the grid's own metric
 * ({@link #baselines}), and the one scored test part ({@link #test}), where the recommended
 * configuration and the baselines are measured once, after the search, in the data's units.
 *
 * <p>The grid's metric is the validation loss: for forecasting the MSE on the targets as the model
 * sees them (scaled when the data is), which is {@link ForecastScore#mse}; for classes (of
 * sequences or of steps) the cross-entropy, which is {@link ClassificationMetrics#logLoss}; for text
 * the cross-entropy per token, which is {@link TokenScore#nats}; for numeric per-step targets the
 * MSE as for forecasting ({@link PerStepBaselines}). Baselines are scored on these metrics only: a
 * grid that trains numeric targets with another loss (MAE, BCE) ranks its configurations on that
 * loss, which the baselines do not compute, so it gets none rather than figures on another scale.
 */
public final class Scoring {

    /** Test targets kept for the prediction-versus-actual chart. */
    public static final int CHART_STEPS = 500;

    private Scoring() {
    }

    /**
     * The baselines of the grid's data on its metric; empty for tasks without baselines, for numeric
     * targets trained with a loss other than the MSE, or when they cannot be fitted.
     *
     * @param loss the grid's loss; null = the task's own
     */
    public static List<GridSummary.BaselineResult> baselines(Preparation prep, LossType loss) {
        List<GridSummary.BaselineResult> out = new ArrayList<>();
        boolean numeric = prep.task() instanceof Task.Forecast || prep.task() instanceof Task.PerStep;
        if (numeric && loss != null && loss != LossType.MSE) {
            return out;
        }
        try {
            if (numeric) {
                for (Baseline<ForecastScore> b : numericBaselines(prep)) {
                    out.add(new GridSummary.BaselineResult(b.name(), b.rule(), b.validation() == null ? null : b.validation().mse(), 0));
                }
            } else if (classes(prep.task())) {
                for (Baseline<ClassificationMetrics> b : ClassificationBaselines.evaluate(prep)) {
                    out.add(new GridSummary.BaselineResult(b.name(), b.rule(), b.validation() == null ? null
                            : b.validation().logLoss(), 0));
                }
            } else if (prep.task() instanceof Task.LanguageModel) {
                for (Baseline<TokenScore> b : TokenBaselines.evaluate(prep)) {
                    out.add(new GridSummary.BaselineResult(b.name(), b.rule(), b.validation() == null ? null
                            : b.validation().nats(), 0));
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of();   // too little training data for a baseline: the grid still ranks its configurations
        }
        return out;
    }

    /** The baselines of numeric targets: forecasting's (persistence, seasonal naive, AR) or per-step targets' (mean, lagged regression). */
    private static List<Baseline<ForecastScore>> numericBaselines(Preparation prep) {
        return prep.task() instanceof Task.PerStep ? PerStepBaselines.evaluate(prep) : ForecastBaselines.evaluate(prep);
    }

    /** Whether the task's targets are classes with their own baselines: sequence labels or per-step classes. */
    private static boolean classes(Task task) {
        return task instanceof Task.Classify || task instanceof Task.PerStepClasses;
    }

    /** The name of the first column a model predicts (the class label's for classification), for axis titles. */
    public static String targetName(Preparation prep) {
        int[] targets = Experiment.targetColumns(prep.task());
        if (targets.length > 0) {
            return prep.parts().get(0).columns().get(targets[0]);
        }
        if (prep.task() instanceof Task.PerStepClasses k) {
            return prep.parts().get(0).columns().get(k.target());
        }
        if (prep.task() instanceof Task.Classify) {
            return prep.spec().targets().isEmpty() ? "class" : prep.spec().targets().get(0);
        }
        return prep.task() instanceof Task.LanguageModel ? "token" : "target";
    }

    /**
     * Scores the test part once: the trained recommended configuration, then every baseline.
     *
     * @param config      the recommended configuration with the seed it was trained with (the grid's repeat-0 seed)
     * @param trained     what training it gave
     * @param configIndex its index in the grid
     * @return the scores; null when the data has no test part, or the task has no test scores here
     */
    public static GridSummary.Test test(Preparation prep, RunConfig config, Experiment.Outcome trained, int configIndex) {
        return test(prep, config, trained, configIndex, true);
    }

    /**
     * The test-part row of a trained configuration alone, as {@link #test} scores it, without fitting
     * the baselines again (a grid scores them once, with the recommended configuration).
     *
     * @return the row; null when the data has no test part
     */
    public static GridSummary.TestRow testRow(Preparation prep, RunConfig config, Experiment.Outcome trained) {
        GridSummary.Test t = test(prep, config, trained, -1, false);
        return t == null ? null : t.rows().get(0);
    }

    private static GridSummary.Test test(Preparation prep, RunConfig config, Experiment.Outcome trained, int configIndex,
                                         boolean withBaselines) {
        long seed = config.seed();
        int batch = config.batch();
        String name = "recommended: " + GridSearch.label(config);
        if (prep.test().isEmpty()) {
            return null;
        }
        String model = "the recommended configuration trained once more with repeat 0's seed " + seed + ": the same seed gives the "
                + "same weights, so this is the grid's first trial of it and what its train command gives (the journal keeps no "
                + "weights; taking the repeat that scored best on validation would add that luck to the test score)";
        Layout layout = Experiment.validationLayout(Experiment.scored(prep, 2), batch);
        StreamBatch stream = StreamBatch.fromLayout(layout);
        String note = TimeSplit.isSpanSplit(prep.parts()) ? "The model runs " + Experiment.warmUp(prep.parts(), 2) + ", as "
                + "validation runs over the training span first; it and the baselines (which see the steps before the span as "
                + "their history where they use one) are scored on the same test steps."
                : "The model runs each test sequence from a fresh state, as validation does.";
        if (prep.task() instanceof Task.LanguageModel) {   // the loss alone: no (T x B x vocabulary) predictions kept
            Evaluation ev = new Predictor(trained.net(), stream.batch).evaluate(stream, Loss.of(trained.loss()));
            List<GridSummary.TestRow> rows = new ArrayList<>();
            rows.add(tokenRow(name, false, new TokenScore(ev.count(), ev.loss())));
            for (Baseline<TokenScore> b : withBaselines ? TokenBaselines.evaluate(prep) : List.<Baseline<TokenScore>>of()) {
                rows.add(tokenRow(b.name(), true, b.test()));
            }
            return new GridSummary.Test(part(prep), model, configIndex, seed, List.of(targetName(prep)), rows, null, null,
                    note + " Log loss in nats per token; perplexity = e^(log loss).");
        }
        float[] pred = new Predictor(trained.net(), stream.batch).predict(stream);   // (T x B x O)
        int outputs = trained.model().outputs();
        if (classes(prep.task())) {
            List<GridSummary.TestRow> rows = new ArrayList<>();
            ClassificationMetrics.Accumulator acc = new ClassificationMetrics.Accumulator(outputs);
            for (int tb = 0; tb < layout.mask().length; tb++) {
                if (layout.mask()[tb]) {
                    acc.addLogits(pred, tb * outputs, (int) layout.y()[tb]);
                }
            }
            rows.add(classRow(name, false, acc.result()));
            for (Baseline<ClassificationMetrics> b : withBaselines ? ClassificationBaselines.evaluate(prep)
                    : List.<Baseline<ClassificationMetrics>>of()) {
                rows.add(classRow(b.name(), true, b.test()));
            }
            return new GridSummary.Test(part(prep), model, configIndex, seed, List.of(targetName(prep)), rows, null, null, note);
        }
        boolean perStep = prep.task() instanceof Task.PerStep;
        int[] targets = Experiment.targetColumns(prep.task());
        Scaler scaler = prep.scaler();
        double[] scale = perStep ? PerStepBaselines.trainingNaiveMae(prep) : ForecastBaselines.trainingPersistenceMae(prep);
        ForecastScore.Accumulator acc = new ForecastScore.Accumulator(targets, scaler);   // the baselines' sums, in data units
        List<Double> actual = new ArrayList<>();
        List<Double> predicted = new ArrayList<>();
        for (int tb = 0; tb < layout.mask().length; tb++) {
            if (!layout.mask()[tb]) {
                continue;
            }
            acc.step();
            for (int o = 0; o < outputs; o++) {
                acc.add(o, pred[tb * outputs + o], layout.y()[tb * outputs + o]);
                if (o == 0 && tb % stream.batch == 0 && actual.size() < CHART_STEPS) {   // the first stream row, in time order
                    actual.add(unscale(scaler, layout.y()[tb * outputs + o], targets[o]));
                    predicted.add(unscale(scaler, pred[tb * outputs + o], targets[o]));
                }
            }
        }
        List<GridSummary.TestRow> rows = new ArrayList<>();
        ForecastScore scored = acc.result();
        double[] nan = new double[outputs];
        java.util.Arrays.fill(nan, Double.NaN);
        long count = scored == null ? 0 : scored.count();
        double[] rmse = scored == null ? nan : scored.rmse();
        double[] mae = scored == null ? nan : scored.mae();
        rows.add(new GridSummary.TestRow(name, false, count, rmse, mae, mase(mae, scale), null, null, null, null));
        boolean mse = trained.loss() == LossType.MSE;   // the baselines' own loss (see baselines)
        for (Baseline<ForecastScore> b : mse && withBaselines ? numericBaselines(prep) : List.<Baseline<ForecastScore>>of()) {
            ForecastScore s = b.test();
            if (s != null) {
                rows.add(new GridSummary.TestRow(b.name(), true, s.count(), s.rmse(), s.mae(), mase(s.mae(), scale), null, null, null,
                        null));
            }
        }
        List<String> columns = new ArrayList<>();
        for (int c : targets) {
            columns.add(prep.parts().get(0).columns().get(c));
        }
        return new GridSummary.Test(part(prep), model, configIndex, seed, columns, rows,
                actual.stream().mapToDouble(Double::doubleValue).toArray(), predicted.stream().mapToDouble(Double::doubleValue).toArray(),
                note + (perStep ? " MASE divides each MAE by the mean absolute change of the target from one training step to the "
                        + "next (below 1: better than the in-sample naive forecast of the target series)."
                        : " MASE divides each MAE by persistence's MAE on the training part at the same horizon (below 1: better "
                        + "than persistence was in-sample).") + (mse ? "" : " No baselines: they are fitted and scored on the "
                        + "squared error, and this grid trains on " + trained.loss().id + "."));
    }

    private static GridSummary.TestRow classRow(String name, boolean baseline, ClassificationMetrics m) {
        return new GridSummary.TestRow(name, baseline, m == null ? 0 : m.count(), null, null, null, m == null ? null : m.accuracy(),
                m == null ? null : m.macroF1(), m == null ? null : m.logLoss(), null);
    }

    private static GridSummary.TestRow tokenRow(String name, boolean baseline, TokenScore s) {
        return new GridSummary.TestRow(name, baseline, s == null ? 0 : s.count(), null, null, null, null, null,
                s == null ? null : s.nats(), s == null ? null : s.bitsPerToken());
    }

    private static double[] mase(double[] mae, double[] scale) {
        double[] out = new double[mae.length];
        for (int o = 0; o < out.length; o++) {
            out[o] = o < scale.length && scale[o] > 0 ? mae[o] / scale[o] : Double.NaN;
        }
        return out;
    }

    private static double unscale(Scaler scaler, double v, int column) {
        return scaler == null ? v : scaler.inverse(v, column);
    }

    /** Which part was scored, in words. */
    public static String part(Preparation prep) {
        double test = 1 - prep.spec().train() - prep.spec().validation();
        long steps = prep.test().stream().mapToLong(q -> q.length()).sum();
        if (prep.parts().get(2).series().size() == 1 && prep.parts().get(0).series().size() == 1) {
            return String.format(Locale.ROOT, "the test part: the last %.0f%% of the series in time (%,d steps), never seen in "
                    + "training or selection", 100 * test, steps);
        }
        return String.format(Locale.ROOT, "the test part: %d whole sequences (%.0f%% of them, %,d steps), never seen in training "
                + "or selection", prep.test().size(), 100 * test, steps);
    }
}
