package org.tbptt4j.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Series;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;

/**
 * The forecasting baselines a recurrent model must beat, fitted on the training part only and
 * scored on the validation and test parts, on exactly the (sequence, step) pairs whose loss a
 * model counts there. For h-step-ahead forecasting of target column j (y(t) = x_j(t + h)):
 * <ul>
 *   <li>persistence: y(t) = x_j(t), the last observed value;</li>
 *   <li>seasonal naive at period P (the ACF period of the training target, when there is one):
 *       y(t) = x_j(t + h - kP), k = ceil(h / P), the value one season before the target;</li>
 *   <li>AR(p): y(t) = c + a_1 x_j(t) + ... + a_p x_j(t - p + 1), one autoregression per target
 *       column fitted by least squares on the training part; p is chosen among {@link #AR_ORDERS}
 *       by validation MSE (by AIC on the training part when there is no validation part), never
 *       on the test part.</li>
 * </ul>
 * Each uses the target column's own past values, which a forecaster knows at time t. One long
 * series split in time continues across parts, so validation steps see the end of the training
 * span as their history (and test steps the validation span), as a deployed forecaster would;
 * separate sequences are each forecast from their own history. Where the history is shorter than
 * a rule needs, the seasonal rule falls back to persistence and AR repeats the oldest value.
 */
public final class ForecastBaselines {

