package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.ColumnUse;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;
import org.tbptt4j.data.UnitIntervalTargets;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.Training;
import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;
import org.tbptt4j.train.TrainingListener;
import org.tbptt4j.model.ParameterException;

/**
 * Trains one {@link RunConfig} on prepared data with the float32 engine and measures it on the
 * validation part: what a grid trial is and what {@code tbptt4j train} does.
 *
 * <p>Validation lies after the training data in time. One series cut in time is one continuous
 * stream: the model runs over the training span first, unscored, to warm its state up, and is
 * scored on the validation steps (the test part likewise after the training and validation spans;
 * see {@link #scored}), as a deployed stateful forecaster and the baselines do. Many validation
 * sequences are each run from a fresh state.
 */
public final class Experiment {

    private Experiment() {
    }

    /**
     * What a run produced.
     *
     * @param net        the trained network (the best epoch's weights with early stopping)
     * @param model      its shape
     * @param loss       the loss it was trained with
     * @param layout     the training layout (strategy, k1, k2 as trained)
     * @param history    per-epoch record
     * @param validation the final validation measurement (null without validation data)
     */
    public record Outcome(Network net, ModelConfig model, LossType loss, Layout layout, TrainingHistory history,
                          Evaluation validation) {
    }

    /** The loss a task trains with: cross-entropy on class ids and tokens, MSE otherwise. */
    public static LossType lossFor(Task task) {
        return hasClasses(task) ? LossType.CROSS_ENTROPY : LossType.MSE;
    }

    /** Whether the task's targets are class ids (sequence labels, per-step classes, tokens). */
    public static boolean hasClasses(Task task) {
        return task instanceof Task.Classify || task instanceof Task.PerStepClasses || task instanceof Task.LanguageModel;
    }

    /** A chosen loss, if it fits the task: cross-entropy needs class ids, the others numbers per output. */
    static LossType checkLoss(LossType loss, Task task) {
        boolean classes = hasClasses(task);
        if (classes != (loss == LossType.CROSS_ENTROPY)) {
            throw new ParameterException("loss = " + loss.id + " does not fit " + task.describe() + ": use "
                    + (classes ? "cross-entropy for classes and tokens" : "mse, mae or bce (targets in [0, 1]) for numeric targets"
                    + (task instanceof Task.PerStep ? ", or read a target column of class labels as categorical "
                    + "(CsvOptions.withCategorical) to learn its classes" : "")), "loss");
        }
        return loss;
    }

    /** The target columns of a task with numeric targets per step (forecasting, per-step), else none. */
    public static int[] targetColumns(Task task) {
        return task instanceof Task.Forecast f ? f.targets() : task instanceof Task.PerStep p ? p.targets() : new int[0];
    }

    /**
     * Fails unless the prepared targets fit the loss: binary cross-entropy needs every target, of
     * every part, in [0, 1]; the message names the file, the first line outside (CSV) and the column.
     */
    public static void checkTargets(Preparation prep, LossType loss) {
        Path file = prep.spec().file();
        boolean ts = prep.spec().format() == DataSpec.Format.TS
                || prep.spec().format() == null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ts");
        checkTargets(loss, prep.task(), prep.parts(), prep.scaler(), file, ts ? null : prep.spec().csv());
    }

    /**
     * {@link #checkTargets(Preparation, LossType)} for data read otherwise (a saved model's new data).
     *
     * @param parts  the data as the loss sees it (scaled by {@code scaler} where it scales)
     * @param csv    how {@code file} was read if it is a CSV, else null
     */
    public static void checkTargets(LossType loss, Task task, List<SeriesSet> parts, Scaler scaler, Path file, CsvOptions csv) {
        int[] targets = targetColumns(task);
        if (loss == LossType.BCE_WITH_LOGITS && targets.length > 0) {
            UnitIntervalTargets.require(parts, scaler, targets, file, csv, "binary cross-entropy");
        }
    }

    /** The part of a file that evaluates as a whole ({@link #evaluationData}); the others are {@link TimeSplit#PARTS}. */
    public static final String WHOLE_FILE = "all";

