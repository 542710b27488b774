package org.tbptt4j.train;

import java.util.List;

/**
 * What a training run did: one record per epoch, the best epoch by validation loss (by training
 * loss without validation data), and why it stopped.
 *
 * @param epochs    per-epoch records
 * @param bestEpoch 1-based epoch whose weights the model holds at the end: the best one with early stopping, else
 *                  the last; after a divergence the best epoch before it when early stopping kept its weights, else
 *                  0 (no epoch's weights are held: nothing worth keeping)
 * @param stop      why training ended
 * @param message   a human explanation for {@link Stop#DIVERGED} (what happened, what to try); empty otherwise
 */
public record TrainingHistory(List<EpochRecord> epochs, int bestEpoch, Stop stop, String message) {

    /** Why training ended: every epoch ran, early stopping, the {@link TrainingBudget} was spent, or divergence. */
    public enum Stop { COMPLETED, EARLY_STOPPING, BUDGET, DIVERGED }

    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
