package org.tbptt4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.Model;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j predict}: runs a saved model statefully over a data file (prepared as at training)
 * and writes its predictions as CSV or JSON lines; or, for a text model, generates text with
 * {@code --sample}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Runs a saved model over a data file, step by step from a fresh state per sequence, and writes its predictions.",
                "CSV columns: step, sequence, then one per target in the data's units (forecasts: step is the step forecast);",
                "binary targets (--loss bce): per target the likelier class (0/1) and p_TARGET, the probability of 1;",
                "classification: one row per sequence with the class and p_CLASS per class; text: the likely next token and its probability.",
                "For a text model, --sample N generates N tokens instead."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--horizon", defaultValue = "0", paramLabel = "H",
            description = "Forecasts past the end of each sequence, each fed back as the next input (next-step forecasters "
                    + "that see what they predict). Default: ${DEFAULT-VALUE}: one forecast per input step.")
    int horizon;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to FILE instead of standard output (a file is replaced atomically; a FIFO or /dev/stdout is written in place).")
    Path out;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "F", description = "csv or jsonl. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--sample", defaultValue = "0", paramLabel = "N",
            description = "Text models: generate N tokens and print them. Default: ${DEFAULT-VALUE} (predict over --data).")
    int sample;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "--sample: divide the logits by T (lower = more conservative). Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "--sample: random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--prime", paramLabel = "TEXT",
            description = "--sample: text fed to the model before sampling. Default: one random token.")
    String prime;

    @Mixin
    GlobalOptions global;

    @Mixin
    ThreadOptions threadOptions;

    @Override
    public Integer call() throws Exception {
        threadOptions.apply();
        Predictions.Format f = parseFormat();
        if (horizon < 0 || sample < 0) {
            throw new UserErrors.UserError((horizon < 0 ? "--horizon" : "--sample") + " must be 0 or more, got "
                    + (horizon < 0 ? horizon : sample));
        }
        if (out != null) {
            AtomicOutput.check(out);
        }
        if (sample > 0) {
            return generate(Model.load(input.model));
        }
        LoadedModel m = input.load();
        if (input.file == null) {
            throw new UserErrors.UserError("give --data FILE to predict over"
                    + (m.data().task() == DataSpec.TaskKind.LANGUAGE_MODEL ? ", or --sample N to generate text" : ""));
        }
        Path file = input.file;
        DataRecipe.Input in = m.data().read(file, false);
        Predictions p = new Predictions(m.net(), m.data(), in, m.saved().loss(), horizon, f);
        AtomicOutput.write(out, spec.commandLine().getOut(), p::write);
        return 0;
    }

    /** --sample: N tokens from a text model, printed (or written to --out). */
    private int generate(Model model) throws Exception {
        DataRecipe r = model.saved().data();
        if (r.task() != DataSpec.TaskKind.LANGUAGE_MODEL) {
            throw new UserErrors.UserError("--sample generates text and needs a text model; " + input.model + " does "
                    + r.describe() + ": predict over --data FILE instead");
        }
        if (input.file != null) {
            throw new UserErrors.UserError("--sample generates text and reads no --data; give the start with --prime TEXT instead");
        }
        String text = model.sample(prime, sample, temperature, seed);   // the front door's sampler
        AtomicOutput.write(out, spec.commandLine().getOut(), w -> {
            w.write(text);
            w.write(System.lineSeparator());
        });
        return 0;
    }

    private Predictions.Format parseFormat() {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> Predictions.Format.CSV;
            case "jsonl", "json" -> Predictions.Format.JSONL;
            default -> throw new UserErrors.UserError("--format: unknown output format '" + format + "': use csv or jsonl");
        };
    }
}
