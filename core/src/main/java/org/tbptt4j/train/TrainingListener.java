package org.tbptt4j.train;

/** Hears about training progress (progress bars, logs). All methods have empty defaults. */
public interface TrainingListener {

    /** Called as training steps go by: rows x steps done in this epoch of {@code total}. */
    default void progress(int epoch, long done, long total, double lastLoss) {
    }

    /** Called after each epoch's validation. */
    default void epochEnd(EpochRecord record) {
    }
}
