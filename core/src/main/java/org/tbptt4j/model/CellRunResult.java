package org.tbptt4j.model;

import java.util.Map;

/**
 * What one recurrent layer computes over a sequence with full BPTT from a given state, for the loss
 * sum over b, t, j of output[b][t][j] * R[b][t][j] (the cell fixtures' loss). All arrays flat,
 * row-major, widened to double.
 *
 * @param output (B x T x H)
 * @param hFinal (B x H)
 * @param cFinal (B x H), LSTM only (else empty)
 * @param grads  parameter gradients by PyTorch name without layer suffix (weight_ih, ...)
 * @param gradX  (B x T x In)
 * @param gradH0 (B x H)
 * @param gradC0 (B x H), LSTM only (else empty)
 */
public record CellRunResult(double[] output, double[] hFinal, double[] cFinal, Map<String, double[]> grads,
                            double[] gradX, double[] gradH0, double[] gradC0) {
}