    /** AR orders tried; an order is tried only when the training part has at least 20 rows per coefficient. */
    public static final int[] AR_ORDERS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48};

    private static final int ROWS_PER_COEFFICIENT = 20;

    private ForecastBaselines() {
    }

    /** The baselines of a forecasting preparation, with the seasonal period the ACF analysis finds in the training target. */
    public static List<Baseline<ForecastScore>> evaluate(Preparation prep) {
        forecast(prep);
        return evaluate(prep, trainingPeriod(prep));
    }

    /**
     * The baselines of a forecasting preparation.
     *
     * @param period the seasonal period in steps, or 0 or less for none (no seasonal baseline)
     */
    public static List<Baseline<ForecastScore>> evaluate(Preparation prep, int period) {
        Task.Forecast task = forecast(prep);
        List<List<Track>> parts = tracks(prep, task);
        Scaler scaler = prep.scaler();
        int h = task.horizon();
        List<Baseline<ForecastScore>> out = new ArrayList<>();
        out.add(scored("persistence", "the last observed value: y(t+" + h + ") = x(t)",
                (j, hist, now) -> hist[now], parts, task, scaler));
        if (period > 0) {
            int back = ((h + period - 1) / period) * period;          // kP, k = ceil(h / P)
            out.add(scored("seasonal naive (" + period + ")", "the value one season before the target: y(t+" + h + ") = x(t+" + h
                    + "-" + back + "), period " + period + " from the ACF of the training target",
                    (j, hist, now) -> now + h - back >= 0 ? hist[now + h - back] : hist[now], parts, task, scaler));
        }
        Baseline<ForecastScore> ar = autoregression(parts, task, scaler);
        if (ar != null) {
            out.add(ar);
        }
        return List.copyOf(out);
    }

    /**
     * Persistence's mean absolute error on the training part, per target column, in the data's
     * units, at the task's horizon: the scale of the mean absolute scaled error (MASE, Hyndman and
     * Koehler 2006: a forecaster's MAE over this; below 1 it beats in-sample persistence).
     */
    public static double[] trainingPersistenceMae(Preparation prep) {
        Task.Forecast task = forecast(prep);
        ForecastScore s = score(tracks(prep, task).get(0), (j, hist, now) -> hist[now], task, prep.scaler());
        return s == null ? new double[task.targets().length] : s.mae();
    }

    /**
     * The ACF period of the first target column of the longest training sequence, or -1 when there
     * is none (also for a constant or very short series).
     */
    public static int trainingPeriod(Preparation prep) {
        if (prep.train().stream().mapToInt(Sequence::length).max().orElse(0) < 10) {
            return -1;
        }
        try {
            return DomainSplit.analyse(prep.train()).period();
        } catch (IllegalArgumentException constant) {
            return -1;    // a constant series has no autocorrelation, so no period
        }
    }

    /** Predicts target column j at the step whose latest known value is hist[now]. */
    @FunctionalInterface
    private interface Rule {
        double predict(int j, double[] hist, int now);
    }

    /**
     * One supervised sequence with the past of each target column: hist[j][offset + t] is target
     * column j at step t of the sequence's raw series (offset = the steps of history before it).
     */
    private record Track(Sequence seq, double[][] hist, int offset) {
    }

    private static Task.Forecast forecast(Preparation prep) {
        if (!(prep.task() instanceof Task.Forecast f)) {
            throw new IllegalArgumentException("forecasting baselines need a forecasting task, not " + prep.task().describe());
        }
        return f;
    }

    /** Training, validation and test tracks; a series split in time continues across the parts. */
    private static List<List<Track>> tracks(Preparation prep, Task.Forecast task) {
        List<List<Sequence>> supervised = List.of(prep.train(), prep.validation(), prep.test());
        boolean span = TimeSplit.isSpanSplit(prep.parts());
        List<List<Track>> out = new ArrayList<>(3);
        List<Series> before = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            SeriesSet raw = prep.parts().get(k);
            Map<String, Series> byId = new HashMap<>();
            raw.series().forEach(s -> byId.put(s.id(), s));
            List<Track> part = new ArrayList<>();
            for (Sequence q : supervised.get(k)) {
                Series s = byId.get(q.id());
                if (s == null) {
                    throw new IllegalStateException("sequence " + q.id() + " has no raw series in part " + k);
                }
                List<Series> history = new ArrayList<>(span ? before : List.of());
                history.add(s);
                int offset = history.stream().mapToInt(Series::length).sum() - s.length();
                part.add(new Track(q, columns(history, task.targets()), offset));
            }
            before.addAll(raw.series());
            out.add(part);
        }
        return out;
    }

    /** hist[j] = column cols[j] of the series, one after the other in time. */
    private static double[][] columns(List<Series> series, int[] cols) {
        int n = series.stream().mapToInt(Series::length).sum();
        double[][] hist = new double[cols.length][n];
        int at = 0;
        for (Series s : series) {
            for (int t = 0; t < s.length(); t++) {
                for (int j = 0; j < cols.length; j++) {
                    hist[j][at + t] = s.at(t, cols[j]);
                }
            }
            at += s.length();
        }
        return hist;
    }

    private static Baseline<ForecastScore> scored(String name, String rule, Rule r, List<List<Track>> parts, Task.Forecast task,
                                                  Scaler scaler) {
        return new Baseline<>(name, rule, score(parts.get(1), r, task, scaler), score(parts.get(2), r, task, scaler));
    }

    /** The rule's score over the scored steps of a part; null when the part has none. */
    private static ForecastScore score(List<Track> part, Rule r, Task.Forecast task, Scaler scaler) {
        return ForecastScore.score(part, Track::seq, (track, j, t) -> r.predict(j, track.hist()[j], track.offset() + t), task.targets(),
                scaler);
    }

    /** AR(p) with p chosen on validation (or by AIC on training); null when the training part is too short for AR(1). */
    private static Baseline<ForecastScore> autoregression(List<List<Track>> parts, Task.Forecast task, Scaler scaler) {
        List<Track> train = parts.get(0);
        long rows = train.stream().mapToLong(tr -> countTrue(tr.seq().loss())).sum();
        boolean onValidation = parts.get(1).stream().anyMatch(tr -> countTrue(tr.seq().loss()) > 0);
        int outputs = task.targets().length;
        int bestOrder = -1;
        double bestCriterion = Double.POSITIVE_INFINITY;
        double[][] best = null;
        List<Integer> tried = new ArrayList<>();
        for (int p : AR_ORDERS) {
            if (rows < (long) ROWS_PER_COEFFICIENT * (p + 1)) {
                break;
            }
            double[][] coef = new double[outputs][];
            for (int j = 0; j < outputs; j++) {
                coef[j] = fit(train, j, outputs, p);
            }
            tried.add(p);
            Rule rule = arRule(coef);
            double criterion;
            if (onValidation) {
                criterion = score(parts.get(1), rule, task, null).mse();
            } else {
                ForecastScore s = score(train, rule, task, null);
                criterion = s.count() * outputs * Math.log(Math.max(s.mse(), Double.MIN_NORMAL)) + 2.0 * outputs * (p + 1);
            }
            if (criterion < bestCriterion) {
                bestCriterion = criterion;
                bestOrder = p;
                best = coef;
            }
        }
        if (best == null) {
            return null;
        }
        String orders = tried.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String rule = String.format(Locale.ROOT, "y(t+%d) = c + a_1 x(t) + ... + a_%d x(t-%d), least squares on the training part; "
                + "order %d chosen %s among %s", task.horizon(), bestOrder, bestOrder - 1, bestOrder,
                onValidation ? "by validation MSE" : "by AIC on the training part", orders);
        return scored("AR(" + bestOrder + ")", rule, arRule(best), parts, task, scaler);
    }

    /** coef[j] = {c, a_1, ..., a_p} for target column j. */
    private static Rule arRule(double[][] coef) {
        return (j, hist, now) -> {
            double[] a = coef[j];
            double sum = a[0];
            for (int i = 1; i < a.length; i++) {
                sum += a[i] * hist[Math.max(0, now + 1 - i)];
            }
            return sum;
        };
    }

    /**
     * Least squares of target column j on {1, x_j(t), ..., x_j(t - p + 1)} over the scored training
     * steps with a full history: the normal equations (p+1 x p+1), solved by Cholesky.
     */
    private static double[] fit(List<Track> train, int j, int outputs, int p) {
        int n = p + 1;
        double[] ata = new double[n * n];     // (n x n) X^T X
        double[] atb = new double[n];         // (n) X^T y
        double[] x = new double[n];
        for (Track track : train) {
            Sequence q = track.seq();
            double[] hist = track.hist()[j];
            for (int t = 0; t < q.length(); t++) {
                int now = track.offset() + t;
                if (!q.loss()[t] || now - p + 1 < 0) {
                    continue;
                }
                x[0] = 1;
                boolean finite = true;
                for (int i = 1; i <= p; i++) {
                    x[i] = hist[now + 1 - i];
                    finite &= Double.isFinite(x[i]);
                }
                double y = q.y()[t * outputs + j];
                if (!finite || !Double.isFinite(y)) {
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    atb[r] += x[r] * y;
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
        return LeastSquares.solveNormal(ata, atb, n);
    }

    private static long countTrue(boolean[] b) {
        long n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
