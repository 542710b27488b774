package org.tbptt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Lengths;
import org.tbptt4j.data.Plan;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.io.Npy;
import org.tbptt4j.io.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j plan}: shows what training will see for a data file and a strategy, without
 * training: sequences and lengths, streams, updates per epoch, padding, resets, the equivalent
 * Keras input and its reset schedule, and every warning.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what training will see: the layout a strategy makes of a data file (training part).",
                "--json prints one JSON object; --export DIR writes the arrays as NumPy .npy files."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    StrategyOptions cut;

    @Option(names = "--json", description = "Print the plan as one JSON object.")
    boolean json;

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write the training layout as x.npy (B,T,S), y.npy (B,T,Y), mask.npy and reset.npy (B,T) into DIR.")
    Path export;

    @Option(names = "--min-length", defaultValue = "2", description = "grid: shortest candidate length. Default: ${DEFAULT-VALUE}.")
    int minLength;

    @Option(names = "--max-length", defaultValue = "200", description = "grid: longest candidate length. Default: ${DEFAULT-VALUE}.")
    int maxLength;

    @Option(names = "--candidates", defaultValue = "8", description = "grid: number of candidate lengths. Default: ${DEFAULT-VALUE}.")
    int candidates;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        cut.requireApplicable();
        if (!cut.grid()) {
            for (String o : List.of("--min-length", "--max-length", "--candidates")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new IllegalArgumentException(o + " applies to --strategy grid only; give --strategy grid, or leave it out");
                }
            }
        }
        Preparation prep = Preparation.prepare(data.spec());
        PrintWriter out = spec.commandLine().getOut();
        String source = data.file.getFileName().toString();
        if (cut.grid()) {
            return grid(prep, source, out);
        }
        Layout layout = layout(prep, cut);
        Plan plan = Plan.of(source, prep.task(), prep.train(), layout);
        List<String> notes = new ArrayList<>(prep.notes());
        notes.addAll(plan.warnings());
        String reach = Experiment.reachNote(prep.task(), layout);
        if (reach != null) {
            notes.add(reach);
        }
        notes.replaceAll(UserErrors::inOptions);   // the library names parameters; the command line shows options
        plan = new Plan(plan.source(), plan.task(), plan.sequences(), plan.minLength(), plan.meanLength(), plan.maxLength(),
                plan.totalSteps(), plan.strategy(), plan.rows(), plan.steps(), plan.k1(), plan.k2(), plan.updatesPerEpoch(),
                plan.paddingFraction(), plan.resets(), plan.lossSteps(), plan.features(), plan.kerasSamples(),
                plan.kerasTimesteps(), plan.stateful(), plan.kerasResets(), notes);
        if (export != null) {
            export(layout, export);
            notes.add("exported x.npy, y.npy, mask.npy, reset.npy to " + export);
        }
        if (json) {
            ObjectNode o = plan.toJson();
            o.put("validation_sequences", prep.validation().size()).put("test_sequences", prep.test().size());
            if (reach != null) {
                Layout.Reach r = layout.reach();
                o.put("sequences_not_spanned", r.cut()).put("fraction_not_spanned", r.cutFraction()).put("k2_to_span", r.k2ToSpan());
            }
            prep.columns().putJson(o);
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.print(plan.toText());
            out.printf(Locale.ROOT, "parts      training %d, validation %d, test %d sequence(s)%n", prep.train().size(),
                    prep.validation().size(), prep.test().size());
            if (export != null) {
                out.println("exported   x.npy, y.npy, mask.npy, reset.npy (batch-major) to " + export);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The training layout these options give, as train makes it: for sequence labels without
     * --length, --k1 or --k2, the classification defaults of {@link Experiment#trainingLayout}.
     */
    static Layout layout(Preparation prep, StrategyOptions cut) {
        StrategySpec s = cut.spec();
        Experiment.requireStrategyFits(s, prep.task());
        if (prep.task() instanceof Task.Classify && cut.length == null && cut.k1 == null && cut.k2 == null
                && cut.sentences == null) {
            RunConfig c = RunConfig.defaults().withStrategy(s).withBatch(cut.batch);
            return Experiment.trainingLayout(prep.train(), c, prep.task());
        }
        return layout(prep.train(), cut.strategy(prep.train()), cut);
    }

    /** The layout with --k1 / --k2 applied on top of the strategy's own truncation. */
    static Layout layout(List<Sequence> train, Strategy strategy, StrategyOptions cut) {
        return strategy.layout(train, cut.batch).withK(cut.k1 == null ? 0 : cut.k1, cut.k2 == null ? 0 : cut.k2);
    }

    /** grid: the candidate lengths (factors of the sequence length first) and the layout each gives. */
    private int grid(Preparation prep, String source, PrintWriter out) throws Exception {
        int longest = prep.train().stream().mapToInt(Sequence::length).max().orElse(1);
        int perStream = prep.train().size() == 1 ? longest / cut.batch : longest;
        // one series is cut into equal streams; many sequences each keep their own length, and a length divides them all
        // only if it divides their greatest common divisor
        int[] streams = prep.train().size() == 1 ? new int[] {perStream} : prep.train().stream().mapToInt(Sequence::length).toArray();
        int common = Lengths.commonDivisor(streams);
        List<Integer> lengths = Lengths.candidates(streams, minLength, Math.min(maxLength, perStream), candidates);
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode rows = mapper.createArrayNode();
        if (!json) {
            out.printf(Locale.ROOT, "grid candidates for %s (%d training sequence(s), %d steps per stream): lengths that divide every stream first%n",
                    source, prep.train().size(), perStream);
            out.printf(Locale.ROOT, "%8s %8s %10s %10s%n", "length", "factor", "padding", "updates");
        }
        for (int len : lengths) {
            Layout l = new Strategy.Naive(len).layout(prep.train(), cut.batch);
            boolean factor = common % len == 0;   // divides every stream
            if (json) {
                rows.addObject().put("length", len).put("factor", factor).put("padding_fraction", l.paddingFraction())
                        .put("updates_per_epoch", l.steps() / len);
            } else {
                out.printf(Locale.ROOT, "%8d %8s %9.1f%% %10d%n", len, factor ? "yes" : "no", 100 * l.paddingFraction(), l.steps() / len);
            }
        }
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("source", source).put("strategy", StrategyOptions.GRID).put("steps_per_stream", perStream).set("candidates", rows);
            out.println(mapper.writeValueAsString(o));
        }
        out.flush();
        return 0;
    }

    /** The layout's arrays in batch-major order, written as one set. */
    private static void export(Layout l, Path dir) throws Exception {
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        int B = l.rows();
        int T = l.steps();
        double[] x = new double[l.x().length];
        double[] y = new double[l.y().length];
        boolean[] mask = new boolean[B * T];
        boolean[] reset = new boolean[B * T];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int tm = t * B + b;
                int bm = b * T + t;
                System.arraycopy(l.x(), tm * l.inputWidth(), x, bm * l.inputWidth(), l.inputWidth());
                System.arraycopy(l.y(), tm * l.targetWidth(), y, bm * l.targetWidth(), l.targetWidth());
                mask[bm] = l.mask()[tm];
                reset[bm] = l.reset()[tm];
            }
        }
        Map<Path, OutputFile.Content> files = new LinkedHashMap<>();
        files.put(dir.resolve("x.npy"), Npy.doubles(x, B, T, l.inputWidth()));
        files.put(dir.resolve("y.npy"), Npy.doubles(y, B, T, l.targetWidth()));
        files.put(dir.resolve("mask.npy"), Npy.booleans(mask, B, T));
        files.put(dir.resolve("reset.npy"), Npy.booleans(reset, B, T));
        try {
            OutputFile.writeAll(files); // as one set: a failure leaves every old file
        } catch (IOException e) {
            if (created) {
                Files.deleteIfExists(dir); // nothing of this export is left behind
            }
            throw e;
        }
    }
}
