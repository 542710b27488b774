package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.Model;
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

    @Mixin
    ModelInput input;

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
        Model model = Model.load(input.model);
        Path file = input.file();
        long start = System.nanoTime();
        Model.Evaluation e = model.evaluate(file, part);     // the front door's evaluation: one definition for Java and the CLI
        double seconds = (System.nanoTime() - start) / 1e9;
        Metrics metrics = e.metrics();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            metrics.putJson(o, "loss");
            o.put("part", e.part());
            o.put("part_description", e.partDescription());
            o.put("state", e.start());
            o.put("warm_up_steps", e.warmUpSteps());
            o.put("sequences", e.sequences());
            o.put("steps", e.steps());
            o.put("seconds", seconds);
            o.put("model", input.model.toString());
            o.put("data", file.toString());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "model       %s (%s)%n", input.model, model.describe());
            out.printf(Locale.ROOT, "data        %s: %d sequence(s), %,d steps, %s%n", file.getFileName(),
                    e.sequences(), e.steps(), e.start());
            out.printf(Locale.ROOT, "part        %s: %s%n", e.part(), e.partDescription());
            out.printf(Locale.ROOT, "loss        %.6g (%s%s)%n", metrics.loss(), model.saved().loss().id,
                    e.scaledLoss() ? ", on data scaled with the training scaler" : "");
            metrics.printText(out, "data");
            for (String n : e.notes()) {
                out.println("note        " + UserErrors.inOptions(n));
            }
            out.printf(Locale.ROOT, "time        %.2f s%n", seconds);
        }
        out.flush();
        return 0;
    }
}
