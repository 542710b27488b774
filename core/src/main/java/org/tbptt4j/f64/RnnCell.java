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
    protected double[] inputPart(CellCache cache) {
        return cache.h; // the pre-activation goes straight into h, then is squashed in place
    }

    @Override
    protected boolean recurrentBiasInInputPart() {
        return true;
    }

    @Override
    protected void recurrentStep(double[] w, CellCache cache, double[] scratch, int from, int to) {
        double[] h = cache.h;
        addRecurrentPart(w, cache, h, from, to);
        Parallel.rows(to - from, hidden, (f, t) -> {
            for (int i = (from + f) * hidden; i < (from + t) * hidden; i++) {
                h[i] = Act.tanh(h[i]);
            }
        });
    }

    @Override
    protected void gateGrads(CellCache cache, double[] dH, double[] dC, double[] dHPrev, double[] dCPrev, double[] dA, int aOff,
                             int from, int to) {
        double[] h = cache.h;
        // dA (B x H): da = dh * (1 - h^2)
        Parallel.rows(to - from, hidden, (f, t) -> {
            for (int i = (from + f) * hidden; i < (from + t) * hidden; i++) {
                dA[aOff + i] = dH[i] * (1 - h[i] * h[i]);
            }
        });
    }
}
