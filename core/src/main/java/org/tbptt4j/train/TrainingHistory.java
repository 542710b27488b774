package org.tbptt4j.train;

import java.util.List;

/**
 * What a training run did: one record per epoch, the best epoch by validation loss (by training
 * loss without validation data), and why it stopped.
 *
 * @param epochs    per-epoch records
 * @param bestEpoch 1-based epoch whose weights the model holds at the end (with early stopping), or the last
 * @param stop      why training ended
 * @param message   a human explanation for {@link Stop#DIVERGED} (what happened, what to try); empty otherwise
 */
public record TrainingHistory(List<EpochRecord> epochs, int bestEpoch, Stop stop, String message) {

    public enum Stop { COMPLETED, EARLY_STOPPING, DIVERGED }

    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
