package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.analysis.Analysis;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.analysis.Suggestion;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Lengths;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.FolderLock;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.GridHorizon;
import org.tbptt4j.experiment.GridSearch;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.LocalEngine;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.io.ModelStore;
import org.tbptt4j.io.SavedModel;
import org.tbptt4j.metrics.Metrics;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j demo}: the main job on bundled data. Analyses the Mackey-Glass series, runs a small
 * grid over the six ways to cut it, trains the recommended configuration, writes the report, and
 * says where everything is and what it found.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on the bundled Mackey-Glass series: analyse, compare the six techniques in a small grid,",
                "train the recommended configuration, write the report. A few minutes on 2 cores."})
final class DemoCommand implements Callable<Integer> {

    /** The bundled series, relative to the project root. */
    static final Path DATA = Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-output", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--data", description = "The series to use. Default: the bundled data/mackey-glass-t17/MackeyGlass_t17.txt.")
    Path data;

    @Option(names = "--repeats", defaultValue = "10", description = "Trials per configuration. Default: ${DEFAULT-VALUE} (30 for a real search).")
    int repeats;

    @Option(names = "--epochs", defaultValue = "30", description = "At most this many epochs per trial: every trial trains to "
            + "convergence on validation (early stopping with --patience), so no configuration wins by making more updates. "
            + "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--patience", defaultValue = "3", description = "Epochs without a better validation loss before a trial "
            + "stops (its best epoch's weights are scored). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--workers", description = "Parallel trials. Default: the number of cores.")
    Integer workers;

    @Option(names = "--json", description = "Print the outcome as one JSON object at the end (the grid's summary as `grid --json`"
            + " prints it, with the analysis, the trained model's validation loss and where the files are), and nothing else on"
            + " standard output.")
    boolean json;

    @Option(names = "--no-horizon", negatable = false, description = "Leave out the memory horizon: by default the domain"
            + " configuration is trained first, how far back its loss reaches is measured from its gradients, and TBPTT(K, 2K-1)"
            + " for the suggested window K (tolerance " + GridHorizon.DEFAULT_TOLERANCE + ") is compared with the others.")
    boolean noHorizon;

    @Mixin
    GlobalOptions global;

    /** Where the words go: standard output, or nowhere with --json (standard output then carries only the JSON object). */
    private PrintWriter words() {
        return json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = words();
        Path file = data != null ? data : locate(DATA);
        long start = System.nanoTime();
        Preparation prep = Preparation.prepare(DataSpec.of(file));
        Sequence train = prep.train().get(0);
        o.printf(Locale.ROOT, "1. data: %s, %,d training steps (%s)%n", file, train.length(), prep.task().describe());

        Analysis a = DomainSplit.analyse(prep.train());
        o.println("2. analysis (ACF/PACF):");
        for (Suggestion s : a.suggestions()) {
            o.printf(Locale.ROOT, "   length %d: %s%n", s.length(), s.rule());
        }
        o.flush();

        Suggestion chosen = DomainSplit.choose(a, train.length() / 16);   // as --strategy domain chooses
        int domain = chosen == null ? 50 : chosen.length();
        // a fair comparison, as the seed advises: capacity and epochs over-provisioned, each trial stopped by its own
        // validation loss (the cost column then shows what each configuration needed)
        RunConfig base = RunConfig.defaults().withModel(CellType.LSTM, 32, 1).withEpochs(epochs).withBatch(16)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, patience);
        List<RunConfig> configs = new ArrayList<>();
        configs.add(base.withStrategy(StrategySpec.asIs()).withBatch(1));           // 1. as they are (full BPTT)
        configs.add(base.withStrategy(StrategySpec.naive(50)));                     // 2. naive split
        configs.add(base.withStrategy(StrategySpec.domain().withLength(domain)));   // 3. domain: the analysis' length
        for (int len : Lengths.candidates(train.length() / 16, 5, 200, 3)) {        // 4. search: factors of the stream length first
            configs.add(base.withStrategy(StrategySpec.naive(len)));
        }
        configs.add(base.withStrategy(StrategySpec.oneStep()));                     // 5. TBPTT(1,1)
        configs.add(base.withStrategy(StrategySpec.decoupled(10, 50)));             // 6. k1 != k2: overlapping windows
        Grid asked = new Grid(configs, repeats, 1);
        GridSearch.refuseProblems(GridSearch.problems(prep, asked, out));
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        try (FolderLock lock = GridCommand.lock(out)) {
            GridSummary.MemoryHorizon horizon = noHorizon ? null : GridCommand.horizon(o, prep, asked, lock.dir(),
                    GridHorizon.DEFAULT_TOLERANCE, GridHorizon.DEFAULT_MAX_LAG, "   memory horizon: ");
            // the same training under two names runs once
            Grid grid = GridSearch.mergeIdentical(prep, GridHorizon.withHorizon(asked, horizon));
            return run(prep, a, grid, lock, w, file, start, horizon);
        }
    }

    private int run(Preparation prep, Analysis a, Grid grid, FolderLock lock, int w, Path file, long start,
                    GridSummary.MemoryHorizon horizon) throws Exception {
        PrintWriter o = words();
        List<RunConfig> configs = grid.configs();
        o.printf(Locale.ROOT, "3. grid: %d configurations x %d repeats = %d trials on %d worker(s) ...%n", configs.size(), repeats,
                grid.size(), w);
        o.flush();
        GridOutputs outputs = new GridOutputs(prep, grid, lock, "--data " + file, horizon);
        GridSummary summary;
        try (GridOutputs.OnInterrupt hook = outputs.onInterrupt()) {
            GridSearch.run(prep, grid, lock, new LocalEngine(w), GridSearch.Budget.none(), null);
            summary = outputs.write("");
        }
        GridRanking.print(o, summary);    // the grid's own table: ranks, Holm ties, the cost of each configuration
        if (summary.best() == null) {
            throw new IllegalStateException("no configuration of the demo's grid has a finished trial (every one diverged): see "
                    + lock.dir().resolve(GridFiles.REPORT));
        }
        // exactly what the printed command trains: the recommended configuration with repeat 0's seed (the grid's first trial)
        RunConfig best = configs.get(summary.best().index()).withSeed(grid.seedOf(0));
        Path model = lock.dir().resolve("model");
        String command = summary.best().command().replaceFirst(" --out model$", " --out " + model);
        o.printf(Locale.ROOT, "4. training the recommended configuration (%s, %d epochs, seed %d) and scoring the test part ...%n",
                best.label(), best.epochs(), best.seed());
        o.flush();
        long trainStart = System.nanoTime();
        Experiment.Outcome trained = Experiment.run(prep, best, null);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        Metrics val = Metrics.measure(trained.net(), trained.loss(), prep.task(), prep.scaler(), Experiment.scored(prep, 1), best.batch(),
                prep.classes());
        // with the data recipe and the training record, as tbptt4j train saves it: evaluate and predict accept it
        ModelStore.save(model, new SavedModel(trained.model(), trained.loss(), Precision.F32, trained.net().parametersAsDouble(),
                TrainCommand.extra(prep, best, trained, TrainCommand.summary(trained.history(), val, trainSeconds, model), null),
                DataRecipe.of(prep)));
        summary = outputs.scoreTest(summary.best().index(), best, trained, "");
        Path report = lock.dir().resolve(GridFiles.REPORT);
        double seconds = (System.nanoTime() - start) / 1e9;
        o.printf(Locale.ROOT, "5. done in %.0f s: validation loss %.5f (scaled units, as the ranking)%n", seconds,
                trained.validation() == null ? Double.NaN : trained.validation().loss());
        GridCommand.printAnswers(o, summary);
        o.println("   report:  " + report.toAbsolutePath());
        o.println("   model:   " + model.toAbsolutePath() + " (tbptt4j evaluate --model " + model + " --data " + file
                + " --part test)");
        o.println("   journal: " + out.resolve(GridSearch.JOURNAL).toAbsolutePath());
        o.println("   found:   " + summary.best().label() + " ranks first among the recurrent configurations; the model above is:");
        o.println("            " + command);
        o.flush();
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode j = GridFiles.JSON.createObjectNode();
            j.put("data", file.toString()).put("seconds", seconds);
            com.fasterxml.jackson.databind.node.ArrayNode suggestions = j.putObject("analysis").putArray("suggestions");
            a.suggestions().forEach(s -> suggestions.addObject().put("length", s.length()).put("rule", s.rule()));
            if (trained.validation() != null) {
                j.put("validation_loss", trained.validation().loss());
            }
            j.put("report", report.toAbsolutePath().toString()).put("model", model.toAbsolutePath().toString())
                    .put("journal", out.resolve(GridSearch.JOURNAL).toAbsolutePath().toString()).put("train_command", command);
            j.set("summary", GridFiles.JSON.valueToTree(summary));
            spec.commandLine().getOut().println(GridFiles.JSON.writeValueAsString(j));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The bundled file, from the project root or the current directory. */
    private static Path locate(Path rel) {
        String root = System.getProperty("tbptt4j.home");
        Path p = root != null ? Path.of(root).resolve(rel) : rel;
        if (!Files.isRegularFile(p)) {
            throw new UserErrors.UserError("the bundled series " + rel + " is not here: run the demo from the project root, "
                    + "or give --data FILE");
        }
        return p;
    }
}
