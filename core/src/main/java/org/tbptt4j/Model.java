package org.tbptt4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.io.ModelStore;
import org.tbptt4j.io.SavedModel;
import org.tbptt4j.metrics.ClassificationMetrics;
import org.tbptt4j.metrics.Metrics;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.train.TrainingHistory;

/**
 * A trained recurrent network with its data recipe: how files are read, which columns it sees and
 * predicts, the scaler fitted at training, the vocabulary and the class names. Save it, load it
 * (here or with {@code tbptt4j evaluate|predict --model DIR}: a model saved by either side is the
 * same directory), evaluate it on a file prepared as at training, and predict in the data's units.
 */
public final class Model {

    private final SavedModel saved;
    private final Network net;
    private final TrainingHistory history;

    Model(SavedModel saved, Network net, TrainingHistory history) {
        this.saved = saved;
        this.net = net;
        this.history = history;
    }

    /**
     * Loads a model directory written by {@link #save} or {@code tbptt4j train}.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is not a complete model with a data recipe
     *                                  ({@link org.tbptt4j.io.ModelFormatException}, naming the file)
     */
    public static Model load(Path dir) throws IOException {
        SavedModel m = ModelStore.load(dir);
        if (m.data() == null) {
            throw new IllegalArgumentException(dir + " has no data recipe (extra.data in its config.json), so new data "
                    + "cannot be prepared the way it was trained; save it with Model.save or 'tbptt4j train'");
        }
        Network net = new Network(m.model());
        net.setParameters(m.params());
        return new Model(m, net, null);
    }

    /**
     * Saves the model as the directory {@code dir} ({@code config.json} with the data recipe, and
     * {@code model.safetensors}), atomically; an existing model there is replaced.
     */
    public void save(Path dir) throws IOException {
        ModelStore.save(dir, saved);
    }

    /**
     * Measures the model on the whole of {@code file}, read and scaled as at training (the saved
     * scaler, never refitted), from a fresh state: the loss and what fits the task (RMSE and MAE in
     * the data's units; accuracy, log loss, macro F1, the confusion matrix; bits per token). The same
     * numbers as {@code tbptt4j evaluate}.
     *
     * @throws IllegalArgumentException if the file does not fit the model (a missing column, an unknown class, too short)
     */
    public Metrics evaluate(Path file) throws IOException {
        return evaluate(file, "all");
    }

    /**
     * Measures the model on one part of {@code file}: "train", "validation" or "test" as the model's
     * training split cut its data (one series in time: the validation and test parts scored after the
     * model has run, unscored, over the spans before them, as the grid scores them; many sequences:
     * whole sequences with the saved seed, each from a fresh state), or "all". The same numbers as
     * {@code tbptt4j evaluate --part}.
     *
     * @throws IllegalArgumentException if the part is unknown, the model does not record its split, or the file does not fit
     */
    public Metrics evaluate(Path file, String part) throws IOException {
        DataRecipe recipe = saved.data();
        Experiment.EvaluationData data = Experiment.evaluationData(recipe, saved.loss(), file, part,
                saved.extra().path("training"), new ArrayList<>());
        DataRecipe.Input in = data.input();
        List<Sequence> sequences = data.sequences();
        return Metrics.measure(net, saved.loss(), in.task(), in.scaler(), sequences, batch(), recipe.classes());
    }

