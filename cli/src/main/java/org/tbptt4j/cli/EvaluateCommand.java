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
import org.tbptt4j.data.ColumnUse;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j evaluate}: measures a saved model on a whole data file, prepared exactly as at
 * training (same columns and task, the saved scaler and vocabulary, never refitted), run from a
 * fresh state: the loss and the measures that fit the task ({@link Metrics}). A binary cross-entropy
 * model's targets must lie in [0, 1]: the first line outside is an error.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measures a saved model on a whole data file, prepared the way the model's training data was.",
                "--json prints one JSON object."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model directory written by 'tbptt4j train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Data file with the training data's format and columns; all of it is evaluation data.")
    Path file;

    @Option(names = "--json", description = "Print the metrics as one JSON object.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = LoadedModel.load(model);
        DataRecipe.Input in = m.data().read(file, true);
        Experiment.checkTargets(m.saved().loss(), in.task(), List.of(in.scaled()), in.scaler(), file,
                m.data().format() == DataSpec.Format.CSV ? m.data().csvOptions(file, true) : null);
        List<String> notes = new ArrayList<>(in.scaled().notes());   // what the reader trimmed or dropped
        List<Sequence> sequences = in.task().applyAll(in.scaled(), notes);
        if (sequences.isEmpty()) {
            throw new UserErrors.UserError(file + ": too short for " + in.task().describe() + "; give a longer file");
        }
        if (in.task() instanceof Task.Forecast || in.task() instanceof Task.PerStep) {
            notes.addAll(ColumnUse.unscoredNote(sequences));
        }
        long start = System.nanoTime();
        Metrics metrics = Metrics.measure(m.net(), m.saved().loss(), in.task(), in.scaler(), sequences, m.batch(),
                m.data().classes());
        double seconds = (System.nanoTime() - start) / 1e9;
        long steps = sequences.stream().mapToLong(Sequence::length).sum();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            metrics.putJson(o, "loss");
            o.put("sequences", sequences.size());
            o.put("steps", steps);
            o.put("seconds", seconds);
            o.put("model", model.toString());
            o.put("data", file.toString());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "model       %s (%s)%n", model, m.data().describe());
            out.printf(Locale.ROOT, "data        %s: %d sequence(s), %,d steps, from a fresh state%n", file.getFileName(),
                    sequences.size(), steps);
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