    /**
     * A saved model's new data as evaluation sees it: the file read the model's way (every sequence
     * labelled), its targets checked against the loss, the part scored ({@link ScoredPart}) cut into
     * the task's sequences.
     *
     * @param part     "all", or "train", "validation" or "test" as the model's training split cut the file
     * @param training the model's training record ({@code extra.training}), for the split
     * @param notes    receives what the reader trimmed or dropped, and which steps are not scored
     * @throws IllegalArgumentException if the file does not fit the model or its part is too short for its task
     */
    public static EvaluationData evaluationData(DataRecipe recipe, LossType loss, Path file, String part,
                                                com.fasterxml.jackson.databind.JsonNode training, List<String> notes)
            throws java.io.IOException {
        DataRecipe.Input in = recipe.read(file, true);
        checkTargets(loss, in.task(), List.of(in.scaled()), in.scaler(), file,
                recipe.format() == DataSpec.Format.CSV ? recipe.csvOptions(file, true) : null);
        notes.addAll(in.scaled().notes());
        ScoredPart scored = ScoredPart.of(part, in.scaled(), training, file);
        List<Sequence> sequences = scored.sequences(in.task(), notes);
        if (sequences.isEmpty()) {
            boolean all = scored.name().equals("all");
            throw new IllegalArgumentException(file + ": " + (all ? "" : "its " + scored.name() + " part is ") + "too short for "
                    + in.task().describe() + "; give a longer file" + (all ? "" : " or another part"));
        }
        if (in.task() instanceof Task.Forecast || in.task() instanceof Task.PerStep) {   // the part's own steps, not its warm-up
            notes.addAll(ColumnUse.unscoredNote(scored.parts().size() == 1 ? sequences
                    : in.task().applyAll(scored.parts().get(scored.index()), new ArrayList<>())));
        }
        return new EvaluationData(in, scored, sequences);
    }

    /**
     * A file read a saved model's way ({@code input}: the task and scaler with its column indices),
     * the part scored and its sequences.
     */
    public record EvaluationData(DataRecipe.Input input, ScoredPart part, List<Sequence> sequences) {
    }

    /** The model shape a task and configuration need. */
    public static ModelConfig modelFor(Task task, RunConfig c) {
        if (task instanceof Task.LanguageModel lm) {
            return new ModelConfig(c.cell(), lm.vocabulary(), c.embedding(), c.hidden(), c.layers(), lm.vocabulary(), c.dropout());
        }
        if (task instanceof Task.Classify k) {
            return new ModelConfig(c.cell(), k.inputWidth(), 0, c.hidden(), c.layers(), k.classes(), c.dropout());
        }
        if (task instanceof Task.PerStepClasses k) {
            return new ModelConfig(c.cell(), k.inputWidth(), 0, c.hidden(), c.layers(), k.classes(), c.dropout());
        }
        return new ModelConfig(c.cell(), task.inputWidth(), 0, c.hidden(), c.layers(), task.targetWidth(), c.dropout());
    }

    /** The training layout of a configuration, for a task without sequence labels. */
    public static Layout trainingLayout(List<Sequence> train, RunConfig c) {
        return c.spec().strategy(train, c.batch()).layout(train, c.batch()).withK(c.k1(), c.k2());
    }

    /**
     * The training layout of a configuration for a task. With sequence labels (classification) and
     * no length, k1 or k2 given, the defaults let the label's gradient reach back over every
     * training sequence: the length is the longest sequence, and k2 is raised where a layout still
     * cuts one ({@link #spanLabels}).
     */
    public static Layout trainingLayout(List<Sequence> train, RunConfig c, Task task) {
        StrategySpec s = c.spec();
        requireStrategyFits(s, task);
        if (!(task instanceof Task.Classify) || s.length().isPresent() || c.k1() > 0 || c.k2() > 0) {
            return trainingLayout(train, c);
        }
        RunConfig longest = s instanceof StrategySpec.Domain ? c : c.withStrategy(s.withLength(longest(train)));
        return spanLabels(trainingLayout(train, longest));
    }

    /** The longest of the sequences, in steps. */
    public static int longest(List<Sequence> sequences) {
        return sequences.stream().mapToInt(Sequence::length).max().orElse(1);
    }

    /** A layout whose k2 is raised, where needed, so that the gradient spans every sequence (see {@link Layout#reach}). */
    public static Layout spanLabels(Layout l) {
        int k2 = l.reach().k2ToSpan();
        return k2 > l.k2() ? l.withK(0, k2) : l;
    }

