package org.tbptt4j.train;

/**
 * One epoch of training.
 *
 * @param epoch           1-based
 * @param trainLoss       mean of the epoch's update losses, weighted by their unmasked steps
 * @param validationLoss  loss on the validation data after the epoch (NaN without validation data)
 * @param validationAccuracy argmax accuracy on validation data for cross-entropy (else NaN)
 * @param learningRate    the epoch's base learning rate
 * @param updates         updates made in the epoch
 * @param seconds         wall time of the epoch's training (validation excluded)
 * @param stepsPerSecond  rows x steps trained per second
 * @param k2              the k2 the epoch's updates used (it changes between epochs with {@link AdaptiveK2})
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                          double learningRate, long updates, double seconds, double stepsPerSecond, int k2) {
}
