package org.tbptt4j.cli;

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
import org.tbptt4j.experiment.FolderLock;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridHorizon;
import org.tbptt4j.experiment.GridSearch;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.experiment.TrialEngine;
import org.tbptt4j.train.TrainingBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j grid}: the systematic search. Crosses strategies, subsequence lengths, (k1, k2)
 * pairs and hidden sizes, repeats every configuration with its own seed, journals each trial to
 * {@code DIR/trials.jsonl} (a rerun resumes), and writes {@code DIR/summary.json} with the ranking
 * and {@code DIR/report.html} at its end, when its budget is spent and when it is interrupted. Every
 * option, the data, every configuration and the journal are checked before anything is written, and
 * the folder is locked against a second run for the whole run.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, modelTransformer = EngineOptions.class,
        defaultValueProvider = GridCommand.ModelDefaults.class,
        description = {"Systematic search over how to cut the sequences: every configuration repeated, compared by mean.",
                "Journal DIR/trials.jsonl (rerun with the same --out to resume), ranking DIR/summary.json, page DIR/report.html.",
                "Model and training options as train's (--hidden takes sizes to compare); the default --patience is 0 where it cannot stop a"
                        + " trial early (--epochs " + GridCommand.DEFAULT_PATIENCE + " or fewer, or no validation data)."})
