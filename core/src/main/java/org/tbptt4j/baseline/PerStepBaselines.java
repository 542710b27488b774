package org.tbptt4j.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;

/**
 * The baselines of numeric per-step targets (y(t) given with the inputs x(t), {@link Task.PerStep}),
 * fitted on the training part only and scored on the validation and test parts, on exactly the
 * steps whose loss a model counts there:
 * <ul>
 *   <li>training mean: y(t) = the mean of the training targets;</li>
 *   <li>lagged linear regression: y(t) = c + sum over lags l &lt; p and inputs f of b_(l,f) x_f(t - l),
 *       least squares on the training part, one regression per target column; p (the inputs' last p
 *       steps, the current one included) is chosen among {@link #LAGS} as the shortest within 1% of the best validation MSE
 *       (by AIC on the training part when there is no validation part), never on the test part. With p = 1
 *       it is the regression on the step's own inputs; a larger p sees as far back as a window of p
 *       steps does, without a recurrent state.</li>
 * </ul>
 * Both are scored on the targets as the model sees them (scaled when they are), the grid's metric
 * under the mean squared error loss, and in the data's units (RMSE, MAE). One series split in time
 * continues across parts, so validation steps see the end of the training span as their history,
 * as the model's warm-up does; separate sequences each start from their own first step, the oldest
 * input repeated where the history is shorter than p.
 */
public final class PerStepBaselines {

    /** Input windows tried; one is tried only when the training part has at least 20 rows per coefficient. */
    public static final int[] LAGS = {1, 2, 3, 4, 6, 8, 10, 12, 16, 24, 32};

    private static final int ROWS_PER_COEFFICIENT = 20;

    private PerStepBaselines() {
    }

    /** A scored sequence with its inputs' history: x(t) is hist[(offset + t) * inputs + f]. */
    private record Track(Sequence seq, double[] hist, int offset) {
    }

    /** Predicts target column j at step t of a track. */
    @FunctionalInterface
    private interface Rule {
        double predict(int j, Track track, int t);
    }

