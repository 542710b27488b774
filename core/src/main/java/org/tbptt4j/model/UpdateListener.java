package org.tbptt4j.model;

/** Called by the trainer after each update's gradient is computed (and clipped), before the optimizer step. */
@FunctionalInterface
public interface UpdateListener {

    /**
     * @param update   0-based index of the update since the trainer was made
     * @param loss     the update's normalised loss
     * @param count    unmasked (row, step) pairs among the update's new steps
     * @param gradNorm the global L2 norm of the gradient before clipping
     */
    void afterGradient(long update, double loss, long count, double gradNorm);
}
