package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.io.ModelStore;
import org.tbptt4j.io.SavedModel;
import org.tbptt4j.metrics.Metrics;
import org.tbptt4j.model.Precision;
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingBudget;
import org.tbptt4j.train.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j train}: prepares a data file, trains one configuration with TBPTT on its training
 * part, measures the model on the validation part, saves it (with everything evaluate and predict
 * need to prepare data the same way) and prints a summary. A run that diverges exits 1: it saves
 * nothing, unless early stopping kept the best epoch before the divergence, whose weights it saves
 * and names.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a recurrent network on a data file with truncated BPTT and saves it as a model directory.",
                "Prints train and validation loss and what fits the task: for classifiers accuracy, log loss, macro F1, the confusion "
                        + "matrix and (two classes) ROC AUC; for numbers the error in the data's units; for text bits per token.",
                "A run that diverges exits 1; it saves the best epoch before the divergence only with --patience.",
                "--json prints the summary as one JSON object."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    StrategyOptions cut;

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "MODEL", defaultValue = "model",
            description = "Model directory to write (config.json + model.safetensors); an existing model there is replaced. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--adaptive-k2", paramLabel = "TOL",
            description = "Re-estimate k2 before every epoch after the first from the memory horizon (as 'tbptt4j horizon'): "
                    + "the window whose truncation bias is at most TOL, e.g. 0.1; k2 = that window + k1 - 1. Default: off.")
    Double adaptiveK2;

    @Option(names = "--k2-min", paramLabel = "N", description = "Smallest k2 --adaptive-k2 may set. Default: 1.")
    Integer k2Min;

    @Option(names = "--k2-max", paramLabel = "N",
            description = "Largest k2 --adaptive-k2 may set, and the lags it measures. Default: 100.")
    Integer k2Max;

    @Option(names = "--budget", paramLabel = "B",
            description = "Stop training after exactly N updates (e.g. 2000u, mid-epoch if need be) or a training time (e.g. 30s,"
                    + " 10m), validate and save; what `grid --budget-per-trial` gives each trial. Default: none.")
    String budget;

    @Option(names = "--json", description = "Print the summary as one JSON object (and no progress on the error stream).")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Mixin
    ThreadOptions threadOptions;

    /** --budget, parsed. */
    private TrainingBudget budget() {
        try {
            return budget == null ? TrainingBudget.NONE : TrainingBudget.parse(budget);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--budget: " + UserErrors.message(e), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        threadOptions.apply();
        RunConfig run = model.runConfig(cut, budget());
        AdaptiveK2 adaptive = adaptive();
        requireReplaceable(out);
        if (run.patience() > 0 && data.split.size() == 2 && data.split.get(1) == 0) {
            throw new IllegalArgumentException("--patience " + run.patience() + " watches the validation loss, but --split "
                    + data.split.get(0) + ",0 leaves no validation data; give a validation fraction, e.g. --split 0.7,0.15, "
                    + "or leave --patience out");
        }
        Preparation prep = Preparation.prepare(data.spec(run.loss()));
        model.requireApplicable(prep);
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        Experiment.Outcome outcome;
        try (ProgressListener progress = json ? null : new ProgressListener(err, run.epochs(), System.console() != null,
                !prep.validation().isEmpty())) {
            outcome = Experiment.run(prep, run, progress, adaptive);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingHistory history = outcome.history();
        boolean diverged = history.stop() == TrainingHistory.Stop.DIVERGED;
        if (diverged && history.bestEpoch() == 0) {
            err.println("tbptt4j: " + history.message());
            err.println("tbptt4j: " + divergedOutcome(history, run, out));
            err.flush();
            return 1;
        }
        Metrics val = Metrics.measure(outcome.net(), outcome.loss(), prep.task(), prep.scaler(), Experiment.scored(prep, 1), run.batch(),
                prep.classes());
        ObjectNode summary = summary(history, val, seconds, out);
        Layout.Reach reach = prep.task() instanceof Task.Classify ? outcome.layout().reach() : null;
        if (reach != null) {
            summary.put("sequences_not_spanned", reach.cut());
            summary.put("fraction_not_spanned", reach.cutFraction());
        }
        prep.columns().putJson(summary);
        ModelStore.save(out, new SavedModel(outcome.model(), outcome.loss(), Precision.F32, outcome.net().parametersAsDouble(),
                extra(prep, run, outcome, summary, adaptive), DataRecipe.of(prep)));
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().writeValueAsString(summary));
        } else {
            printText(o, prep, outcome, history, val, summary);
        }
        o.flush();
        if (diverged) {
            // early stopping kept the best epoch before the divergence: saved, but the run is still a failure
            err.println("tbptt4j: " + history.message());
            err.println("tbptt4j: " + divergedOutcome(history, run, out));
            err.flush();
            return 1;
        }
        return 0;
    }

    /** The adaptive truncation the options ask for, or null; bounds without --adaptive-k2 are refused. */
    private AdaptiveK2 adaptive() {
        if (adaptiveK2 == null) {
            if (k2Min != null || k2Max != null) {
                throw new IllegalArgumentException((k2Min != null ? "--k2-min" : "--k2-max")
                        + " applies only with --adaptive-k2 TOL; add it, or leave the bound out");
            }
            return null;
        }
        if (!(adaptiveK2 > 0 && adaptiveK2 < 1)) {
            throw new IllegalArgumentException("--adaptive-k2 is a relative truncation bias in (0, 1), e.g. 0.1; got " + adaptiveK2);
        }
        int lo = k2Min == null ? 1 : k2Min;
        int hi = k2Max == null ? Math.max(lo, 100) : k2Max;
        if (lo < 1 || hi < lo) {
            throw new IllegalArgumentException("--k2-min and --k2-max need 1 <= --k2-min <= --k2-max, got " + lo + " and " + hi);
        }
        return new AdaptiveK2(adaptiveK2, lo, hi, AdaptiveK2.DEFAULT_POSITIONS);
    }

    /**
     * What a diverged run left, for its second error line: the best epoch before the divergence saved
     * to {@code dir} (early stopping kept it), or nothing saved and why; then what to try.
     */
    static String divergedOutcome(TrainingHistory h, RunConfig run, Path dir) {
        java.math.BigDecimal lr = new java.math.BigDecimal(Double.toString(run.lr()));
        String advice = "Try --lr " + plain(lr.movePointLeft(1)) + " (a tenth of " + plain(lr) + "), --clip-norm 1, or a shorter --k2";
        if (h.bestEpoch() == 0) {
            return "nothing was saved: " + (run.patience() > 0 ? "no good epoch came before the divergence"
                    : "without --patience no epoch's weights are kept to fall back on") + ". " + advice;
        }
        EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
        boolean validated = !Double.isNaN(best.validationLoss());
        return String.format(Locale.ROOT, "saved the weights of epoch %d, the best before the divergence (%s loss %.6g), to %s;"
                + " the run failed all the same. %s", h.bestEpoch(), validated ? "validation" : "training",
                validated ? best.validationLoss() : best.trainLoss(), dir, advice);
    }

    /** x in plain decimals: 0.14 (not 0.13999999999999999), 100000 (not 1.0E5). */
    private static String plain(java.math.BigDecimal x) {
        return x.stripTrailingZeros().toPlainString();
    }

    /**
     * Fails before training when --out names something that is not a model directory, which saving
     * would refuse to replace (ModelStore checks again when it saves).
     */
    static void requireReplaceable(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(dir.resolve(ModelStore.CONFIG_FILE))) {
            throw new IllegalArgumentException("--out " + dir + " exists and is not a tbptt4j model directory, so the model "
                    + "cannot be saved there; choose another path, or move it away first");
        }
    }

    /** The summary as JSON: the keys --json prints, also kept in the model. */
    static ObjectNode summary(TrainingHistory h, Metrics val, double seconds, Path out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        EpochRecord last = h.last();
        EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
        Metrics.put(o, "train_loss", best.trainLoss());
        val.putJson(o, "validation_loss");
        o.put("epochs", h.epochs().size());
        o.put("updates", h.epochs().stream().mapToLong(EpochRecord::updates).sum());
        o.put("best_epoch", h.bestEpoch());
        o.put("seconds", seconds);
        double trainSeconds = 0;
        double steps = 0;
        for (EpochRecord e : h.epochs()) {
            trainSeconds += e.seconds();
            steps += e.stepsPerSecond() * e.seconds();
        }
        Metrics.put(o, "steps_per_s", steps / Math.max(trainSeconds, 1e-9));
        o.put("model", out.toString());
        o.put("stop", h.stop().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Metrics.put(o, "final_train_loss", last.trainLoss());
        ArrayNode k2s = o.putArray("k2_per_epoch");
        for (EpochRecord e : h.epochs()) {
            k2s.add(e.k2());
        }
        return o;
    }

    /** What a model keeps besides its weights and data recipe: how it was trained, and the summary. */
    static ObjectNode extra(Preparation prep, RunConfig run, Experiment.Outcome outcome, ObjectNode summary,
                                    AdaptiveK2 adaptive) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        extra.set("training", Experiment.trainingJson(prep, run, outcome, adaptive));
        extra.set("summary", summary.deepCopy());
        return extra;
    }

    private void printText(PrintWriter o, Preparation prep, Experiment.Outcome outcome, TrainingHistory h, Metrics val,
                           ObjectNode s) {
        o.printf(Locale.ROOT, "model       %s (%s, %d layer(s) of %d, %,d parameters)%n", out, outcome.model().cell().id(),
                outcome.model().layers(), outcome.model().hidden(), outcome.net().params.length);
        o.printf(Locale.ROOT, "data        %s (%s)%n", prep.spec().file().getFileName(), prep.task().describe());
        o.printf(Locale.ROOT, "layout      %s, %d streams, TBPTT(k1=%d, k2=%d)%n", outcome.layout().strategy(),
                outcome.layout().rows(), outcome.layout().k1(), outcome.layout().k2());
        if (adaptiveK2 != null) {
            StringBuilder k2s = new StringBuilder();
            for (EpochRecord e : h.epochs()) {
                k2s.append(k2s.length() == 0 ? "" : ", ").append(e.k2());
            }
            o.printf(Locale.ROOT, "k2          adaptive (tolerance %s), per epoch: %s%n", adaptiveK2, k2s);
        }
        o.printf(Locale.ROOT, "epochs      %d (%s), weights of epoch %d%n", h.epochs().size(),
                s.get("stop").asText(), h.bestEpoch());
        String validation = prep.validation().isEmpty() ? "no validation data"
                : String.format(Locale.ROOT, "validation %.6g", val.loss());
        o.printf(Locale.ROOT, "loss        train %.6g, %s (%s%s)%n", s.path("train_loss").asDouble(Double.NaN),
                validation, outcome.loss().id, Metrics.scaledTargets(prep.task(), prep.scaler()) ? ", on scaled data" : "");
        if (!prep.validation().isEmpty()) {
            val.printText(o, "validation");
            o.println("note        validation runs " + Experiment.warmUp(prep.parts(), 1));
        }
        String reach = Experiment.reachNote(prep.task(), outcome.layout());
        if (reach != null) {
            o.println("note        " + UserErrors.inOptions(reach));
        }
        for (String n : prep.notes()) {
            o.println("note        " + UserErrors.inOptions(n));
        }
        o.printf(Locale.ROOT, "time        %.1f s, %,.0f steps/s%n", s.get("seconds").asDouble(), s.path("steps_per_s").asDouble());
    }
}
