package org.tbptt4j.cli;

import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.train.TrainingBudget;
import picocli.CommandLine.Option;

/**
 * The model and training options (a picocli mixin); every default is {@link RunConfig#defaults()}'s.
 * {@link #runConfig} checks them all before any data is read, so a bad value fails at once.
 */
final class ModelOptions {

    private static final RunConfig DEFAULTS = RunConfig.defaults();

    @Option(names = "--cell", paramLabel = "CELL", description = "Recurrent cell: lstm, gru or rnn. Default: ${DEFAULT-VALUE}.")
    String cell = DEFAULTS.cell().id();

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden units per layer. Default: ${DEFAULT-VALUE}.")
    int hidden = DEFAULTS.hidden();

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

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (at most, with --budget). Default: "
            + "10; with --budget as many as the budget takes.")
    Integer epochs;

    @Option(names = "--budget", paramLabel = "B",
            description = "Stop training after exactly N updates (e.g. 2000u, mid-epoch if need be) or a training time (e.g. 30s,"
                    + " 10m), validate and save; what `grid --budget-per-trial` gives each trial. Default: none.")
    String budget;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N epochs without a better validation loss and keep the best weights; 0 = off. Default: ${DEFAULT-VALUE}.")
    int patience = DEFAULTS.patience();

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the initial weights and dropout. Default: ${DEFAULT-VALUE}.")
    long seed = DEFAULTS.seed();

    /** The run these options and the strategy options describe; every bad value names its option. */
    RunConfig runConfig(StrategyOptions cut) {
        if (cut.grid()) {
            throw new IllegalArgumentException("--strategy grid searches over lengths and is not one training run: list the "
                    + "candidates with 'tbptt4j plan --strategy grid', then train one with --strategy naive --length L");
        }
        if (cut.sentences != null) {
            throw new IllegalArgumentException("--sentences: train does not cut text by sentences; use --strategy naive "
                    + "--length L (see 'tbptt4j plan --sentences' for the sentence lengths)");
        }
        StrategySpec s = cut.spec();
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (dropout > 0 && layers == 1) {
            throw new IllegalArgumentException("--dropout " + dropout + " acts between stacked layers, and --layers is 1; "
                    + "give --layers 2 or more, or leave --dropout out");
        }
        if (embedding < 1) {
            throw new IllegalArgumentException("--embedding must be at least 1, got " + embedding);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr + "; try " + DEFAULTS.lr());
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("--clip-norm must be 0 (off) or a positive number, got " + clipNorm);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be 0 (off) or positive, got " + patience);
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        TrainingBudget b = budget == null ? TrainingBudget.NONE : parse("--budget", () -> TrainingBudget.parse(budget));
        int e = epochs != null ? epochs : b.limited() ? RunConfig.UNTIL_BUDGET : DEFAULTS.epochs();
        CellType c = parse("--cell", () -> CellType.parse(cell));
        OptimizerConfig.Kind o = parse("--optimizer", () -> OptimizerConfig.Kind.parse(optimizer));
        RunConfig run = new RunConfig(DEFAULTS.strategy(), DEFAULTS.length(), DEFAULTS.k1(), DEFAULTS.k2(), cut.batch, c, hidden,
                layers, dropout, embedding, o, lr, clipNorm, e, patience, seed,
                loss == null ? null : parse("--loss", () -> LossType.parse(loss)), b.updates(), b.seconds());
        return run.withStrategy(s).withTruncation(cut.k1 == null ? 0 : cut.k1, cut.k2 == null ? 0 : cut.k2);
    }

    /**
     * Refuses what the prepared data cannot use: --embedding on data that is not token ids, and
     * --patience without validation data to watch.
     */
    void requireApplicable(org.tbptt4j.data.Preparation prep) {
        if (mixee.commandLine().getParseResult().hasMatchedOption("--embedding")
                && !(prep.task() instanceof org.tbptt4j.data.Task.LanguageModel)) {
            throw new IllegalArgumentException("--embedding " + embedding + " applies to text only (it embeds token ids), and "
                    + prep.spec().file().getFileName() + " is " + prep.task().describe() + " on numbers; leave it out");
        }
        if (patience > 0 && prep.validation().isEmpty()) {
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
