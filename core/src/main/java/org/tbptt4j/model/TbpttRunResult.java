package org.tbptt4j.model;

/**
 * What TBPTT training of one stream batch produced, widened to double: the normalised loss of every
 * update that had an unmasked step, the gradient of the first such update and the final parameters
 * (both in the model's flat {@link ParamLayout}).
 */
public record TbpttRunResult(double[] updateLosses, double[] firstUpdateGrads, double[] finalParams) {
}
