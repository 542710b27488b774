package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Series;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.metrics.ClassificationMetrics;
import org.tbptt4j.metrics.Metrics;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.Softmax;

/**
 * Stateful prediction over every sequence of a file, one step at a time from a fresh state per
 * sequence, written as rows of CSV (header first) or JSON lines. The columns are {@code step} and
 * {@code sequence}, then:
 * <ul>
 *   <li>forecasting and per-step targets: one column per target, in the data's units (through the
 *       saved scaler); {@code step} is the step predicted (input step t + horizon for forecasts), so
 *       the last forecasts lie past the end of the data, and {@code extra} more are made by feeding
 *       each forecast back as the next input;</li>
 *   <li>binary targets (a model trained with binary cross-entropy): per target {@code TARGET}, the
 *       more likely class (0 or 1), and {@code p_TARGET}, the probability of 1; per-step classes
 *       (cross-entropy): {@code TARGET}, the most likely class, and {@code p_NAME} per class. Never
 *       logits;</li>
 *   <li>classification: one row per sequence at its last step, the predicted {@code class} and the
 *       probability of every class ({@code p_NAME}); per-step classes: the same at every step;</li>
 *   <li>text: for every step, the most likely next {@code token} and its {@code probability}.</li>
 * </ul>
 */
final class Predictions {

    /** Output formats. */
    enum Format { CSV, JSONL }

    private final Network net;
    private final DataRecipe recipe;
    private final DataRecipe.Input in;
    private final LossType loss;
    private final List<String> classes;   // per-step classes by id (cross-entropy on numeric-task targets), else empty
    private final int extra;
    private final Format format;
    private final List<String> columns;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param extra forecasts past the end of each sequence, each fed back as the next input (forecasting only)
     */
    Predictions(Network net, DataRecipe recipe, DataRecipe.Input in, LossType loss, int extra, Format format) {
        this.net = net;
        this.recipe = recipe;
        this.in = in;
        this.loss = loss;
        this.extra = extra;
        this.format = format;
        boolean perStepClasses = loss == LossType.CROSS_ENTROPY && Experiment.targetColumns(in.task()).length > 0;
        this.classes = perStepClasses ? Metrics.classNames(net.config.outputs(), recipe.classes()) : List.of();
        if (extra > 0) {
            requireFeedback();
        }
        List<String> c = new ArrayList<>(List.of("step", "sequence"));
        if (in.task() instanceof Task.Classify || in.task() instanceof Task.PerStepClasses) {
            c.add("class");
            recipe.classes().forEach(k -> c.add("p_" + k));
        } else if (in.task() instanceof Task.LanguageModel) {
            c.add("token");
            c.add("probability");
        } else if (loss == LossType.BCE_WITH_LOGITS) {
            recipe.targets().forEach(t -> {
                c.add(t);
                c.add("p_" + t);
            });
        } else if (perStepClasses) {
            c.addAll(recipe.targets());
            classes.forEach(k -> c.add("p_" + k));
        } else {
            c.addAll(recipe.targets());
        }
        this.columns = List.copyOf(c);
    }

    /** Feeding a forecast back as the next input needs a next-step model whose inputs are its targets. */
    private void requireFeedback() {
        if (loss == LossType.BCE_WITH_LOGITS || loss == LossType.CROSS_ENTROPY) {
            throw new UserErrors.UserError("--horizon feeds each forecast back as the next input, which needs numeric "
                    + "forecasts; this model predicts class probabilities (" + loss.id + "). Leave --horizon out");
        }
        if (!(in.task() instanceof Task.Forecast f) || f.horizon() != 1 || !Arrays.equals(f.inputs(), f.targets())) {
            throw new UserErrors.UserError("--horizon feeds each forecast back as the next input, which needs a next-step "
                    + "forecaster that sees exactly what it predicts; this model does " + recipe.describe() + " from "
                    + recipe.features() + (recipe.targets().isEmpty() ? "" : " to " + recipe.targets())
                    + ". Leave --horizon out to predict one step per input step");
        }
    }

