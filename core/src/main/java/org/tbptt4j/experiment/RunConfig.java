package org.tbptt4j.experiment;

import java.util.Locale;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.ParameterException;
import org.tbptt4j.train.TrainingBudget;

/**
 * One training configuration: how the data is cut (strategy, length, k1, k2, batch), the model
 * (cell, hidden, layers, dropout, embedding for text) and the training (optimizer, learning rate,
 * clipping, epochs, early stopping, seed). Immutable; what a grid trial and {@code tbptt4j train}
 * both run. Its components, by name, are a grid trial's {@link TrialKey}: a component added later
 * needs an entry in {@code TrialKey.ADDED}, so that the journals written before keep their keys.
 *
 * <p>The strategy is kept in its flat form (name, length, k1, k2), the form journals and saved
 * models have always written; {@link #spec()} is its typed form ({@link StrategySpec}, which checks
 * every combination when the configuration is made), and {@link #withStrategy(StrategySpec)} sets it.
 *
 * @param strategy  as-is, naive, domain, one-step, decoupled or packed ({@link StrategySpec#NAMES})
 * @param length    subsequence length (naive, domain, packed); 0 = the strategy's own (domain: analysis)
 * @param k1        steps between updates (decoupled's own; on the others a truncation on top); 0 = the layout's
 * @param k2        steps of backpropagation (likewise); 0 = the layout's
 * @param batch     stream rows
 * @param embedding embedding width for token inputs (text); ignored for numeric data
 * @param clipNorm  gradient clipping to this global norm; 0 = off
 * @param patience  early stopping patience in epochs; 0 = off
 * @param epochs    at most this many epochs (early stopping or a budget may end training sooner)
 * @param loss      the loss; null = the task's own (MSE for numbers, cross-entropy for classes and tokens)
 * @param maxUpdates stop after exactly this many updates, mid-epoch if need be; 0 = no limit ({@link TrainingBudget})
 * @param maxSeconds stop after this much training time; 0 = no limit
 */
public record RunConfig(String strategy, int length, int k1, int k2, int batch, CellType cell, int hidden, int layers,
                        double dropout, int embedding, OptimizerConfig.Kind optimizer, double lr, double clipNorm, int epochs,
                        int patience, long seed, LossType loss, long maxUpdates, double maxSeconds) {

    /** The epochs of a run with a budget of updates or time: as many as the budget takes. */
    public static final int UNTIL_BUDGET = Integer.MAX_VALUE;

    public RunConfig {
        strategy = strategy.toLowerCase(Locale.ROOT);
        requireAtLeast("length", length, 0, "; give 0 for the strategy's own length");
        requireAtLeast("k1", k1, 0, "; give 0 for the layout's own");
        requireAtLeast("k2", k2, 0, "; give 0 for the layout's own");
        StrategySpec.of(strategy, length, k1, k2);
        requireAtLeast("batch", batch, 1, "");
        requireAtLeast("hidden", hidden, 1, "");
        requireAtLeast("layers", layers, 1, "");
        requireAtLeast("epochs", epochs, 1, "");
        if (!(lr > 0)) {
            throw new ParameterException("lr = " + lr + " is not a positive learning rate; give e.g. lr = 0.01", "lr");
        }
        if (epochs == UNTIL_BUDGET && !budget(maxUpdates, maxSeconds).limited()) {
            throw new IllegalArgumentException("a run without an epoch limit needs a budget of updates or time");
        }
    }

    private static void requireAtLeast(String name, int value, int least, String advice) {
        if (value < least) {
            throw new ParameterException(name + " = " + value + " is less than " + least + advice, name);
        }
    }

    /** The configuration without a budget, as before budgets existed. */
    public RunConfig(String strategy, int length, int k1, int k2, int batch, CellType cell, int hidden, int layers,
                     double dropout, int embedding, OptimizerConfig.Kind optimizer, double lr, double clipNorm, int epochs,
                     int patience, long seed, LossType loss) {
        this(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm, epochs,
                patience, seed, loss, 0, 0);
    }

    private static TrainingBudget budget(long updates, double seconds) {
        return updates == 0 && seconds == 0 ? TrainingBudget.NONE : new TrainingBudget(updates, seconds);
    }

    /** The budget of updates or seconds each run gets ({@link TrainingBudget#NONE} when neither is set). */
    public TrainingBudget budget() {
        return budget(maxUpdates, maxSeconds);
    }

    /** The same configuration with a budget per run. */
    public RunConfig withBudget(TrainingBudget b) {
        return new RunConfig(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                epochs, patience, seed, loss, b.updates(), b.seconds());
    }

    /** Small, sensible defaults: naive 50-step pieces, 16 streams, LSTM 32, Adam 0.01, 10 epochs. */
    public static RunConfig defaults() {
        return new RunConfig("naive", 50, 0, 0, 16, CellType.LSTM, 32, 1, 0, 16, OptimizerConfig.Kind.ADAM, 0.01, 1.0, 10,
                0, 1, null);
    }

    /** The strategy in its typed form. */
    public StrategySpec spec() {
        return StrategySpec.of(strategy, length, k1, k2);
    }

    /** The same configuration cut by {@code s}, with no truncation on top of the strategy's own. */
    public RunConfig withStrategy(StrategySpec s) {
        int newK1 = s instanceof StrategySpec.Decoupled d ? d.k1() : 0;
        int newK2 = s instanceof StrategySpec.Decoupled d ? d.k2() : 0;
        return withStrategy(s.name(), s.length().orElse(0), newK1, newK2);
    }

    /** The same configuration with TBPTT(k1, k2) on top of the strategy's layout; 0 = the layout's own. */
    public RunConfig withTruncation(int newK1, int newK2) {
        return withStrategy(strategy, length, newK1, newK2);
    }

    /** The same configuration with the strategy in its flat form (see {@link StrategySpec#of(String, int, int, int)}). */
    public RunConfig withStrategy(String s, int len, int newK1, int newK2) {
        return new RunConfig(s, len, newK1, newK2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                epochs, patience, seed, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withModel(CellType c, int h, int l) {
        return new RunConfig(strategy, length, k1, k2, batch, c, h, l, dropout, embedding, optimizer, lr, clipNorm, epochs,
                patience, seed, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withEpochs(int e) {
        return new RunConfig(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                e, patience, seed, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                epochs, patience, s, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withBatch(int b) {
        return new RunConfig(strategy, length, k1, k2, b, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                epochs, patience, seed, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withTraining(OptimizerConfig.Kind opt, double rate, double clip, int patienceEpochs) {
        return new RunConfig(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, opt, rate, clip, epochs,
                patienceEpochs, seed, loss, maxUpdates, maxSeconds);
    }

    public RunConfig withLoss(LossType l) {
        return new RunConfig(strategy, length, k1, k2, batch, cell, hidden, layers, dropout, embedding, optimizer, lr, clipNorm,
                epochs, patience, seed, l, maxUpdates, maxSeconds);
    }

    /** A short label of the data-cutting part, e.g. "naive L=50 (50,50)". */
    public String label() {
        StrategySpec s = spec();
        boolean truncated = !(s instanceof StrategySpec.Decoupled) && (k1 > 0 || k2 > 0);
        return s.label() + (truncated ? " (" + k1 + "," + k2 + ")" : "");
    }
}
