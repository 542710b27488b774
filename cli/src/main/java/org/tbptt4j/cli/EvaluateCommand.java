package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.ScoredPart;
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
        List<String> notes = new ArrayList<>();   // what the reader trimmed or dropped, and which steps are not scored
        Experiment.EvaluationData data = Experiment.evaluationData(m.data(), m.saved().loss(), file, part,
                m.saved().extra().path("training"), notes);
        DataRecipe.Input in = data.input();
        ScoredPart scored = data.part();
        List<Sequence> sequences = data.sequences();
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
}