    /**
     * Refuses a strategy that cannot learn the task: one-step (TBPTT(1,1)) gives a sequence label's
     * gradient one step of the sequence.
     */
    public static void requireStrategyFits(StrategySpec strategy, Task task) {
        if (task instanceof Task.Classify && strategy instanceof StrategySpec.OneStep) {
            throw new ParameterException("strategy = one-step trains TBPTT(1,1): a sequence label's gradient would "
                    + "reach only the last step of its sequence; classify with strategy = as-is, packed or naive (the defaults "
                    + "cover the longest sequence)", "strategy");
        }
    }

    /**
     * A note on how far the label's gradient reaches, for sequence labels (null for other tasks):
     * how many training sequences TBPTT(k1, k2) does not span, and what would.
     */
    public static String reachNote(Task task, Layout l) {
        if (!(task instanceof Task.Classify)) {
            return null;
        }
        Layout.Reach r = l.reach();
        if (r.cut() == 0) {
            return String.format(java.util.Locale.ROOT, "the label's gradient reaches the first step of every one of the %d "
                    + "sequences (TBPTT(k1=%d, k2=%d))", r.sequences(), l.k1(), l.k2());
        }
        return String.format(java.util.Locale.ROOT, "warning: the label's gradient does not reach the first step of %d of "
                + "%d sequences (%.1f%%): TBPTT(k1=%d, k2=%d) backpropagates at most %d steps from a label; k2 = %d (or "
                + "strategy = as-is) spans them all", r.cut(), r.sequences(), 100 * r.cutFraction(), l.k1(), l.k2(),
                Math.max(l.k2(), 1), r.k2ToSpan());
    }

    /**
     * What part {@code part} (1 validation, 2 test) is scored on. One series cut in time
     * ({@link TimeSplit#isSpanSplit}) gives one sequence: every step before the part (the training
     * span, and the validation span before the test), unscored, then the part's own steps, scored
     * exactly where the part's own sequence scores them (the steps the baselines are scored on), so
     * the model's state is warmed up by the series' past. Many sequences are the part's sequences,
     * each run from a fresh state.
     *
     * @param parts the (scaled) training, validation and test parts the sequences are made from
     * @return the sequences; empty when the part has none (or is too short for the task)
     */
    public static List<Sequence> scored(Task task, List<SeriesSet> parts, int part, List<String> notes) {
        if (part == 0 || !TimeSplit.isSpanSplit(parts) || parts.get(part).series().isEmpty()) {
            return task.applyAll(parts.get(part), notes);
        }
        Sequence own = task.apply(parts.get(part).series().get(0));
        if (own.length() == 0) {
            return task.applyAll(parts.get(part), notes);   // too short: dropped, with the note
        }
        Sequence all = task.apply(TimeSplit.joined(parts, part));
        int offset = all.length() - own.length();           // the steps before the part: its warm-up
        boolean[] loss = new boolean[all.length()];
        System.arraycopy(own.loss(), 0, loss, offset, own.length());
        return List.of(new Sequence(own.id(), all.length(), all.inputWidth(), all.targetWidth(), all.x(), all.y(), loss,
                all.sentenceEnds()));
    }

    /** {@link #scored(Task, List, int, List)} of a preparation: its validation (part 1) or test (part 2) sequences, warmed up. */
    public static List<Sequence> scored(Preparation prep, int part) {
        return TimeSplit.isSpanSplit(prep.parts()) ? scored(prep.task(), prep.parts(), part, new ArrayList<>())
                : part == 1 ? prep.validation() : prep.test();
    }

