package org.tbptt4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.train.TrainingBudget;
import picocli.CommandLine.Option;

/**
 * The model and training options (a picocli mixin of train and grid); every default is
 * {@link RunConfig#defaults()}'s. A command whose defaults differ names them with a picocli default
 * value provider (grid: {@code GridCommand.ModelDefaults}), and its help shows its own. {@link #problems}
 * checks every value before any data is read, so a bad value fails at once.
 */
final class ModelOptions {

    private static final RunConfig DEFAULTS = RunConfig.defaults();

    @Option(names = "--cell", paramLabel = "CELL", description = "Recurrent cell: lstm, gru or rnn. Default: ${DEFAULT-VALUE}.")
    String cell = DEFAULTS.cell().id();

    /** {@code RunConfig.defaults().hidden()}, as an annotation needs it (a list's initial value would show as [32]). */
    static final String DEFAULT_HIDDEN = "32";

    @Option(names = "--hidden", split = ",", paramLabel = "H", defaultValue = DEFAULT_HIDDEN,
            description = "Hidden units per layer (grid: the sizes to compare, e.g. 16,32). Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--layers", paramLabel = "L", description = "Stacked recurrent layers. Default: ${DEFAULT-VALUE}.")
    int layers = DEFAULTS.layers();

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout between stacked layers (--layers 2 or more), in [0, 1). Default: ${DEFAULT-VALUE}.")
    double dropout = DEFAULTS.dropout();

    @Option(names = "--embedding", paramLabel = "E", description = "Token embedding width (text only). Default: ${DEFAULT-VALUE}.")
    int embedding = DEFAULTS.embedding();

    /** The command these options are mixed into, to tell an option given from its default. */
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--loss", paramLabel = "LOSS",
            description = "mse, mae, cross-entropy or bce (binary targets: every target in [0, 1]). Default: mse for numeric "
                    + "targets, cross-entropy for classes and text.")
    String loss;

    @Option(names = "--optimizer", paramLabel = "OPT", description = "adam, adamw, sgd, rmsprop or adagrad. Default: ${DEFAULT-VALUE}.")
    String optimizer = DEFAULTS.optimizer().id();

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr = DEFAULTS.lr();

    @Option(names = "--clip-norm", paramLabel = "N", description = "Clip gradients to this global norm; 0 = off. Default: ${DEFAULT-VALUE}.")
    double clipNorm = DEFAULTS.clipNorm();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data, at most: early stopping "
            + "(--patience) may end training sooner. Default: ${DEFAULT-VALUE}; with a budget of updates or time, as many as the"
            + " budget takes.")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N epochs without a better validation loss and keep the best weights; 0 = off. Default: ${DEFAULT-VALUE}.")
    int patience = DEFAULTS.patience();

    @Option(names = "--seed", paramLabel = "S",
            description = "Seeds the initial weights and dropout (grid: the base seed each trial's seed comes from). Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    /** Whether the option was given on the command line (not its default). */
    boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Every option value that cannot work whatever the data, one line each naming the option; empty when all can. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        hidden.stream().filter(h -> h < 1).forEach(h -> problems.add("--hidden " + h + ": a hidden size is at least 1"));
        if (layers < 1) {
            problems.add("--layers " + layers + ": give at least 1");
        }
        if (epochs < 1) {
            problems.add("--epochs " + epochs + ": give at least 1");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add("--dropout must be in [0, 1), got " + dropout);
        } else if (dropout > 0 && layers == 1) {
            problems.add("--dropout " + dropout + " acts between stacked layers, and --layers is 1; give --layers 2 or more, or "
                    + "leave --dropout out");
        }
        if (embedding < 1) {
            problems.add("--embedding must be at least 1, got " + embedding);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            problems.add("--lr must be a positive number, got " + lr + "; try " + DEFAULTS.lr());
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            problems.add("--clip-norm must be 0 (off) or a positive number, got " + clipNorm);
        }
        if (patience < 0) {
            problems.add("--patience must be 0 (off) or positive, got " + patience);
        }
        for (Runnable parse : List.<Runnable>of(() -> parse("--cell", () -> CellType.parse(cell)),
                () -> parse("--optimizer", () -> OptimizerConfig.Kind.parse(optimizer)),
                () -> parse("--loss", () -> loss == null ? null : LossType.parse(loss)))) {
            try {
                parse.run();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * The model and training these options give, on the default strategy, with the first hidden
     * size; with a limited {@code budget} and no --epochs, as many epochs as it takes.
     *
     * @throws UserErrors.UserError listing every {@link #problems} when there are any
     */
    RunConfig base(TrainingBudget budget) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new UserErrors.UserError(String.join("\n", problems));
        }
        int e = !given("--epochs") && budget.limited() ? RunConfig.UNTIL_BUDGET : epochs;
        LossType l = loss == null ? null : LossType.parse(loss);
        return new RunConfig(DEFAULTS.strategy(), DEFAULTS.length(), DEFAULTS.k1(), DEFAULTS.k2(), DEFAULTS.batch(),
                CellType.parse(cell), hidden.get(0), layers, dropout, embedding, OptimizerConfig.Kind.parse(optimizer), lr, clipNorm, e,
                patience, seed, l, budget.updates(), budget.seconds());
    }

    /** The run these options and the strategy options describe, with {@code budget}; every bad value names its option. */
    RunConfig runConfig(StrategyOptions cut, TrainingBudget budget) {
        if (cut.grid()) {
            throw new IllegalArgumentException("--strategy grid searches over lengths and is not one training run: list the "
                    + "candidates with 'tbptt4j plan --strategy grid', then train one with --strategy naive --length L");
        }
        if (cut.sentences != null) {
            throw new IllegalArgumentException("--sentences: train does not cut text by sentences; use --strategy naive "
                    + "--length L (see 'tbptt4j plan --sentences' for the sentence lengths)");
        }
        if (hidden.size() != 1) {
            throw new IllegalArgumentException("--hidden " + hidden.stream().map(String::valueOf).collect(Collectors.joining(","))
                    + ": one run trains one size; give one, or compare sizes with 'tbptt4j grid --hidden'");
        }
        StrategySpec s = cut.spec();
        return base(budget).withBatch(cut.batch).withStrategy(s)
                .withTruncation(cut.k1 == null ? 0 : cut.k1, cut.k2 == null ? 0 : cut.k2);
    }

    /**
     * Refuses what the prepared data cannot use: --embedding on data that is not token ids, and
     * --patience without validation data to watch.
     */
    void requireApplicable(org.tbptt4j.data.Preparation prep) {
        if (given("--embedding")
                && !(prep.task() instanceof org.tbptt4j.data.Task.LanguageModel)) {
            throw new IllegalArgumentException("--embedding " + embedding + " applies to text only (it embeds token ids), and "
                    + prep.spec().file().getFileName() + " is " + prep.task().describe() + " on numbers; leave it out");
        }
        if (given("--patience") && patience > 0 && prep.validation().isEmpty()) {
            throw new IllegalArgumentException("--patience " + patience + " watches the validation loss, but there is no "
                    + "validation data (--split " + prep.spec().train() + "," + prep.spec().validation() + "); give a validation "
                    + "fraction, e.g. --split 0.7,0.15, or leave --patience out");
        }
    }

    /** Runs a parser and prefixes its message with the option's name. */
    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + UserErrors.message(e), e);
        }
    }
}