final class GridCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (journal, summary, report).")
    Path out;

    @Option(names = "--strategies", split = ",", defaultValue = "naive", paramLabel = "S",
            completionCandidates = StrategyOptions.Names.class,
            description = "Strategies to compare: ${COMPLETION-CANDIDATES}; and horizon: before the"
                    + " search, the first domain (else naive, packed, decoupled, as-is) configuration is trained as its first"
                    + " trial is, its memory horizon measured from its gradients (as 'tbptt4j horizon'), and TBPTT(K, 2K-1) for"
                    + " the suggested window K is compared too. Default: ${DEFAULT-VALUE}.")
    List<String> strategies;

    @Option(names = "--horizon-tolerance", paramLabel = "DELTA",
            description = "With --strategies horizon: the relative truncation bias the suggested window keeps under, in (0, 1)."
                    + " Default: " + GridHorizon.DEFAULT_TOLERANCE + ".")
    Double horizonTolerance;

    @Option(names = "--horizon-max-lag", paramLabel = "K",
            description = "With --strategies horizon: lags to measure (fewer when the measured part is shorter). Default: "
                    + GridHorizon.DEFAULT_MAX_LAG + ".")
    Integer horizonMaxLag;

    @Option(names = "--lengths", split = ",", paramLabel = "L",
            description = "Subsequence lengths for naive and packed. Default: 4 candidates, factors of the stream length first.")
    List<Integer> lengths;

    @Option(names = "--k", split = ",", paramLabel = "K1:K2",
            description = "(k1, k2) pairs, e.g. 10:50,50:50: for decoupled, and on top of naive/packed lengths. Default: none (k1 = k2 = L).")
    List<String> pairs = List.of();

    @Option(names = "--batch", defaultValue = "16", description = "Stream rows. Default: ${DEFAULT-VALUE}.")
    int batch;

    /** The default most epochs per trial; trials stop sooner by early stopping ({@link #DEFAULT_PATIENCE}). */
    static final int DEFAULT_EPOCHS = 50;
    /** The default early-stopping patience, in epochs. */
    static final int DEFAULT_PATIENCE = 5;

    @Mixin
    ModelOptions model;

    /**
     * The grid's defaults where they differ from train's (picocli's default value provider, so that the
     * help shows them): trials run at most {@link #DEFAULT_EPOCHS} epochs and stop early after
     * {@link #DEFAULT_PATIENCE} without a better validation loss; patience is then 0 where it cannot
     * stop a trial early (--epochs {@value #DEFAULT_PATIENCE} or fewer, or no validation data). Not with
     * an updates or time --budget-per-trial, where every trial trains until its budget is spent.
     */
    static final class ModelDefaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            String option = arg instanceof OptionSpec o ? o.longestName() : "";
            return switch (option) {
                case "--epochs" -> Integer.toString(DEFAULT_EPOCHS);
                case "--patience" -> Integer.toString(DEFAULT_PATIENCE);
                default -> null;
            };
        }
    }

    @Option(names = "--budget-per-trial", paramLabel = "B",
            description = "What every trial gets: converge (train to convergence on validation: early stopping with --patience,"
                    + " at most --epochs), an equal number of updates (e.g. 2000u: exactly 2000, the last epoch cut where"
                    + " they run out) or an equal training time (e.g. 30s, 2m). Updates and seconds are recorded per trial and"
                    + " shown as the cost. Default: ${DEFAULT-VALUE}.", defaultValue = "converge")
    String budgetPerTrial;

    @Option(names = "--race", description = "Racing: run the repeats in rounds of --race-round; after each round a"
            + " configuration significantly worse than the best (Welch, Holm-corrected, p < 0.05) gets no more repeats.")
    boolean race;

    @Option(names = "--race-round", paramLabel = "R",
            description = "Repeats per racing round (with --race), at least 2. Default: " + DEFAULT_RACE_ROUND + ".")
    Integer raceRound;

    /** The default repeats per racing round. */
    static final int DEFAULT_RACE_ROUND = 5;

    @Option(names = "--repeats", defaultValue = "30", description = "Trials per configuration, each with its own seed. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--budget", paramLabel = "B", description = "Stop cleanly after a time (e.g. 90s, 10m, 1h) or a number of new trials (e.g. 50).")
    String budget;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--json", description = "Print the summary (summary.json's object: ranking, baselines, verdict, test scores) as"
            + " one JSON object at the end, and nothing else on standard output; no progress bar.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        // everything is checked before anything is written: the options, the data, every configuration, the journal
        List<String> problems = new ArrayList<>();
        GridSearch.Budget limit = collect(problems, () -> parseBudget(budget));
        TrialEngine trials = collect(problems, () -> EngineOptions.engine(spec));
        TrainingBudget perTrial = collect(problems, this::perTrial);
        Integer round = collect(problems, this::raceRound);
        List<int[]> k = optionProblems(problems);
        Preparation prep = collect(problems, () -> Preparation.prepare(data.spec()));
        Grid asked = null;
        if (prep != null) {
            collect(problems, () -> {
                model.requireApplicable(prep);
                return prep;
            });
        }
        if (problems.isEmpty()) {
            asked = new Grid(configs(prep, k, perTrial), repeats, model.seed).withRace(round);
            problems.addAll(GridSearch.problems(prep, asked, out));
        }
        if (!problems.isEmpty()) {
            throw new UserErrors.UserError(String.join("\n", problems));
        }
        try (FolderLock lock = lock(out)) {
            GridSummary.MemoryHorizon horizon = chosen().contains(GridHorizon.NAME)
                    ? measureHorizon(prep, asked, lock.dir()) : null;
            Grid grid = GridSearch.mergeIdentical(prep, GridHorizon.withHorizon(asked, horizon));
            return run(prep, grid, lock, trials, limit, horizon);
        }
    }

    /**
     * The memory horizon of the grid's warm-up configuration, measured before the search (see
     * {@link GridHorizon}), or as an earlier run of this grid measured it.
     */
    private GridSummary.MemoryHorizon measureHorizon(Preparation prep, Grid asked, Path dir) throws java.io.IOException {
        PrintWriter words = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        return GridCommand.horizon(words, prep, asked, dir, horizonTolerance != null ? horizonTolerance
                : GridHorizon.DEFAULT_TOLERANCE, horizonMaxLag != null ? horizonMaxLag : GridHorizon.DEFAULT_MAX_LAG, "horizon: ");
    }

    /**
     * The memory horizon a grid (or the demo) compares: an earlier run's from {@code dir}'s summary
     * when it measured the same, else measured now; what it found in words, each line after {@code indent}.
     */
    static GridSummary.MemoryHorizon horizon(PrintWriter words, Preparation prep, Grid asked, Path dir, double tolerance,
                                             int maxLag, String indent) throws java.io.IOException {
        RunConfig warmUp = asked.configs().get(GridHorizon.warmUpIndex(asked.configs()));
        long seed = asked.seedOf(0);
        GridSummary.MemoryHorizon h = GridHorizon.earlier(dir.resolve(GridFiles.SUMMARY), warmUp, seed, tolerance, maxLag,
                GridSearch.sha256(prep.spec().file()));
        if (h != null) {
            words.println(indent + "as measured by the earlier run (" + GridFiles.SUMMARY + ") on " + h.warmUp());
        } else {
            words.printf(Locale.ROOT, "%straining %s as its first trial is (seed %d), then measuring how far back its loss"
                    + " reaches ...%n", indent, GridSearch.label(warmUp), seed);
            words.flush();
            h = GridHorizon.measure(prep, warmUp, seed, tolerance, maxLag);
        }
        words.println(indent + (h.config() != null ? "K = " + h.window() + ", compared as " + GridHorizon.PREFIX
                + GridSearch.label(h.config()) : "nothing to compare: " + h.reason()));
        words.flush();
        return h;
    }

    /** Takes the output folder's lock; another run holding it is a user error naming the folder and that run. */
    static FolderLock lock(Path out) throws java.io.IOException {
        try {
            return FolderLock.acquire(out);
        } catch (FolderLock.HeldException e) {
            throw new UserErrors.UserError(e.getMessage());
        }
    }

    private int run(Preparation prep, Grid grid, FolderLock lock, TrialEngine trials, GridSearch.Budget limit,
                    GridSummary.MemoryHorizon horizon) throws Exception {
        PrintWriter outw = spec.commandLine().getOut();
        // with --json, standard output carries only the summary; the words go nowhere
        PrintWriter words = json ? new PrintWriter(java.io.Writer.nullWriter()) : outw;
        for (List<String> names : grid.names()) {
            if (names.size() > 1) {
                words.println("same training, run once: " + String.join(" = ", names));
            }
        }
        words.printf(Locale.ROOT, "grid: %d configurations x %d repeats = %d trials on %s, each %s%s; journal %s%n",
                grid.configs().size(), repeats, grid.size(), trials.where(), eachTrial(grid.configs().get(0)),
                grid.raceRound() > 0 ? " (at most: racing in rounds of " + grid.raceRound() + " repeats)" : "",
                out.resolve(GridSearch.JOURNAL));
        outw.flush();
        GridOutputs outputs = new GridOutputs(prep, grid, lock, dataArgs(), horizon);
        // a summary and a page from the start, so that a grid killed before its end can be reported
        outputs.write(GridOutputs.RUNNING);
        GridSearch.Result result;
        GridSummary summary;
        try (GridOutputs.OnInterrupt hook = outputs.onInterrupt();
             ProgressBar bar = noProgress || json ? null : new ProgressBarBuilder().setTaskName("trials").setInitialMax(grid.size())
                     .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                     .build()) {
            double[] best = {Double.POSITIVE_INFINITY};
            try {
                result = GridSearch.run(prep, grid, lock, trials, limit, (done, total, trial) -> {
                    if (trial.metric() != null) {
                        best[0] = Math.min(best[0], trial.metric());
                    }
                    if (bar != null) {
                        bar.stepTo(done);
                        bar.setExtraMessage(String.format(Locale.ROOT, "best %.5g", best[0]));
                    }
                });
            } catch (Exception | Error e) {
                outputs.writeQuietly("stopped by an error before every trial ran: " + e.getMessage());
                throw e;
            }
            String reason = result.stoppedEarly() ? "the budget (--budget " + budget + ") was spent before every"
                    + " trial ran: rerun with the same --out to resume" : "";
            summary = outputs.write(reason);
            if (summary.best() != null && !prep.test().isEmpty()) {
                words.println("scoring the test part once: training the recommended configuration with repeat 0's seed ...");
                words.flush();
                summary = outputs.scoreTest(summary, reason);
            }
        }
        words.printf(Locale.ROOT, "%d of %d trials done (%d this run)%s; summary %s, report %s%n", result.done(), result.total(),
                result.ranThisTime(), result.stoppedEarly() ? ", stopped by the budget: rerun to resume" : "",
                out.resolve(GridFiles.SUMMARY), out.resolve(GridFiles.REPORT));
        GridRanking.print(words, summary);
        if (summary.best() != null) {
            words.println("best: " + summary.best().label());
            words.println("train it: " + summary.best().command());
        }
        printAnswers(words, summary);
        words.flush();
        if (json) {
            outw.println(GridFiles.JSON.writeValueAsString(summary));
        }
        outw.flush();
        return 0;
    }

    /** The baselines beside the best configuration, the verdict, and the test scores in the data's units. */
    static void printAnswers(PrintWriter o, GridSummary summary) {
        for (GridSummary.Advice a : summary.advice()) {
            // the rule names its source: "ACF: ...", "gradient horizon: ..."
            o.printf(Locale.ROOT, "suggested: %-7s %s%n", a.length() > 0 ? (a.source().equals("acf") ? "L = " : "K = ") + a.length()
                    : "none", a.rule());
            o.println("           " + (a.configuration() != null ? "compared as " + a.configuration()
                    : a.length() > 0 ? "not compared (add domain to --strategies)" : "nothing compared"));
        }
        for (GridSummary.BaselineResult b : summary.baselines()) {
            o.printf(Locale.ROOT, "baseline: %-24s %s %s (would rank %s)%n", b.name(), summary.metric(),
                    b.metric() == null ? "-" : String.format(Locale.ROOT, "%.5g", b.metric()),
                    b.rankAmong() > 0 ? "#" + b.rankAmong() : "-");
        }
        if (summary.verdict() != null) {
            o.println("verdict: " + summary.verdict().text());
        }
        GridSummary.Test t = summary.test();
        if (t != null) {
            o.println("test: " + t.part() + (t.columns().isEmpty() ? "" : ", column " + String.join(", ", t.columns())));
            for (GridSummary.TestRow r : t.rows()) {
                o.println("  " + testLine(r));
            }
        }
    }

    /** One test row as text: RMSE, MAE and MASE per column (forecasting), accuracy, macro F1 and log loss, or bits per token. */
    static String testLine(GridSummary.TestRow r) {
        if (r.bitsPerToken() != null) {
            return String.format(Locale.ROOT, "%-40s log loss %.4f nats  %.4f bits per token  perplexity %.3f", r.name(), r.logLoss(),
                    r.bitsPerToken(), Math.exp(r.logLoss()));
        }
        if (r.accuracy() != null) {
            return String.format(Locale.ROOT, "%-40s accuracy %.4f  macro F1 %.4f  log loss %.4f", r.name(), r.accuracy(),
                    r.macroF1(), r.logLoss());
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-40s", r.name()));
        for (int j = 0; j < r.rmse().length; j++) {
            s.append(String.format(Locale.ROOT, " RMSE %.5g  MAE %.5g  MASE %.4f", r.rmse()[j], r.mae()[j], r.mase()[j]));
        }
        return s.toString();
    }

    /** What a check computes; a user error it throws becomes a line of {@code problems}. */
    private interface Check<T> {
        T get() throws Exception;
    }

    private static <T> T collect(List<String> problems, Check<T> check) throws Exception {
        try {
            return check.get();
        } catch (IllegalArgumentException | UserErrors.UserError | java.io.IOException e) {
            problems.add(UserErrors.message(e));
            return null;
        }
    }

    /** The strategies the grid crosses with lengths, and those it crosses with (k1, k2) pairs. */
    private static final List<String> WITH_LENGTHS = StrategySpec.FREE_LENGTH;
    private static final List<String> WITH_PAIRS = java.util.stream.Stream.concat(WITH_LENGTHS.stream(),
            java.util.stream.Stream.of(StrategySpec.Decoupled.NAME)).toList();
    /** What --strategies takes: every strategy, and horizon (the memory horizon's configuration, {@link GridHorizon}). */
    private static final List<String> STRATEGIES = java.util.stream.Stream.concat(StrategySpec.NAMES.stream(),
            java.util.stream.Stream.of(GridHorizon.NAME)).toList();

    /** The strategies asked for, trimmed and in lower case. */
    private List<String> chosen() {
        return strategies.stream().map(x -> x.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Adds a line to {@code problems} for every option value that cannot work whatever the data: zero
     * or negative sizes, pairs that are not K1:K2, unknown strategies, options no chosen strategy uses.
     *
     * @return the (k1, k2) pairs
     */
    private List<int[]> optionProblems(List<String> problems) {
        List<String> chosen = chosen();
        for (String s : chosen) {
            if (!STRATEGIES.contains(s)) {
                problems.add("--strategies: unknown strategy '" + s + "': use " + String.join(", ", STRATEGIES));
            }
        }
        if (chosen.contains(GridHorizon.NAME) && chosen.stream().noneMatch(GridHorizon.WARMS_UP::contains)) {
            problems.add("--strategies horizon measures the memory horizon of a trained domain, naive, packed, decoupled or as-is"
                    + " configuration (one-step learns no memory to measure): add one of them, e.g. --strategies naive,horizon");
        }
        if (!chosen.contains(GridHorizon.NAME)) {
            for (Object[] o : new Object[][] {{"--horizon-tolerance", horizonTolerance}, {"--horizon-max-lag", horizonMaxLag}}) {
                if (o[1] != null) {
                    problems.add(o[0] + " is for --strategies horizon: add horizon to --strategies, or leave " + o[0] + " out");
                }
            }
        }
        if (horizonTolerance != null && !(horizonTolerance > 0 && horizonTolerance < 1)) {
            problems.add("--horizon-tolerance " + horizonTolerance + ": a relative truncation bias in (0, 1), e.g. 0.1");
        }
        if (horizonMaxLag != null && horizonMaxLag < 1) {
            problems.add("--horizon-max-lag " + horizonMaxLag + ": give at least 1 lag");
        }
        if (lengths != null) {
            lengths.stream().filter(l -> l < 1).forEach(l -> problems.add("--lengths " + l + ": a length is at least 1 step"));
            if (chosen.stream().noneMatch(WITH_LENGTHS::contains)) {
                problems.add("--lengths is for the naive and packed strategies, and --strategies has neither: add one, or leave"
                        + " --lengths out");
            }
        }
        List<int[]> k = new ArrayList<>();
        for (String p : pairs) {
            String[] a = p.split(":", -1);
            try {
                int[] pair = {Integer.parseInt(a[0].trim()), Integer.parseInt(a[1].trim())};
                if (a.length != 2 || pair[0] < 1 || pair[1] < 1) {
                    throw new NumberFormatException();
                }
                k.add(pair);
            } catch (RuntimeException e) {
                problems.add("--k: '" + p + "' is not a K1:K2 pair of steps of at least 1, such as 10:50");
            }
        }
        if (!pairs.isEmpty() && chosen.stream().noneMatch(WITH_PAIRS::contains)) {
            problems.add("--k is for the naive, packed and decoupled strategies, and --strategies has none of them: add one,"
                    + " or leave --k out");
        }
        if (chosen.contains(StrategySpec.Decoupled.NAME) && pairs.isEmpty()) {
            problems.add("--strategies decoupled needs --k pairs, e.g. --k 10:50,50:50");
        }
        for (Object[] o : new Object[][] {{"--batch", batch}, {"--repeats", repeats}}) {
            if ((int) o[1] < 1) {
                problems.add(o[0] + " " + o[1] + ": give at least 1");
            }
        }
        problems.addAll(model.problems());
        return k;
    }

    /** The configurations: strategies x lengths x (k1, k2) pairs x hidden sizes; the options are checked already. */
    private List<RunConfig> configs(Preparation prep, List<int[]> k, TrainingBudget perTrial) {
        List<Integer> lens = lengths != null ? lengths : defaultLengths(prep);
        List<RunConfig> out = new ArrayList<>();
        RunConfig options = model.base(perTrial);
        for (int h : model.hidden) {
            RunConfig base = options.withModel(options.cell(), h, options.layers()).withBatch(batch).withTraining(options.optimizer(),
                    options.lr(), options.clipNorm(), perTrial.limited() || prep.validation().isEmpty() ? 0 : patience()); // early stopping watches validation
            for (String name : strategies) {
                String s = name.trim().toLowerCase(Locale.ROOT);
                if (StrategySpec.FREE_LENGTH.contains(s)) {
                    for (int len : lens) {
                        RunConfig cut = base.withStrategy(StrategySpec.of(s, len, null, null));
                        out.add(cut);
                        for (int[] p : k) {
                            out.add(cut.withTruncation(p[0], p[1]));
                        }
                    }
                } else if (s.equals(StrategySpec.Decoupled.NAME)) {
                    for (int[] p : k) {
                        out.add(base.withStrategy(StrategySpec.decoupled(p[0], p[1])));
                    }
                } else if (!s.equals(GridHorizon.NAME)) {   // horizon's is added before the search (GridHorizon)
                    out.add(base.withStrategy(StrategySpec.of(s, null, null, null)));
                }
            }
        }
        return out;
    }

    private List<Integer> defaultLengths(Preparation prep) {
        int longest = prep.train().stream().mapToInt(Sequence::length).max().orElse(1);
        int perStream = prep.train().size() == 1 ? Math.max(1, longest / batch) : longest;
        int[] streams = prep.train().size() == 1 ? new int[] {perStream} : prep.train().stream().mapToInt(Sequence::length).toArray();
        return Lengths.candidates(streams, Math.min(5, perStream), Math.min(200, perStream), 4);
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

    /** The patience of converge trials: the default only where it can stop a trial early. */
    private int patience() {
        return model.given("--patience") || model.epochs > model.patience ? model.patience : 0;
    }

    /** What each trial gets: {@link TrainingBudget#NONE} to converge, else the budget; options that do not apply are refused. */
    private TrainingBudget perTrial() {
        if (budgetPerTrial.trim().equalsIgnoreCase("converge")) {
            int patience = model.patience;
            if (model.given("--patience") && patience > 0 && patience >= model.epochs) {
                throw new IllegalArgumentException("--patience " + patience + " cannot stop a trial of --epochs " + model.epochs
                        + " early: give fewer, or more --epochs");
            }
            return TrainingBudget.NONE;
        }
        TrainingBudget b;
        try {
            b = TrainingBudget.parse(budgetPerTrial);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--budget-per-trial: " + e.getMessage() + ", or converge");
        }
        if (model.given("--epochs") || model.given("--patience")) {
            throw new IllegalArgumentException((model.given("--epochs") ? "--epochs" : "--patience") + " is for --budget-per-trial converge:"
                    + " with " + b.text() + " every trial trains until its budget is spent; leave it out");
        }
        return b;
    }

    /** The racing round, 0 without --race. */
    private int raceRound() {
        if (!race) {
            if (raceRound != null) {
                throw new IllegalArgumentException("--race-round is for --race: add --race, or leave --race-round out");
            }
            return 0;
        }
        int r = raceRound != null ? raceRound : DEFAULT_RACE_ROUND;
        if (r < 2) {
            throw new IllegalArgumentException("--race-round " + r + ": a round needs at least 2 repeats (Welch's test needs two)");
        }
        if (repeats <= r) {
            throw new IllegalArgumentException("--race with --repeats " + repeats + " and rounds of " + r + " repeats has no round"
                    + " after which to stop: give --repeats above " + r + " (e.g. " + 4 * r + "), or a smaller --race-round");
        }
        return r;
    }

    /** What each trial gets, in words. */
    private static String eachTrial(RunConfig c) {
        if (c.budget().updates() > 0) {
            return "exactly " + c.budget().updates() + " updates";
        }
        if (c.budget().seconds() > 0) {
            return c.budget().text() + " of training";
        }
        return c.patience() > 0 ? "to convergence (patience " + c.patience() + ", at most " + c.epochs() + " epochs)"
                : c.epochs() + (c.epochs() == 1 ? " epoch" : " epochs");
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
