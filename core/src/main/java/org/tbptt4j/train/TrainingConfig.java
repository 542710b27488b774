package org.tbptt4j.train;

import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;

/**
 * Everything about a training run except the model and the data. Immutable.
 *
 * @param tbptt              truncation (k1, k2), random lengths and clipping
 * @param optimizer          update rule and base learning rate
 * @param loss               the loss
 * @param epochs             passes over the training stream
 * @param patience           early stopping: stop after this many epochs without a better validation
 *                           loss and restore the best weights; 0 = never stop early
 * @param schedule           learning rate per epoch
 * @param carryStateToValidation start validation from (a copy of) the state at the end of the training
 *                           stream, for validation data that continues it; else from zero state
 * @param seed               seeds dropout and random window lengths
 * @param budget             stops training after a number of updates or a training time, mid-epoch if need
 *                           be, within the {@code epochs} ({@link TrainingBudget#NONE}: epochs and patience alone)
 */
public record TrainingConfig(TbpttConfig tbptt, OptimizerConfig optimizer, LossType loss, int epochs, int patience,
                             LrSchedule schedule, boolean carryStateToValidation, long seed, TrainingBudget budget) {

    public TrainingConfig {
        if (tbptt == null || optimizer == null || loss == null || schedule == null || budget == null) {
            throw new IllegalArgumentException("tbptt, optimizer, loss, schedule and budget must all be given");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0 = no early stopping), got " + patience);
        }
    }

    /** Defaults: constant rate, no early stopping, validation from carried state, seed 1, no budget. */
    public static TrainingConfig of(TbpttConfig tbptt, OptimizerConfig optimizer, LossType loss, int epochs) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, 0, LrSchedule.constant(), true, 1, TrainingBudget.NONE);
    }

    public TrainingConfig withPatience(int p) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, p, schedule, carryStateToValidation, seed, budget);
    }

    public TrainingConfig withSchedule(LrSchedule s) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, patience, s, carryStateToValidation, seed, budget);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, patience, schedule, carryStateToValidation, s, budget);
    }

    public TrainingConfig withCarryStateToValidation(boolean v) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, patience, schedule, v, seed, budget);
    }

    public TrainingConfig withBudget(TrainingBudget b) {
        return new TrainingConfig(tbptt, optimizer, loss, epochs, patience, schedule, carryStateToValidation, seed, b);
    }
}
