package org.tbptt4j.model;

/**
 * Training produced a NaN or infinite loss or gradient. The weights are those before the failed
 * update (the last good ones); the message names the update, the likely cause and what to try.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final long update;

    public TrainingDivergedException(long update, String what) {
        super("training diverged at update " + update + ": " + what + ". Likely cause: a learning rate too high "
                + "for this model, exploding gradients over long windows, or NaN/infinite values in the data. "
                + "Try a lower learning rate (e.g. a tenth), gradient clipping (clip norm 1.0), a shorter k2, "
                + "or check the input for missing values.");
        this.update = update;
    }
}
