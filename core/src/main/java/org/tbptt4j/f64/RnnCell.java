package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

/**
 * Simple recurrent cell (Elman, tanh), PyTorch's {@code nn.RNN}: G = 1.
 * <pre>
 *   h = tanh(W_ih x + b_ih + W_hh hPrev + b_hh)
 * </pre>
 */
public final class RnnCell extends RecurrentCell {

    public RnnCell(int in, int hidden, int offset, MatMul mm) {
        super(CellType.RNN, in, hidden, offset, mm);
    }

    @Override
    public CellCache newCache(int batch) {
        return new CellCache(batch, in, hidden, false);
    }

    @Override
    public void forward(double[] w, CellCache cache, double[] scratch) {
        // the pre-activation goes straight into h, then is squashed in place
        preActivations(w, cache, cache.h, true);
        double[] h = cache.h;
        Parallel.halves(cache.batch * hidden, (from, to) -> {
            for (int i = from; i < to; i++) {
                h[i] = Act.tanh(h[i]);
            }
        });
    }

    @Override
    public void backward(double[] w, CellCache cache, double[] dH, double[] dC,
                         double[] dW, double[] dX, double[] dHPrev, double[] dCPrev, double[] scratch) {
        double[] h = cache.h;
        double[] dA = scratch; // (B x H): da = dh * (1 - h^2)
        Parallel.halves(cache.batch * hidden, (from, to) -> {
            for (int i = from; i < to; i++) {
                dA[i] = dH[i] * (1 - h[i] * h[i]);
            }
        });
        inputGrads(w, cache, dA, dW, dX);
        recurrentGrads(w, cache, dA, dW, dHPrev);
    }
}
