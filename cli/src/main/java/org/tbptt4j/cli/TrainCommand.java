package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.io.ModelStore;
import org.tbptt4j.io.SavedModel;
import org.tbptt4j.model.Precision;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j train}: prepares a data file, trains one configuration with TBPTT on its training
 * part, measures the model on the validation part, saves it (with everything evaluate and predict
 * need to prepare data the same way) and prints a summary. A run that diverges saves nothing and
 * exits 1.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a recurrent network on a data file with truncated BPTT and saves it as a model directory.",
                "Prints train and validation loss, and accuracy, error in the data's units or bits per token where they apply.",
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

    @Option(names = "--json", description = "Print the summary as one JSON object (and no progress on the error stream).")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        RunConfig run = model.runConfig(cut);
        requireReplaceable(out);
        if (run.patience() > 0 && data.split.size() == 2 && data.split.get(1) == 0) {
            throw new IllegalArgumentException("--patience " + run.patience() + " watches the validation loss, but --split "
                    + data.split.get(0) + ",0 leaves no validation data; give a validation fraction, e.g. --split 0.7,0.15, "
                    + "or leave --patience out");
        }
        Preparation prep = Preparation.prepare(data.spec());
        model.requireApplicable(prep);
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        Experiment.Outcome outcome;
        try (ProgressListener progress = json ? null : new ProgressListener(err, run.epochs(), System.console() != null,
                !prep.validation().isEmpty())) {
            outcome = Experiment.run(prep, run, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingHistory history = outcome.history();
        if (history.stop() == TrainingHistory.Stop.DIVERGED) {
            err.println("tbptt4j: " + history.message());
            err.printf(Locale.ROOT, "tbptt4j: nothing was saved. Try --lr %s (a tenth of %s), --clip-norm 1, or a shorter --k2%n",
                    run.lr() / 10, run.lr());
            err.flush();
            return 1;
        }
        Metrics val = Metrics.measure(outcome.net(), outcome.loss(), prep.task(), prep.scaler(), prep.validation(), run.batch());
        ObjectNode summary = summary(history, val, seconds);
        prep.columns().putJson(summary);
        ModelStore.save(out, new SavedModel(outcome.model(), outcome.loss(), Precision.F32, outcome.net().parametersAsDouble(),
                extra(prep, run, outcome, summary)));
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().writeValueAsString(summary));
        } else {
            printText(o, prep, outcome, history, val, summary);
        }
        o.flush();
        return 0;
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
    private ObjectNode summary(TrainingHistory h, Metrics val, double seconds) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        EpochRecord last = h.last();
        EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
        Metrics.put(o, "train_loss", best.trainLoss());
        val.putJson(o, "validation_loss");
        o.put("epochs", h.epochs().size());
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
        return o;
    }

    /** What a model keeps besides its weights: the data recipe, how it was trained, and the summary. */
    private static ObjectNode extra(Preparation prep, RunConfig run, Experiment.Outcome outcome, ObjectNode summary) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        extra.set("data", DataRecipe.of(prep).toJson());
        ObjectNode t = extra.putObject("training");
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
        t.put("split_train", prep.spec().train());
        t.put("split_validation", prep.spec().validation());
        t.put("split_seed", prep.spec().seed());
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
        o.printf(Locale.ROOT, "epochs      %d (%s), weights of epoch %d%n", h.epochs().size(),
                s.get("stop").asText(), h.bestEpoch());
        String validation = prep.validation().isEmpty() ? "no validation data"
                : String.format(Locale.ROOT, "validation %.6g", val.loss());
        o.printf(Locale.ROOT, "loss        train %.6g, %s (%s%s)%n", s.path("train_loss").asDouble(Double.NaN),
                validation, outcome.loss().id, prep.scaler() == null ? "" : ", on scaled data");
        if (!prep.validation().isEmpty()) {
            val.printText(o, "validation");
        }
        for (String n : prep.notes()) {
            o.println("note        " + n);
        }
        o.printf(Locale.ROOT, "time        %.1f s, %,.0f steps/s%n", s.get("seconds").asDouble(), s.path("steps_per_s").asDouble());
    }
}