    /**
     * What the model's state was warmed up on before part {@code part} was scored, in words, e.g.
     * "its state warmed up, unscored, over the 1,000 steps before it (the training span)"; "each
     * sequence from a fresh state" for many sequences.
     */
    public static String warmUp(List<SeriesSet> parts, int part) {
        if (!TimeSplit.isSpanSplit(parts)) {
            return "each sequence from a fresh state";
        }
        if (part == 0 || parts.get(part).series().isEmpty()) {
            return "from a fresh state at the series' start";
        }
        long steps = 0;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < part; k++) {
            steps += parts.get(k).totalSteps();
            if (parts.get(k).totalSteps() > 0) {
                names.add(TimeSplit.PARTS.get(k));
            }
        }
        return String.format(Locale.ROOT, "from a fresh state at the series' start: its state warmed up, unscored, over the %,d "
                + "steps before the %s part (the %s span%s)", steps, TimeSplit.PARTS.get(part), String.join(" and ", names),
                names.size() > 1 ? "s" : "");
    }

    /** The validation layout: one continuous stream for a single series, each sequence from a fresh state for many. */
    public static Layout validationLayout(List<Sequence> validation, int batch) {
        if (validation.size() == 1) {
            return new Strategy.OneStep().layout(validation, 1);
        }
        return new Strategy.AsIs().layout(validation, Math.min(batch, validation.size()));
    }

    /**
     * Checks that a configuration can run on the data without training it: its training layout
     * (lengths, batch, k1 and k2 against the sequences), its loss, its model and its validation layout.
     *
     * @throws IllegalArgumentException what {@link #run} would fail with, in the same words
     */
    public static void check(Preparation prep, RunConfig c) {
        Layout layout = trainingLayout(prep.train(), c, prep.task());
        TbpttConfig.of(layout.k1(), layout.k2()).withClipNorm(c.clipNorm());
        OptimizerConfig.of(c.optimizer(), c.lr());
        if (c.loss() != null) {
            checkLoss(c.loss(), prep.task());
        }
        modelFor(prep.task(), c);
        if (!prep.validation().isEmpty()) {
            validationLayout(scored(prep, 1), c.batch());
        }
    }

    /** Trains and validates one configuration. */
    public static Outcome run(Preparation prep, RunConfig c, TrainingListener listener) {
        return run(prep, c, listener, null);
    }

    /** The same with adaptive truncation (null = the configuration's k2 throughout). */
    public static Outcome run(Preparation prep, RunConfig c, TrainingListener listener, AdaptiveK2 adaptive) {
        LossType loss = c.loss() != null ? checkLoss(c.loss(), prep.task()) : lossFor(prep.task());
        checkTargets(prep, loss);
        Layout layout = trainingLayout(prep.train(), c, prep.task());
        ModelConfig model = modelFor(prep.task(), c);
        Network net = new Network(model);
        net.setParameters(Initializer.pytorchDefault().initialise(model, c.seed()));
        TbpttConfig tbptt = TbpttConfig.of(layout.k1(), layout.k2()).withClipNorm(c.clipNorm());
        TrainingConfig tc = TrainingConfig.of(tbptt, OptimizerConfig.of(c.optimizer(), c.lr()), loss, c.epochs())
                .withPatience(c.patience()).withCarryStateToValidation(false).withSeed(c.seed()).withBudget(c.budget());
        List<StreamBatch> validation = new ArrayList<>();
        if (!prep.validation().isEmpty()) {
            validation.add(StreamBatch.fromLayout(validationLayout(scored(prep, 1), c.batch())));
        }
        TrainingHistory history = Training.fit(net, tc, List.of(StreamBatch.fromLayout(layout)), validation, listener, adaptive);
        Evaluation val = validation.isEmpty() ? null : Training.validate(net, validation, Loss.of(loss), null);
        return new Outcome(net, model, loss, layout, history, val);
    }

    /**
     * How a run was trained, as a saved model keeps it ({@code extra.training} in its config.json):
     * the data file's name, the strategy and layout as trained, the model and the training options.
     *
     * @param adaptive the adaptive truncation used, or null
     */
    public static ObjectNode trainingJson(Preparation prep, RunConfig run, Outcome outcome, AdaptiveK2 adaptive) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("source", prep.spec().file().getFileName().toString());
        t.put("strategy", run.strategy());
        t.put("layout", outcome.layout().strategy());
        t.put("length", run.length());
        t.put("k1", outcome.layout().k1());
        t.put("k2", outcome.layout().k2());
        t.put("batch", run.batch());
        t.put("cell", run.cell().id());
        t.put("hidden", run.hidden());
        t.put("layers", run.layers());
        t.put("dropout", run.dropout());
        t.put("embedding", run.embedding());
        t.put("optimizer", run.optimizer().id());
        t.put("lr", run.lr());
        t.put("clip_norm", run.clipNorm());
        t.put("epochs", run.epochs());
        t.put("patience", run.patience());
        t.put("seed", run.seed());
        if (adaptive != null) {
            ObjectNode a = t.putObject("adaptive_k2");
            a.put("tolerance", adaptive.tolerance());
            a.put("k2_min", adaptive.k2Min());
            a.put("k2_max", adaptive.k2Max());
            a.put("positions", adaptive.positions());
        }
        t.put("split_train", prep.spec().train());
        t.put("split_validation", prep.spec().validation());
        t.put("split_seed", prep.spec().seed());
        return t;
    }
}
