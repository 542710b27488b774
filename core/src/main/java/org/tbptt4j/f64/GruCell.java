package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: gates r, z, n (G = 3), the reset gate applied
 * after the recurrent product.
 * <pre>
 *   r = s(W_ir x + b_ir + W_hr h + b_hr)
 *   z = s(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 */
public final class GruCell extends RecurrentCell {

    /** GRU cache: the activated gates and the recurrent part of n. */
    public static final class Cache extends CellCache {
        /** r, z, n per row, (B x 3H). */
        final double[] gates;
        /** W_hn h + b_hn, (B x H). */
        final double[] hLin;

        Cache(int batch, int in, int hidden) {
            super(batch, in, hidden, false);
            gates = new double[batch * 3 * hidden];
            hLin = new double[batch * hidden];
        }
    }

    public GruCell(int in, int hidden, int offset, MatMul mm) {
        super(CellType.GRU, in, hidden, offset, mm);
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
        return false;
    }

    @Override
    protected void recurrentStep(double[] w, CellCache cell, double[] scratch, int from, int to) {
        Cache cache = (Cache) cell;
        // cache.gates = x W_ih^T + b_ih (the input part); scratch = hPrev W_hh^T + b_hh, both (B x 3H)
        for (int b = from; b < to; b++) {
            System.arraycopy(w, bHh, scratch, b * gh, gh);
        }
        addRecurrentPart(w, cache, scratch, from, to);
        Parallel.rows(to - from, gh, (f, t) -> gateRows(cache, scratch, from + f, from + t));
    }

    /** The gates and hidden state of rows [from, to) from the input (cache.gates) and recurrent (hh) pre-activations. */
    private void gateRows(Cache cache, double[] hh, int from, int to) {
        double[] g = cache.gates;
        for (int b = from; b < to; b++) {
            int row = b * gh;
            int hr = b * hidden;
            for (int j = 0; j < hidden; j++) {
                double r = Act.sigmoid(g[row + j] + hh[row + j]);
                double z = Act.sigmoid(g[row + hidden + j] + hh[row + hidden + j]);
                double hl = hh[row + 2 * hidden + j];
                double n = Act.tanh(g[row + 2 * hidden + j] + r * hl);
                g[row + j] = r;
                g[row + hidden + j] = z;
                g[row + 2 * hidden + j] = n;
                cache.hLin[hr + j] = hl;
                cache.h[hr + j] = (1 - z) * n + z * cache.hPrev[hr + j];
            }
        }
    }

    @Override
    protected void gateGrads(CellCache cell, double[] dH, double[] dC, double[] dHPrev, double[] dCPrev, double[] dA, int aOff,
                             int from, int to) {
        Cache cache = (Cache) cell;
        // dA (B x 3H): [dar, daz, dan], the gradient of the input pre-activations
        Parallel.rows(to - from, gh, (f, t) -> preActivationGradRows(cache, dH, dHPrev, dA, aOff, from + f, from + t));
    }

    /** The recurrent pre-activation of n is multiplied by r: its gradient is dan * r; r and z pass as they are. */
    @Override
    protected boolean recurrentGateGrads(CellCache cell, double[] dA, int aOff, double[] dAh, int hOff, int from, int to) {
        Cache cache = (Cache) cell;
        double[] g = cache.gates;
        for (int b = from; b < to; b++) {
            int row = b * gh;
            if (dAh != dA || hOff != aOff) {
                System.arraycopy(dA, aOff + row, dAh, hOff + row, 2 * hidden);
            }
            for (int j = 0; j < hidden; j++) {
                dAh[hOff + row + 2 * hidden + j] = dA[aOff + row + 2 * hidden + j] * g[row + j];
            }
        }
        return true;
    }

    /** dA of rows [from, to), and their share of dHPrev through z, from dH through the gates. */
    private void preActivationGradRows(Cache cache, double[] dH, double[] dHPrev, double[] dA, int aOff, int from, int to) {
        double[] g = cache.gates;
        for (int b = from; b < to; b++) {
            int row = b * gh;
            int ar = aOff + row;
            int hr = b * hidden;
            for (int j = 0; j < hidden; j++) {
                double r = g[row + j];
                double z = g[row + hidden + j];
                double n = g[row + 2 * hidden + j];
                double dh = dH[hr + j];
                double dan = dh * (1 - z) * (1 - n * n);       // dn * tanh'
                double daz = dh * (cache.hPrev[hr + j] - n) * z * (1 - z);
                double dar = dan * cache.hLin[hr + j] * r * (1 - r);
                dHPrev[hr + j] += dh * z;
                dA[ar + j] = dar;
                dA[ar + hidden + j] = daz;
                dA[ar + 2 * hidden + j] = dan;
            }
        }
    }
}