    /** Writes the header (CSV) and every row. */
    void write(Writer w) throws IOException {
        if (format == Format.CSV) {
            writeRow(w, new ArrayList<>(columns));
        }
        Predictor p = new Predictor(net, 1);
        for (Series s : in.scaled().series()) {
            if (s.length() > 0) {
                p.reset();
                predict(p, s, w);
            }
        }
    }

    private void predict(Predictor p, Series s, Writer w) throws IOException {
        Task task = in.task();
        int[] inputs = task instanceof Task.Forecast f ? f.inputs() : task instanceof Task.PerStep q ? q.inputs()
                : task instanceof Task.Classify k ? k.inputs() : task instanceof Task.PerStepClasses c ? c.inputs()
                : new int[] {0};
        int shift = task instanceof Task.Forecast f ? f.horizon() : task instanceof Task.LanguageModel ? 1 : 0;
        float[] x = new float[inputs.length];                 // (B=1 x S)
        float[] pred = new float[net.config.outputs()];        // (B=1 x O)
        int T = s.length();
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < inputs.length; i++) {
                x[i] = (float) s.at(t, inputs[i]);
            }
            p.step(x, 0, null, 0, pred, 0);
            if (!(task instanceof Task.Classify) || t == T - 1) {
                writeRow(w, row(t + shift, s.id(), pred));
            }
        }
        for (int k = 1; k <= extra; k++) {
            System.arraycopy(pred, 0, x, 0, x.length);   // inputs are the targets, in the same order (requireFeedback)
            p.step(x, 0, null, 0, pred, 0);
            writeRow(w, row(T - 1 + shift + k, s.id(), pred));
        }
    }

    /** One row's values, in column order. */
    private List<Object> row(int step, String sequence, float[] pred) {
        List<Object> r = new ArrayList<>(columns.size());
        r.add(step);
        r.add(sequence);
        Task task = in.task();
        if (task instanceof Task.Classify || task instanceof Task.PerStepClasses || !classes.isEmpty()) {
            double[] prob = Softmax.probabilities(pred, 0, pred.length);
            r.add((classes.isEmpty() ? recipe.classes() : classes).get(ClassificationMetrics.argmax(prob)));
            for (double v : prob) {
                r.add(v);
            }
        } else if (task instanceof Task.LanguageModel) {
            double[] prob = Softmax.probabilities(pred, 0, pred.length);
            int best = ClassificationMetrics.argmax(prob);
            r.add(recipe.vocabulary().get(best));
            r.add(prob[best]);
        } else if (loss == LossType.BCE_WITH_LOGITS) {
            for (float z : pred) {
                double p = ClassificationMetrics.sigmoid(z);
                r.add(p > 0.5 ? 1 : 0);
                r.add(p);
            }
        } else {
            int[] targets = task instanceof Task.Forecast f ? f.targets() : ((Task.PerStep) task).targets();
            Scaler sc = in.scaler();
            for (int o = 0; o < targets.length; o++) {
                r.add(sc == null ? pred[o] : sc.inverse(pred[o], targets[o]));
            }
        }
        return r;
    }

    private void writeRow(Writer w, List<Object> values) throws IOException {
        if (format == Format.JSONL) {
            ObjectNode o = json.createObjectNode();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof Integer n) {
                    o.put(columns.get(i), n);
                } else if (v instanceof Number n) {
                    o.put(columns.get(i), n.doubleValue());
                } else {
                    o.put(columns.get(i), String.valueOf(v));
                }
            }
            w.write(json.writeValueAsString(o));
        } else {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(csv(String.valueOf(values.get(i))));
            }
        }
        w.write('\n');
    }

    // RFC 4180: quote a field holding a comma, quote or line end, doubling its quotes
    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
