package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tbptt4j.data.Lengths;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridSearch;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.LocalEngine;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.TrialEngine;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j grid}: the systematic search. Crosses strategies, subsequence lengths, (k1, k2)
 * pairs and hidden sizes, repeats every configuration with its own seed, journals each trial to
 * {@code DIR/trials.jsonl} (a rerun resumes), and writes {@code DIR/summary.json} with the ranking.
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Systematic search over how to cut the sequences: every configuration repeated, compared by mean.",
                "Journal DIR/trials.jsonl (rerun with the same --out to resume), ranking DIR/summary.json."})
final class GridCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (journal, summary, report).")
    Path out;

    @Option(names = "--strategies", split = ",", defaultValue = "naive", paramLabel = "S",
            description = "Strategies to compare: as-is, naive, domain, one-step, decoupled, packed. Default: ${DEFAULT-VALUE}.")
    List<String> strategies;

    @Option(names = "--lengths", split = ",", paramLabel = "L",
            description = "Subsequence lengths for naive and packed. Default: 4 candidates, factors of the stream length first.")
    List<Integer> lengths;

    @Option(names = "--k", split = ",", paramLabel = "K1:K2",
            description = "(k1, k2) pairs, e.g. 10:50,50:50: for decoupled, and on top of naive/packed lengths. Default: none (k1 = k2 = L).")
    List<String> pairs = List.of();

    @Option(names = "--hidden", split = ",", defaultValue = "32", description = "Hidden sizes to compare. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru or rnn. Default: ${DEFAULT-VALUE}.")
    String cell;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--batch", defaultValue = "16", description = "Stream rows. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs per trial. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam, adamw, rmsprop or adagrad. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--repeats", defaultValue = "30", description = "Trials per configuration, each with its own seed. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--workers", description = "Parallel trials on this machine (each single-threaded). Default: the number of cores.")
    Integer workers;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "E",
            description = "Where trials run: local (a pool of --workers) or spark (one Spark task per trial; needs the spark module,"
                    + " which bin/tbptt4j adds). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master for --engine spark: local[2], spark://host:7077, ... Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--budget", paramLabel = "B", description = "Stop cleanly after a time (e.g. 90s, 10m, 1h) or a number of new trials (e.g. 50).")
    String budget;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        GridSearch.Budget limit = parseBudget(budget);
        TrialEngine trials = engine();
        Preparation prep = Preparation.prepare(data.spec());
        Grid grid = new Grid(configs(prep), repeats, seed);
        PrintWriter outw = spec.commandLine().getOut();
        outw.printf(Locale.ROOT, "grid: %d configurations x %d repeats = %d trials on %s; journal %s%n",
                grid.configs().size(), repeats, grid.size(), trials instanceof LocalEngine l ? l.workers() + " worker(s)"
                        : "Spark" + (master != null ? " at " + master : ""), out.resolve(GridSearch.JOURNAL));
        outw.flush();
        // a summary from the start, so that `tbptt4j report DIR` works even on a grid killed before its end
        java.nio.file.Files.createDirectories(out);
        GridSummary.write(out, GridSummary.build(prep, grid, new GridSearch.Result(0, grid.size(), 0, true, List.of()), dataArgs()));
        GridSearch.Result result;
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("trials").setInitialMax(grid.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            double[] best = {Double.POSITIVE_INFINITY};
            result = GridSearch.run(prep, grid, out, trials, limit, (done, total, trial) -> {
                if (trial.path("metric").isNumber()) {
                    best[0] = Math.min(best[0], trial.path("metric").asDouble());
                }
                if (bar != null) {
                    bar.stepTo(done);
                    bar.setExtraMessage(String.format(Locale.ROOT, "best %.5g", best[0]));
                }
            });
        }
        ObjectNode summary = GridSummary.build(prep, grid, result, dataArgs());
        GridSummary.write(out, summary);
        outw.printf(Locale.ROOT, "%d of %d trials done (%d this run)%s; summary %s%n", result.done(), result.total(),
                result.ranThisTime(), result.stoppedEarly() ? ", stopped by the budget: rerun to resume" : "",
                out.resolve("summary.json"));
        if (summary.has("best")) {
            outw.println("best: " + summary.at("/best/label").asText());
            outw.println("train it: " + summary.at("/best/command").asText());
        }
        outw.flush();
        return 0;
    }

    /** The engine the options ask for. */
    private TrialEngine engine() {
        switch (engine.toLowerCase(Locale.ROOT)) {
            case "local" -> {
                if (master != null) {
                    throw new IllegalArgumentException("--master is for --engine spark; add --engine spark, or leave --master out");
                }
                return new LocalEngine(workers != null ? workers : Runtime.getRuntime().availableProcessors());
            }
            case "spark" -> {
                if (workers != null) {
                    throw new IllegalArgumentException("--workers is for --engine local: Spark runs as many trials at once as the"
                            + " cluster has cores; leave --workers out");
                }
                TrialEngine.Provider spark = TrialEngine.Provider.find("spark");
                if (spark == null) {
                    throw new IllegalArgumentException("--engine spark: the Spark engine is not on the class path; run bin/tbptt4j"
                            + " (it adds the spark module and Spark), or spark-submit spark/target/tbptt4j-spark.jar");
                }
                return spark.create(master);
            }
            default -> throw new IllegalArgumentException("--engine: unknown engine '" + engine + "': use local or spark");
        }
    }

    /** The configurations: strategies x lengths x (k1, k2) pairs x hidden sizes. */
    private List<RunConfig> configs(Preparation prep) {
        CellType c = CellType.parse(cell);
        OptimizerConfig.Kind opt = OptimizerConfig.Kind.parse(optimizer);
        List<int[]> k = new ArrayList<>();
        for (String p : pairs) {
            String[] a = p.split(":");
            try {
                k.add(new int[] {Integer.parseInt(a[0].trim()), Integer.parseInt(a[1].trim())});
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--k: '" + p + "' is not a K1:K2 pair such as 10:50");
            }
        }
        List<Integer> lens = lengths != null ? lengths : defaultLengths(prep);
        List<RunConfig> out = new ArrayList<>();
        for (int h : hidden) {
            RunConfig base = RunConfig.defaults().withModel(c, h, layers).withEpochs(epochs).withBatch(batch)
                    .withTraining(opt, lr, 1.0, 0);
            for (String s : strategies) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "naive", "packed" -> {
                        for (int len : lens) {
                            out.add(base.withStrategy(s, len, 0, 0));
                            for (int[] p : k) {
                                out.add(base.withStrategy(s, len, p[0], p[1]));
                            }
                        }
                    }
                    case "decoupled" -> {
                        if (k.isEmpty()) {
                            throw new IllegalArgumentException("--strategies decoupled needs --k pairs, e.g. --k 10:50,50:50");
                        }
                        for (int[] p : k) {
                            out.add(base.withStrategy(s, 0, p[0], p[1]));
                        }
                    }
                    case "as-is", "one-step", "domain" -> out.add(base.withStrategy(s, 0, 0, 0));
                    default -> throw new IllegalArgumentException("--strategies: unknown strategy '" + s
                            + "': use as-is, naive, domain, one-step, decoupled or packed");
                }
            }
        }
        return out;
    }

    private List<Integer> defaultLengths(Preparation prep) {
        int longest = prep.train().stream().mapToInt(Sequence::length).max().orElse(1);
        int perStream = prep.train().size() == 1 ? Math.max(1, longest / batch) : longest;
        return Lengths.candidates(perStream, Math.min(5, perStream), Math.min(200, perStream), 4);
    }

    /** The data options as given, to repeat in the recommended train command. */
    private String dataArgs() {
        StringBuilder s = new StringBuilder("--data ").append(data.file);
        for (String name : new String[] {"--format", "--columns", "--target", "--id-column", "--time-column", "--missing", "--task",
            "--horizon", "--scale", "--split"}) {
            var o = spec.findOption(name);
            if (o != null && spec.commandLine().getParseResult().hasMatchedOption(name)) {
                Object v = o.getValue();
                s.append(' ').append(name).append(' ').append(v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v);
            }
        }
        return s.toString();
    }

    static GridSearch.Budget parseBudget(String b) {
        if (b == null) {
            return GridSearch.Budget.none();
        }
        String s = b.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return GridSearch.Budget.seconds(Double.parseDouble(s.substring(0, s.length() - 2)) / 1000);
            }
            if (s.endsWith("s")) {
                return GridSearch.Budget.seconds(Double.parseDouble(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return GridSearch.Budget.seconds(60 * Double.parseDouble(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("h")) {
                return GridSearch.Budget.seconds(3600 * Double.parseDouble(s.substring(0, s.length() - 1)));
            }
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return GridSearch.Budget.trials(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--budget '" + b + "': give a time such as 90s, 10m or 1h, or a number of trials such as 50");
        }
    }
}
