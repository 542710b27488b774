package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: gates i, f, g, o (G = 4).
 * <pre>
 *   [i, f, g, o] = [s, s, tanh, s](W_ih x + b_ih + W_hh h + b_hh)
 *   c' = f * c + i * g
 *   h' = o * tanh(c')
 * </pre>
 */
public final class LstmCell extends RecurrentCell {

    /** LSTM cache: activated gates and tanh(c'). */
    public static final class Cache extends CellCache {
        /** i, f, g, o per row, (B x 4H). */
        final double[] gates;
        /** tanh(c'), (B x H). */
        final double[] tanhC;

        Cache(int batch, int in, int hidden) {
            super(batch, in, hidden, true);
            gates = new double[batch * 4 * hidden];
            tanhC = new double[batch * hidden];
        }
    }

    public LstmCell(int in, int hidden, int offset, MatMul mm) {
        super(CellType.LSTM, in, hidden, offset, mm);
    }

    @Override
    public CellCache newCache(int batch) {
        return new Cache(batch, in, hidden);
    }

    @Override
    protected double[] inputPart(CellCache cache) {
        return ((Cache) cache).gates;
    }

    @Override
    protected boolean recurrentBiasInInputPart() {
        return true;
    }

    @Override
    protected void recurrentStep(double[] w, CellCache cell, double[] scratch, int from, int to) {
        Cache cache = (Cache) cell;
        addRecurrentPart(w, cache, cache.gates, from, to); // gates += hPrev W_hh^T
        Parallel.rows(to - from, gh, (f, t) -> gateRows(cache, from + f, from + t));
    }

    /** The gates, cell and hidden state of rows [from, to) from their pre-activations in cache.gates. */
    private void gateRows(Cache cache, int from, int to) {
        double[] g = cache.gates;
        for (int b = from; b < to; b++) {
            int row = b * gh;
            int hr = b * hidden;
            int scalarFrom = Kernels.VECTOR_API
                    ? VectorGates.lstmForwardRow(g, row, cache.cPrev, cache.c, cache.tanhC, cache.h, hr, hidden) : 0;
            for (int j = scalarFrom; j < hidden; j++) {
                double ig = Act.sigmoid(g[row + j]);
                double fg = Act.sigmoid(g[row + hidden + j]);
                double gg = Act.tanh(g[row + 2 * hidden + j]);
                double og = Act.sigmoid(g[row + 3 * hidden + j]);
                double c = fg * cache.cPrev[hr + j] + ig * gg;
                double tc = Act.tanh(c);
                g[row + j] = ig;
                g[row + hidden + j] = fg;
                g[row + 2 * hidden + j] = gg;
                g[row + 3 * hidden + j] = og;
                cache.c[hr + j] = c;
                cache.tanhC[hr + j] = tc;
                cache.h[hr + j] = og * tc;
            }
        }
    }

    @Override
    protected void gateGrads(CellCache cell, double[] dH, double[] dC, double[] dHPrev, double[] dCPrev, double[] dA, int aOff,
                             int from, int to) {
        Cache cache = (Cache) cell;
        Parallel.rows(to - from, gh, (f, t) -> preActivationGradRows(cache, dH, dC, dCPrev, dA, aOff, from + f, from + t));
    }

    /** dA (B x 4H at aOff) of rows [from, to), and their dCPrev, from dH and dC through the gates. */
    private void preActivationGradRows(Cache cache, double[] dH, double[] dC, double[] dCPrev, double[] dA, int aOff, int from,
                                       int to) {
        double[] g = cache.gates;
        for (int b = from; b < to; b++) {
            int row = b * gh;
            int ar = aOff + row;
            int hr = b * hidden;
            int scalarFrom = Kernels.VECTOR_API
                    ? VectorGates.lstmBackwardRow(g, row, cache.tanhC, cache.cPrev, dH, dC, dCPrev, dA, ar, hr, hidden) : 0;
            for (int j = scalarFrom; j < hidden; j++) {
                double ig = g[row + j];
                double fg = g[row + hidden + j];
                double gg = g[row + 2 * hidden + j];
                double og = g[row + 3 * hidden + j];
                double tc = cache.tanhC[hr + j];
                double dh = dH[hr + j];
                double dc = dC[hr + j] + dh * og * (1 - tc * tc);  // dc' = dC + dh * o * tanh'(c')
                dCPrev[hr + j] += dc * fg;
                dA[ar + j] = dc * gg * ig * (1 - ig);
                dA[ar + hidden + j] = dc * cache.cPrev[hr + j] * fg * (1 - fg);
                dA[ar + 2 * hidden + j] = dc * ig * (1 - gg * gg);
                dA[ar + 3 * hidden + j] = dh * tc * og * (1 - og);
            }
        }
    }
}
