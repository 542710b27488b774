package org.tbptt4j.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
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
 * for a single series, each sequence from zero state for many; a part of one series cut in time is
 * given warmed up, its unscored past first: {@link Experiment#scored}): the loss, and what fits the task.
 * Classifiers (cross-entropy on classes, binary cross-entropy): accuracy, log loss, macro F1, the
 * confusion matrix and, with two classes, ROC AUC ({@link ClassificationMetrics}); never an error in
 * data units. Numeric targets (MSE, MAE): RMSE and MAE in the data's own units (predictions and
 * targets mapped back through the scaler). Text: bits per token (cross-entropy / ln 2). What does not
 * apply is NaN or null (null in JSON). What {@code tbptt4j train} and {@code evaluate} print, and what
 * {@code org.tbptt4j.Model#evaluate} returns.
 *
 * @param loss           the training loss on the data (nats for the cross-entropies)
 * @param rmse           root mean squared error in data units
 * @param mae            mean absolute error in data units
 * @param bitsPerToken   cross-entropy in bits per token
 * @param count          (row, step) pairs the loss counts
 * @param classification the classifier's measures, or null
 * @param classNames     class names by class id (classifiers), else empty
 * @param samples        what one classified sample is: "sequences", "steps" or "values" (several binary targets a step)
 */
public record Metrics(double loss, double rmse, double mae, double bitsPerToken, long count, ClassificationMetrics classification,
               List<String> classNames, String samples) {

    /** Nothing measured (no data). */
    public static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, null, List.of(), "");

    /** Confusion matrices up to this many classes are printed as text (all go into JSON). */
    private static final int PRINTED_CLASSES = 12;

    /**
     * Runs {@code net} over {@code sequences} with a {@link Predictor}.
     *
     * @param scaler  the scaler the data was scaled with (null for none)
     * @param batch   rows run together for many sequences
     * @param classes class names by id, where the data names them (else the ids name them)
     */
    public static Metrics measure(Network net, LossType lossType, Task task, Scaler scaler, List<Sequence> sequences, int batch,
                           List<String> classes) {
        if (sequences.isEmpty()) {
            return NONE;
        }
        Layout layout = Experiment.validationLayout(sequences, batch);
        StreamBatch stream = StreamBatch.fromLayout(layout);
        if (task instanceof Task.LanguageModel) {   // the loss alone: no (T x B x vocabulary) predictions kept
            Evaluation ev = new Predictor(net, stream.batch).evaluate(stream, Loss.of(lossType));
            return new Metrics(ev.loss(), Double.NaN, Double.NaN, ev.loss() / Math.log(2), ev.count(), null, List.of(), "");
        }
        int O = net.config.outputs();
        // one pass gives the predictions (T x B x O); the loss and every other measure come from them
        float[] pred = new Predictor(net, stream.batch).predict(stream);
        Evaluation ev = lossOf(pred, stream, Loss.of(lossType), O);
        if (lossType == LossType.CROSS_ENTROPY || lossType == LossType.BCE_WITH_LOGITS) {
            return classified(pred, stream, lossType, O, task, classes, ev);
        }
        int[] targets = Experiment.targetColumns(task);
        double sq = 0;
        double abs = 0;
        long n = 0;
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
        return new Metrics(ev.loss(), Math.sqrt(sq / n), abs / n, Double.NaN, ev.count(), null, List.of(), "");
    }

    /** A classifier's measures: softmax over O classes (targets are class ids), or O binary logits (targets in [0, 1]). */
    private static Metrics classified(float[] pred, StreamBatch s, LossType lossType, int O, Task task, List<String> classes,
                                      Evaluation ev) {
        boolean binary = lossType == LossType.BCE_WITH_LOGITS;
        ClassificationMetrics.Accumulator acc = new ClassificationMetrics.Accumulator(binary ? 2 : O);
        for (int tb = 0; tb < s.mask.length; tb++) {
            if (!s.mask[tb]) {
                continue;
            }
            if (binary) {
                for (int o = 0; o < O; o++) {
                    acc.addLogit(pred[tb * O + o], s.y[tb * O + o]);
                }
            } else {
                acc.addLogits(pred, tb * O, (int) s.y[tb]);
            }
        }
        String samples = task instanceof Task.Classify ? "sequences" : binary && O > 1 ? "values" : "steps";
        return new Metrics(ev.loss(), Double.NaN, Double.NaN, Double.NaN, ev.count(), acc.result(),
                classNames(binary ? 2 : O, binary ? List.of() : classes), samples);
    }

    /** Whether the loss is measured on scaled values: the scaler scales a target column. */
    public static boolean scaledTargets(Task task, Scaler scaler) {
        int[] targets = Experiment.targetColumns(task);
        if (scaler != null) {
            for (int c : scaler.columns()) {
                for (int t : targets) {
                    if (c == t) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The data's class names when there is one per class, else the class ids. */
    public static List<String> classNames(int k, List<String> names) {
        if (names.size() == k) {
            return List.copyOf(names);
        }
        List<String> ids = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            ids.add(Integer.toString(c));
        }
        return ids;
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
    public void putJson(ObjectNode o, String lossKey) {
        put(o, lossKey, loss);
        ClassificationMetrics c = classification;
        put(o, "accuracy", c == null ? Double.NaN : c.accuracy());
        put(o, "log_loss", c == null ? Double.NaN : c.logLoss());
        put(o, "macro_f1", c == null ? Double.NaN : c.macroF1());
        put(o, "roc_auc", c == null ? Double.NaN : c.rocAuc());
        if (c == null) {
            o.putNull("classes");
            o.putNull("confusion_matrix");
        } else {
            ArrayNode names = o.putArray("classes");
            classNames.forEach(names::add);
            ArrayNode rows = o.putArray("confusion_matrix");   // rows: true class, columns: predicted
            for (long[] row : c.confusion()) {
                ArrayNode r = rows.addArray();
                for (long v : row) {
                    r.add(v);
                }
            }
        }
        put(o, "rmse", rmse);
        put(o, "mae", mae);
        put(o, "bits_per_token", bitsPerToken);
    }

    /** Puts a number, or null when it is NaN (JSON has no NaN). */
    public static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** The task-specific lines of a text report ({@code what} names the data, e.g. "validation"). */
    public void printText(PrintWriter out, String what) {
        ClassificationMetrics c = classification;
        if (c != null) {
            out.printf(Locale.ROOT, "accuracy    %s %.2f%% of %,d %s; log loss %.4f, macro F1 %.4f%s%n", what,
                    100 * c.accuracy(), c.count(), samples, c.logLoss(), c.macroF1(),
                    Double.isNaN(c.rocAuc()) ? "" : String.format(Locale.ROOT, ", ROC AUC %.4f", c.rocAuc()));
            printConfusion(out, c);
        }
        if (!Double.isNaN(rmse)) {
            out.printf(Locale.ROOT, "error       %s RMSE %.6g, MAE %.6g (in the data's units)%n", what, rmse, mae);
        }
        if (!Double.isNaN(bitsPerToken)) {
            out.printf(Locale.ROOT, "bits        %s %.4f bits per token (perplexity %.3f)%n", what, bitsPerToken,
                    Math.pow(2, bitsPerToken));
        }
    }

    /** The confusion matrix as a table under a "confusion" line: rows the true class, columns the predicted one. */
    private void printConfusion(PrintWriter out, ClassificationMetrics c) {
        int k = c.classes();
        if (k > PRINTED_CLASSES) {
            out.printf(Locale.ROOT, "confusion   %d x %d classes: see confusion_matrix in the JSON output%n", k, k);
            return;
        }
        int width = 3;
        for (int a = 0; a < k; a++) {
            width = Math.max(width, classNames.get(a).length());
            for (long v : c.confusion()[a]) {
                width = Math.max(width, Long.toString(v).length());
            }
        }
        String cell = " %" + width + "s";
        out.println("confusion   rows: true class, columns: predicted class");
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "            %" + width + "s", ""));
        for (String name : classNames) {
            b.append(String.format(Locale.ROOT, cell, name));
        }
        out.println(b);
        for (int a = 0; a < k; a++) {
            StringBuilder r = new StringBuilder(String.format(Locale.ROOT, "            %" + width + "s", classNames.get(a)));
            for (long v : c.confusion()[a]) {
                r.append(String.format(Locale.ROOT, cell, v));
            }
            out.println(r);
        }
    }
}
