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
import org.tbptt4j.experiment.ScoredPart;
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
        return evaluate(file, Experiment.WHOLE_FILE).metrics();
    }

    /**
     * Measures the model on one part of {@code file} (as {@link #evaluate(Path)}): {@code "all"}, or
     * {@code "train"}, {@code "validation"} or {@code "test"} as the model's training split cut its
     * data (the fractions and seed saved with it). One series cut in time: the validation and test
     * parts are scored after the model has run, unscored, over the spans before them, as the grid
     * scores them; many sequences: whole sequences with the saved seed, each from a fresh state.
     * What {@code tbptt4j evaluate --part} runs.
     *
     * @throws IllegalArgumentException if the part is unknown or the model has no training split to cut it with, or as
     *                                  {@link #evaluate(Path)}
     */
    public Evaluation evaluate(Path file, String part) throws IOException {
        DataRecipe recipe = saved.data();
        List<String> notes = new ArrayList<>();
        Experiment.EvaluationData data = Experiment.evaluationData(recipe, saved.loss(), file, part,
                saved.extra().path("training"), notes);
        DataRecipe.Input in = data.input();
        List<Sequence> sequences = data.sequences();
        Metrics m = Metrics.measure(net, saved.loss(), in.task(), in.scaler(), sequences, batch(), recipe.classes());
        ScoredPart scored = data.part();
        long steps = sequences.stream().mapToLong(Sequence::length).sum() - scored.warmUpSteps();   // the part's own steps
        return new Evaluation(m, scored.name(), scored.description(), scored.start(), sequences.size(), steps,
                scored.warmUpSteps(), Metrics.scaledTargets(in.task(), in.scaler()), notes);
    }

    /**
     * What {@link #evaluate(Path, String)} measured, and on what.
     *
     * @param metrics         the loss and the measures that fit the task
     * @param part            {@code all}, {@code train}, {@code validation} or {@code test}
     * @param partDescription the part in words ("the whole file", "the test part as the model's training split cut it: ...")
     * @param start           where the model's state starts, in words ("from a fresh state", or the spans it was warmed on)
     * @param sequences       sequences scored
     * @param steps           the part's own steps (the warm-up not counted)
     * @param warmUpSteps     steps run, unscored, before the part to warm the state up (one series cut in time; else 0)
     * @param scaledLoss      whether the loss is on data scaled with the training scaler (the RMSE and MAE never are)
     * @param notes           what the reader trimmed or dropped, and which steps are not scored
     */
    public record Evaluation(Metrics metrics, String part, String partDescription, String start, int sequences, long steps,
                             long warmUpSteps, boolean scaledLoss,
                             List<String> notes) {
        public Evaluation {
            notes = List.copyOf(notes);
        }
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
     * Generates text from a language model, as char-rnn samples: {@code prime} is fed through the
     * network to set its state, then each of {@code tokens} tokens is drawn from softmax(logits /
     * temperature) and fed back. Same model, prime, temperature and seed: same text.
     *
     * @param prime       the start (characters, or words for a word model); null or empty: one token drawn at random
     * @param temperature above 0: 1 samples the model's own distribution, lower is more conservative
     * @throws IllegalStateException    if the model is not a language model
     * @throws IllegalArgumentException if the temperature is not positive or the prime has a token outside the vocabulary
     */
    public String sample(String prime, int tokens, double temperature, long seed) {
        DataRecipe r = saved.data();
        if (r.task() != DataSpec.TaskKind.LANGUAGE_MODEL) {
            throw new IllegalStateException("this model does " + r.describe() + ", not language modelling; use predict");
        }
        return new TextSampler(net, r.vocabularyOrNull(), r.format() == DataSpec.Format.WORDS).sample(prime, tokens, temperature,
                seed);
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
