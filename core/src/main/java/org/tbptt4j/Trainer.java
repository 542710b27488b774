package org.tbptt4j;

import java.util.function.Consumer;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.io.SavedModel;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.Precision;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingHistory;
import org.tbptt4j.train.TrainingListener;

/**
 * Trains a recurrent network on a {@link Dataset} with truncated backpropagation through time,
 * TBPTT(k1, k2), and returns a {@link Model} that carries the data's recipe. Immutable: each
 * setter returns a new trainer. The defaults ({@link RunConfig#defaults()}): naive 50-step pieces in
 * 16 stateful streams, TBPTT(50, 50), one layer, Adam at 0.01, gradient clipping at norm 1, 10
 * epochs, seed 1; the network is initialised as PyTorch initialises its layers, from the seed.
 *
 * <pre>{@code
 * Model model = Trainer.lstm(32).strategy(StrategySpec.naive(50)).epochs(10)
 *         .onEpoch(e -> System.out.println(e.epoch() + " " + e.validationLoss()))
 *         .fit(Dataset.read(Path.of("series.csv")));
 * }</pre>
 *
 * The engine is the float32 one ({@code org.tbptt4j.f32}); the float64 twin ({@code org.tbptt4j.f64})
 * is for reference and gradient checks.
 */
public final class Trainer {

    private final RunConfig run;
    private final TrainingListener listener;

    private Trainer(RunConfig run, TrainingListener listener) {
        this.run = run;
        this.listener = listener;
    }

    /** An LSTM of {@code hidden} units per layer. */
    public static Trainer lstm(int hidden) {
        return of(CellType.LSTM, hidden);
    }

    /** A GRU of {@code hidden} units per layer. */
    public static Trainer gru(int hidden) {
        return of(CellType.GRU, hidden);
    }

    /** A simple (Elman, tanh) RNN of {@code hidden} units per layer. */
    public static Trainer rnn(int hidden) {
        return of(CellType.RNN, hidden);
    }

    /** A network of {@code cell}s, {@code hidden} units per layer. */
    public static Trainer of(CellType cell, int hidden) {
        RunConfig d = RunConfig.defaults();
        return new Trainer(d.withModel(cell, hidden, d.layers()), null);
    }

    /** Stacks {@code count} recurrent layers (default 1). */
    public Trainer layers(int count) {
        return with(run.withModel(run.cell(), run.hidden(), count));
    }

    /**
     * How sequences are cut (default {@code StrategySpec.naive(50)}), e.g. {@code StrategySpec.domain()}
     * (the length from the autocorrelation analysis), {@code StrategySpec.packed(20)} or
     * {@code StrategySpec.decoupled(10, 50)}; clears a {@link #truncation} given before.
     */
    public Trainer strategy(StrategySpec strategy) {
        return with(run.withStrategy(strategy));
    }

    /**
     * TBPTT(k1, k2) on top of the strategy's layout: k1 steps forward between updates, k2 steps of
     * backpropagation; 0 = the layout's own. Refused for one-step, which is TBPTT(1,1).
     */
    public Trainer truncation(int k1, int k2) {
        return with(run.withTruncation(k1, k2));
    }

    /** Stateful stream rows trained together (default 16). */
    public Trainer batch(int streams) {
        return with(run.withBatch(streams));
    }

    /** Passes over the training data (default 10). */
    public Trainer epochs(int count) {
        return with(run.withEpochs(count));
    }

    /** Adam at {@code learningRate} (the default, at 0.01). */
    public Trainer adam(double learningRate) {
        return with(run.withTraining(OptimizerConfig.Kind.ADAM, learningRate, run.clipNorm(), run.patience()));
    }

    /** Plain stochastic gradient descent at {@code learningRate}. */
    public Trainer sgd(double learningRate) {
        return with(run.withTraining(OptimizerConfig.Kind.SGD, learningRate, run.clipNorm(), run.patience()));
    }

    /** Clips the gradient to this global norm (default 1); 0 turns clipping off. */
    public Trainer clipNorm(double norm) {
        return with(run.withTraining(run.optimizer(), run.lr(), norm, run.patience()));
    }

    /** Stops after this many epochs without a better validation loss and keeps the best epoch's weights; 0 = off (default). */
    public Trainer patience(int epochs) {
        return with(run.withTraining(run.optimizer(), run.lr(), run.clipNorm(), epochs));
    }

    /** Seeds the initialisation and everything random in training (default 1): same seed, same model. */
    public Trainer seed(long seed) {
        return with(run.withSeed(seed));
    }

    /** Calls {@code action} after every epoch with its losses and speed. */
    public Trainer onEpoch(Consumer<EpochRecord> action) {
        return listener(new TrainingListener() {
            @Override
            public void epochEnd(EpochRecord record) {
                action.accept(record);
            }
        });
    }

    /** Hears about progress within epochs too (progress bars). */
    public Trainer listener(TrainingListener l) {
        return new Trainer(run, l);
    }

    /** The configuration this trainer runs (what {@code tbptt4j train} and a grid trial run). */
    public RunConfig config() {
        return run;
    }

    /**
     * Trains on the dataset's training part, validating after every epoch on its validation part.
     *
     * @throws IllegalArgumentException if the configuration does not fit the data (the message names the parameter)
     * @throws IllegalStateException    if training diverged (a NaN, infinite or exploding loss): no model is returned
     */
    public Model fit(Dataset data) {
        Experiment.Outcome outcome = Experiment.run(data.preparation(), run, listener);
        TrainingHistory h = outcome.history();
        if (h.stop() == TrainingHistory.Stop.DIVERGED) {
            throw new IllegalStateException(h.message() + "; try a tenth of the learning rate (" + run.lr()
                    + "), a smaller clip norm or a shorter k2");
        }
        SavedModel saved = new SavedModel(outcome.model(), outcome.loss(), Precision.F32, outcome.net().parametersAsDouble(),
                null, DataRecipe.of(data.preparation()));
        saved.extra().set("training", Experiment.trainingJson(data.preparation(), run, outcome, null));
        return new Model(saved, outcome.net(), h);
    }

    private Trainer with(RunConfig c) {
        return new Trainer(c, listener);
    }
}