    /**
     * Runs the model over one sequence from a fresh state, one step at a time.
     *
     * @param steps {@code steps[t]} the values of the {@link #features()} at step t, in the data's units
     *              (a token id for text)
     * @return {@code out[t]}, the prediction after step t: the {@link #targets()} in the data's units
     *         (for forecasting, the value {@code horizon} steps ahead); for classifiers the probability of
     *         every class ({@link #classes()}); for binary targets the probability of 1; for text the
     *         probability of every next token
     * @throws IllegalArgumentException if a step does not have one value per feature
     */
    public double[][] predict(double[][] steps) {
        DataRecipe r = saved.data();
        int F = net.config.streamFeatures();
        int O = net.config.outputs();
        double[] center = new double[F];
        double[] scale = new double[F];
        unitsOf(r.features(), center, scale);
        double[] outCenter = new double[O];
        double[] outScale = new double[O];
        boolean numeric = saved.loss() != LossType.CROSS_ENTROPY && saved.loss() != LossType.BCE_WITH_LOGITS;
        unitsOf(numeric ? r.targets() : List.of(), outCenter, outScale);
        Predictor p = new Predictor(net, 1);
        float[] x = new float[F];     // (B=1 x F)
        float[] pred = new float[O];  // (B=1 x O)
        double[][] out = new double[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            if (steps[t].length != F) {
                throw new IllegalArgumentException("steps[" + t + "] has " + steps[t].length + " value(s), but the model reads "
                        + F + " per step" + (r.features().isEmpty() ? "" : " (its features " + r.features() + ")"));
            }
            for (int i = 0; i < F; i++) {
                x[i] = (float) ((steps[t][i] - center[i]) / scale[i]);
            }
            p.step(x, 0, null, 0, pred, 0);
            if (saved.loss() == LossType.CROSS_ENTROPY) {
                out[t] = org.tbptt4j.model.Softmax.probabilities(pred, 0, O);
            } else {
                out[t] = new double[O];
                for (int o = 0; o < O; o++) {
                    out[t][o] = numeric ? pred[o] * outScale[o] + outCenter[o] : ClassificationMetrics.sigmoid(pred[o]);
                }
            }
        }
        return out;
    }

    /**
     * The most likely class of a whole sequence (sequence classification): {@link #predict} at its
     * last step.
     *
     * @throws IllegalStateException if the model does not classify sequences
     */
    public String classify(double[][] sequence) {
        if (saved.data().task() != DataSpec.TaskKind.CLASSIFY) {
            throw new IllegalStateException("this model does " + saved.data().describe()
                    + ", not sequence classification; use predict");
        }
        if (sequence.length == 0) {
            throw new IllegalArgumentException("sequence: no steps given; give at least one step");
        }
        double[][] p = predict(sequence);
        return classes().get(ClassificationMetrics.argmax(p[p.length - 1]));
    }

    /** The columns the network sees, in input order (empty for text). */
    public List<String> features() {
        return saved.data().features();
    }

    /** The columns it predicts, in output order (empty for classification and text). */
    public List<String> targets() {
        return saved.data().targets();
    }

    /** Class names by class id (empty unless it learnt classes). */
    public List<String> classes() {
        return saved.data().classes();
    }

    /** What it learnt, e.g. "next-step forecasting" or "sequence classification (9 classes)". */
    public String describe() {
        return saved.data().describe();
    }

    /** The network's shape. */
    public ModelConfig config() {
        return saved.model();
    }

    /** Per-epoch losses of the training that made it; null for a loaded model. */
    public TrainingHistory history() {
        return history;
    }

    /** What is saved: shape, loss, parameters (in double precision), data recipe and training details. */
    public SavedModel saved() {
        return saved;
    }

    /** Stream rows it was trained with (rows run together when evaluating many sequences). */
    private int batch() {
        return Math.max(1, saved.extra().path("training").path("batch").asInt(16));
    }

    /** For each named column, x' = (x - center) / scale of the saved scaler; center 0 and scale 1 where unscaled. */
    private void unitsOf(List<String> columns, double[] center, double[] scale) {
        Arrays.fill(scale, 1);
        DataRecipe.SavedScaler s = saved.data().scaler();
        if (s == null) {
            return;
        }
        for (int i = 0; i < columns.size() && i < center.length; i++) {
            int k = s.columns().indexOf(columns.get(i));
            if (k >= 0) {
                center[i] = s.center()[k];
                scale[i] = s.scale()[k];
            }
        }
    }
}
