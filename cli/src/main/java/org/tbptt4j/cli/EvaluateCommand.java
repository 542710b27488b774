package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.data.ColumnUse;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.metrics.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j evaluate}: measures a saved model on a data file (all of it, or the part
 * {@code --part} names, cut as the model's training split was), prepared exactly as at
 * training (same columns and task, the saved scaler and vocabulary, never refitted), run from a
 * fresh state (the validation or test part of one series after a warm-up over the spans before it,
 * as the grid scores it): the loss and the measures that fit the task ({@link Metrics}). A binary cross-entropy
 * model's targets must lie in [0, 1]: the first line outside is an error.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measures a saved model on a data file (--part: all of it, or its train, validation or test part),",
                "prepared the way the model's training data was.",
                "--json prints one JSON object."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model directory written by 'tbptt4j train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Data file with the training data's format and columns (--part picks what is scored).")
    Path file;

    @Option(names = "--part", defaultValue = "all", paramLabel = "PART",
            description = "Which part of the file to score: train, validation or test as the model's training split cut it "
                    + "(the fractions and seed saved with the model), or all of it. Default: ${DEFAULT-VALUE}.")
    String part;

    @Option(names = "--json", description = "Print the metrics as one JSON object.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Mixin
    ThreadOptions threadOptions;

    @Override
    public Integer call() throws Exception {
        threadOptions.apply();
        LoadedModel m = LoadedModel.load(model);
        DataRecipe.Input in = m.data().read(file, true);
        Experiment.checkTargets(m.saved().loss(), in.task(), List.of(in.scaled()), in.scaler(), file,
                m.data().format() == DataSpec.Format.CSV ? m.data().csvOptions(file, true) : null);
        List<String> notes = new ArrayList<>(in.scaled().notes());   // what the reader trimmed or dropped
        Part scored = Part.of(part, m, in.scaled(), file);
        List<Sequence> sequences = scored.sequences(in.task(), notes);
        if (sequences.isEmpty()) {
            throw new UserErrors.UserError(file + ": " + (scored.name().equals("all") ? "" : "its " + scored.name() + " part is ")
                    + "too short for " + in.task().describe() + "; give a longer file" + (scored.name().equals("all") ? ""
                    : " or another --part"));
        }
        if (in.task() instanceof Task.Forecast || in.task() instanceof Task.PerStep) {
            notes.addAll(ColumnUse.unscoredNote(sequences));
        }
        long start = System.nanoTime();
        Metrics metrics = Metrics.measure(m.net(), m.saved().loss(), in.task(), in.scaler(), sequences, m.batch(),
                m.data().classes());
        double seconds = (System.nanoTime() - start) / 1e9;
        long steps = sequences.stream().mapToLong(Sequence::length).sum() - scored.warmUpSteps();   // the part's own steps
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            metrics.putJson(o, "loss");
            o.put("part", scored.name());
            o.put("part_description", scored.description());
            o.put("state", scored.start());
            o.put("warm_up_steps", scored.warmUpSteps());
            o.put("sequences", sequences.size());
            o.put("steps", steps);
            o.put("seconds", seconds);
            o.put("model", model.toString());
            o.put("data", file.toString());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "model       %s (%s)%n", model, m.data().describe());
            out.printf(Locale.ROOT, "data        %s: %d sequence(s), %,d steps, %s%n", file.getFileName(),
                    sequences.size(), steps, scored.start());
            out.printf(Locale.ROOT, "part        %s: %s%n", scored.name(), scored.description());
            out.printf(Locale.ROOT, "loss        %.6g (%s%s)%n", metrics.loss(), m.saved().loss().id,
                    Metrics.scaledTargets(in.task(), in.scaler()) ? ", on data scaled with the training scaler" : "");
            metrics.printText(out, "data");
            for (String n : notes) {
                out.println("note        " + n);
            }
            out.printf(Locale.ROOT, "time        %.2f s%n", seconds);
        }
        out.flush();
        return 0;
    }

    /**
     * The part of the file that is scored, cut as the model's training data was cut: one series by
     * time spans (the validation and test parts scored after the model has run over the spans before
     * them, as the grid scores them: {@link Experiment#scored}), many by whole sequences with the saved seed.
     *
     * @param parts the file's training, validation and test parts; the whole file alone for "all"
     * @param index which of {@code parts} is scored
     */
    record Part(String name, String description, List<SeriesSet> parts, int index) {

        /** The sequences scored, made by the model's task. */
        List<Sequence> sequences(Task task, List<String> notes) {
            return parts.size() == 1 ? task.applyAll(parts.get(0), notes) : Experiment.scored(task, parts, index, notes);
        }

        /** Steps run, unscored, before the part to warm the model's state up: the spans before it when one series is cut in time. */
        long warmUpSteps() {
            long n = 0;
            for (int k = 0; k < index && parts.size() > 1 && TimeSplit.isSpanSplit(parts); k++) {
                n += parts.get(k).totalSteps();
            }
            return n;
        }

        /** Where the model's state starts, in words. */
        String start() {
            return parts.size() == 1 ? "from a fresh state" : Experiment.warmUp(parts, index);
        }

        static Part of(String name, LoadedModel m, SeriesSet all, Path file) {
            String p = name.trim().toLowerCase(Locale.ROOT);
            if (p.equals("all")) {
                return new Part(p, "the whole file", List.of(all), 0);
            }
            int index = TimeSplit.PARTS.indexOf(p);
            if (index < 0) {
                throw new UserErrors.UserError("--part '" + name + "': use train, validation, test or all");
            }
            JsonNode t = m.saved().extra().path("training");
            if (!t.path("split_train").isNumber() || !t.path("split_validation").isNumber()) {
                throw new UserErrors.UserError("--part " + p + ": model " + m.dir() + " does not record its training split "
                        + "(extra.training.split_train and split_validation); score --part all, or train it again with tbptt4j train");
            }
            double train = t.get("split_train").asDouble();
            double validation = t.get("split_validation").asDouble();
            List<SeriesSet> parts;
            try {
                parts = all.series().size() == 1 ? TimeSplit.splitSpan(all, train, validation)
                        : TimeSplit.splitBySequence(all, train, validation, t.path("split_seed").asLong());
            } catch (IllegalArgumentException e) {
                throw new UserErrors.UserError(file + ": cannot cut it as the model's data was cut (" + e.getMessage() + ")");
            }
            double share = index == 0 ? train : index == 1 ? validation : 1 - train - validation;
            String how = all.series().size() == 1 ? String.format(Locale.ROOT, "%.0f%% of the series in time (%,d steps)", 100 * share,
                    parts.get(index).totalSteps()) : String.format(Locale.ROOT, "%d of the %d sequences (%.0f%%, split seed %d)",
                    parts.get(index).series().size(), all.series().size(), 100 * share, t.path("split_seed").asLong());
            return new Part(p, "the " + p + " part as the model's training split cut it: " + how, parts, index);
        }
    }
}