    /** The training mean and the lagged linear regression of a per-step preparation. */
    public static List<Baseline<ForecastScore>> evaluate(Preparation prep) {
        Task.PerStep task = perStep(prep);
        List<List<Track>> parts = tracks(prep);
        int outputs = task.targets().length;
        double[] mean = new double[outputs];
        long n = 0;
        for (Track tr : parts.get(0)) {
            Sequence q = tr.seq();
            for (int t = 0; t < q.length(); t++) {
                if (q.loss()[t]) {
                    n++;
                    for (int j = 0; j < outputs; j++) {
                        mean[j] += q.y()[t * outputs + j];
                    }
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("per-step baselines need scored training steps");
        }
        for (int j = 0; j < outputs; j++) {
            mean[j] /= n;
        }
        List<Baseline<ForecastScore>> out = new ArrayList<>();
        out.add(scored("training mean", "y(t) = the mean of the training targets", (j, tr, t) -> mean[j], parts, task, prep.scaler()));
        Baseline<ForecastScore> lagged = laggedRegression(parts, task, prep.scaler(), n);
        if (lagged != null) {
            out.add(lagged);
        }
        return List.copyOf(out);
    }

    /**
     * The mean absolute change of each target column from one training step to the next, in the
     * data's units: the scale of the mean absolute scaled error (MASE, Hyndman and Koehler 2006:
     * the in-sample one-step naive forecast of the target series).
     */
    public static double[] trainingNaiveMae(Preparation prep) {
        Task.PerStep task = perStep(prep);
        int outputs = task.targets().length;
        Scaler scaler = prep.scaler();
        double[] sum = new double[outputs];
        long count = 0;
        for (Sequence q : prep.train()) {
            for (int t = 1; t < q.length(); t++) {
                if (!q.loss()[t] || !q.loss()[t - 1]) {
                    continue;
                }
                count++;
                for (int j = 0; j < outputs; j++) {
                    sum[j] += Math.abs(data(scaler, q.y()[t * outputs + j], task.targets()[j])
                            - data(scaler, q.y()[(t - 1) * outputs + j], task.targets()[j]));
                }
            }
        }
        for (int j = 0; j < outputs; j++) {
            sum[j] = count == 0 ? 0 : sum[j] / count;
        }
        return sum;
    }

    private static Task.PerStep perStep(Preparation prep) {
        if (!(prep.task() instanceof Task.PerStep p)) {
            throw new IllegalArgumentException("per-step baselines need numeric per-step targets, not " + prep.task().describe());
        }
        return p;
    }

    private static double data(Scaler scaler, double v, int column) {
        return scaler == null ? v : scaler.inverse(v, column);
    }

    /** Training, validation and test tracks; a series split in time carries its inputs across the parts. */
    private static List<List<Track>> tracks(Preparation prep) {
        List<List<Sequence>> supervised = List.of(prep.train(), prep.validation(), prep.test());
        boolean span = TimeSplit.isSpanSplit(prep.parts());
        int inputs = prep.task().inputWidth();
        List<List<Track>> out = new ArrayList<>(3);
        List<Sequence> before = new ArrayList<>();
        for (List<Sequence> part : supervised) {
            List<Track> tracks = new ArrayList<>();
            for (Sequence q : part) {
                List<Sequence> history = new ArrayList<>(span ? before : List.of());
                history.add(q);
                int steps = history.stream().mapToInt(Sequence::length).sum();
                double[] hist = new double[steps * inputs];
                int at = 0;
                for (Sequence h : history) {
                    System.arraycopy(h.x(), 0, hist, at, h.x().length);
                    at += h.x().length;
                }
                tracks.add(new Track(q, hist, steps - q.length()));
            }
            before.addAll(part);
            out.add(tracks);
        }
        return out;
    }

    private static Baseline<ForecastScore> scored(String name, String rule, Rule r, List<List<Track>> parts, Task.PerStep task,
                                                  Scaler scaler) {
        return new Baseline<>(name, rule, score(parts.get(1), r, task, scaler), score(parts.get(2), r, task, scaler));
    }

    /** The rule's score over the scored steps of a part; null when the part has none. */
    private static ForecastScore score(List<Track> part, Rule r, Task.PerStep task, Scaler scaler) {
        return ForecastScore.score(part, Track::seq, (track, j, t) -> r.predict(j, track, t), task.targets(), scaler);
    }

    /** The lagged regression with its window chosen on validation (or by AIC); null when training is too short for p = 1. */
    private static Baseline<ForecastScore> laggedRegression(List<List<Track>> parts, Task.PerStep task, Scaler scaler, long rows) {
        int inputs = task.inputs().length;
        int outputs = task.targets().length;
        boolean onValidation = parts.get(1).stream().anyMatch(tr -> contains(tr.seq().loss()));
        List<Integer> tried = new ArrayList<>();
        List<double[][]> fits = new ArrayList<>();
        List<Double> criteria = new ArrayList<>();
        for (int p : LAGS) {
            int coefficients = p * inputs + 1;
            if (rows < (long) ROWS_PER_COEFFICIENT * coefficients) {
                break;
            }
            double[][] coef = fit(parts.get(0), inputs, outputs, p);
            Rule rule = laggedRule(coef, inputs, p);
            double criterion;
            if (onValidation) {
                criterion = score(parts.get(1), rule, task, null).mse();
            } else {
                ForecastScore s = score(parts.get(0), rule, task, null);
                criterion = s.count() * outputs * Math.log(Math.max(s.mse(), Double.MIN_NORMAL)) + 2.0 * outputs * coefficients;
            }
            tried.add(p);
            fits.add(coef);
            criteria.add(criterion);
        }
        if (tried.isEmpty()) {
            return null;
        }
        // the shortest window within 1% of the best validation MSE (or 1e-12 of it, where the fit is exact): a longer
        // window that only fits noise better is not chosen (AIC already charges for its coefficients)
        double min = criteria.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        int chosen = 0;
        while (onValidation && criteria.get(chosen) > min + Math.max(0.01 * min, 1e-12)
                || !onValidation && criteria.get(chosen) > min) {
            chosen++;
        }
        int bestLags = tried.get(chosen);
        double[][] best = fits.get(chosen);
        String windows = tried.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String rule = String.format(Locale.ROOT, "y(t) = c + b . (x(t), ..., x(t-%d)), least squares on the training part; the inputs'"
                + " last %d step(s) chosen %s among %s", bestLags - 1, bestLags, onValidation
                ? "as the shortest within 1% of the best validation MSE"
                : "by AIC on the training part", windows);
        return scored("linear regression on x(t-" + (bestLags - 1) + "..t)", rule, laggedRule(best, inputs, bestLags), parts, task,
                scaler);
    }

    /** coef[j] = {c, b_(0,0), ..., b_(0,F-1), b_(1,0), ...}: lag-major, then input. */
    private static Rule laggedRule(double[][] coef, int inputs, int p) {
        return (j, tr, t) -> {
            double[] b = coef[j];
            double sum = b[0];
            int now = tr.offset() + t;
            for (int l = 0; l < p; l++) {
                int step = Math.max(0, now - l);
                for (int f = 0; f < inputs; f++) {
                    sum += b[1 + l * inputs + f] * tr.hist()[step * inputs + f];
                }
            }
            return sum;
        };
    }

    /** Least squares of every target column on {1, x(t), ..., x(t - p + 1)} over the scored training steps with a full window. */
    private static double[][] fit(List<Track> train, int inputs, int outputs, int p) {
        int n = p * inputs + 1;
        double[] ata = new double[n * n];          // (n x n) X^T X, shared by the target columns
        double[] atb = new double[outputs * n];    // (outputs x n) X^T y
        double[] x = new double[n];
        for (Track tr : train) {
            Sequence q = tr.seq();
            for (int t = 0; t < q.length(); t++) {
                int now = tr.offset() + t;
                if (!q.loss()[t] || now - p + 1 < 0) {
                    continue;
                }
                x[0] = 1;
                boolean finite = true;
                for (int l = 0; l < p; l++) {
                    for (int f = 0; f < inputs; f++) {
                        double v = tr.hist()[(now - l) * inputs + f];
                        x[1 + l * inputs + f] = v;
                        finite &= Double.isFinite(v);
                    }
                }
                for (int j = 0; j < outputs; j++) {
                    finite &= Double.isFinite(q.y()[t * outputs + j]);
                }
                if (!finite) {
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < outputs; j++) {
                        atb[j * n + r] += x[r] * q.y()[t * outputs + j];
                    }
                    for (int c = 0; c <= r; c++) {
                        ata[r * n + c] += x[r] * x[c];
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = r + 1; c < n; c++) {
                ata[r * n + c] = ata[c * n + r];
            }
        }
        double[][] coef = new double[outputs][];
        for (int j = 0; j < outputs; j++) {
            double[] b = new double[n];
            System.arraycopy(atb, j * n, b, 0, n);
            coef[j] = LeastSquares.solveNormal(ata.clone(), b, n);
        }
        return coef;
    }

    private static boolean contains(boolean[] b) {
        for (boolean v : b) {
            if (v) {
                return true;
            }
        }
        return false;
    }
}
