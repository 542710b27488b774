package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.LossType;

/**
 * A model measured on data, from a fresh state, the way training validates (one continuous stream
 * for a single series, each sequence from zero state for many): the loss, and what applies to the
 * task: accuracy (classification), RMSE and MAE in the data's own units (forecasting and per-step
 * targets: predictions and targets mapped back through the scaler), bits per token (text:
 * cross-entropy / ln 2). What does not apply is NaN (null in JSON).
 *
 * @param loss         the training loss on the data (scaled units; nats for cross-entropy)
 * @param accuracy     fraction of sequences (classification) or steps (per-step classes) classified right
 * @param rmse         root mean squared error in data units
 * @param mae          mean absolute error in data units
 * @param bitsPerToken cross-entropy in bits per token
 * @param count        (row, step) pairs the loss counts
 */
record Metrics(double loss, double accuracy, double rmse, double mae, double bitsPerToken, long count) {

    /** Nothing measured (no data). */
    static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    /**
     * Runs {@code net} over {@code sequences} with a {@link Predictor}.
     *
     * @param scaler the scaler the data was scaled with (null for none)
     * @param batch  rows run together for many sequences
     */
    static Metrics measure(Network net, LossType lossType, Task task, Scaler scaler, List<Sequence> sequences, int batch) {
        if (sequences.isEmpty()) {
            return NONE;
        }
        Layout layout = Experiment.validationLayout(sequences, batch);
        StreamBatch stream = StreamBatch.fromLayout(layout);
        int[] targets = task instanceof Task.Forecast f ? f.targets() : task instanceof Task.PerStep p ? p.targets() : null;
        if (targets == null) {
            Evaluation ev = new Predictor(net, stream.batch).evaluate(stream, Loss.of(lossType));
            double accuracy = task instanceof Task.Classify || task instanceof Task.PerStepClasses ? ev.accuracy() : Double.NaN;
            double bits = task instanceof Task.LanguageModel ? ev.loss() / Math.log(2) : Double.NaN;
            return new Metrics(ev.loss(), accuracy, Double.NaN, Double.NaN, bits, ev.count());
        }
        // numeric targets: one pass gives the predictions; the loss and the errors in data units both come from them
        float[] pred = new Predictor(net, stream.batch).predict(stream);   // (T x B x O)
        Evaluation ev = lossOf(pred, stream, Loss.of(lossType), net.config.outputs());
        double sq = 0;
        double abs = 0;
        long n = 0;
        int O = targets.length;
        for (int tb = 0; tb < layout.mask().length; tb++) {
            if (!layout.mask()[tb]) {
                continue;
            }
            for (int o = 0; o < O; o++) {
                double p = unscale(scaler, pred[tb * O + o], targets[o]);
                double y = unscale(scaler, layout.y()[tb * O + o], targets[o]);
                sq += (p - y) * (p - y);
                abs += Math.abs(p - y);
                n++;
            }
        }
        double rmse = Math.sqrt(sq / n);
        double mae = abs / n;
        return new Metrics(ev.loss(), Double.NaN, rmse, mae, Double.NaN, ev.count());
    }

    /** The loss of predictions (T x B x O) already made over the stream, as Predictor.evaluate sums it. */
    private static Evaluation lossOf(float[] pred, StreamBatch s, Loss loss, int outputs) {
        float[] ignored = new float[s.batch * outputs];
        double sum = 0;
        long count = 0;
        for (int t = 0; t < s.steps; t++) {
            sum += loss.accumulate(s.batch, outputs, pred, t * s.batch * outputs, s.y, t * s.batch * s.targetWidth, s.mask,
                    t * s.batch, 0, ignored, 0);
            for (int b = 0; b < s.batch; b++) {
                count += s.mask[t * s.batch + b] ? 1 : 0;
            }
        }
        return new Evaluation(sum, count, count == 0 ? Double.NaN : sum / loss.type.normaliser(count, outputs), 0);
    }

    private static double unscale(Scaler s, double v, int column) {
        return s == null ? v : s.inverse(v, column);
    }

    /** Puts the metrics under their JSON keys (null where they do not apply); {@code lossKey} names the loss. */
    void putJson(ObjectNode o, String lossKey) {
        put(o, lossKey, loss);
        put(o, "accuracy", accuracy);
        put(o, "rmse", rmse);
        put(o, "mae", mae);
        put(o, "bits_per_token", bitsPerToken);
    }

    /** Puts a number, or null when it is NaN (JSON has no NaN). */
    static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** The task-specific lines of a text report ({@code what} names the data, e.g. "validation"). */
    void printText(PrintWriter out, String what) {
        if (!Double.isNaN(accuracy)) {
            out.printf(Locale.ROOT, "accuracy    %s %.2f%% (%d labels)%n", what, 100 * accuracy, count);
        }
        if (!Double.isNaN(rmse)) {
            out.printf(Locale.ROOT, "error       %s RMSE %.6g, MAE %.6g (in the data's units)%n", what, rmse, mae);
        }
        if (!Double.isNaN(bitsPerToken)) {
            out.printf(Locale.ROOT, "bits        %s %.4f bits per token (perplexity %.3f)%n", what, bitsPerToken,
                    Math.pow(2, bitsPerToken));
        }
    }
}
