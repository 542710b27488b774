package org.tbptt4j.f64;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tbptt4j.model.CellRunResult;
import org.tbptt4j.model.CellType;

/**
 * One recurrent layer over a whole sequence, forward then full backward: the computation of the
 * cell fixtures and of the cells' gradient checks. Inputs and results are double; the arithmetic
 * is this engine's.
 */
public final class CellRun {

    private CellRun() {
    }

    /**
     * @param params weight_ih, weight_hh, bias_ih, bias_hh concatenated (PyTorch layout)
     * @param x      (B x T x In)
     * @param h0     (B x H), c0 (B x H, LSTM only; may be null otherwise)
     * @param r      (B x T x H), the loss weights: loss = sum output * r; null for forward only
     */
    public static CellRunResult run(CellType type, int batch, int steps, int in, int hidden, MatMul mm,
                                    /*wide*/ double[] params, /*wide*/ double[] x, /*wide*/ double[] h0,
                                    /*wide*/ double[] c0, /*wide*/ double[] r) {
        RecurrentCell cell = RecurrentCell.of(type, in, hidden, 0, mm);
        double[] w = Convert.narrow(params);
        boolean lstm = type == CellType.LSTM;
        int n = batch * hidden;
        CellCache[] caches = new CellCache[steps];
        double[] scratch = new double[cell.scratchSize(batch)];
        /*wide*/ double[] output = new /*wide*/ double[batch * steps * hidden];
        for (int t = 0; t < steps; t++) {
            CellCache cache = caches[t] = cell.newCache(batch);
            for (int b = 0; b < batch; b++) {
                for (int f = 0; f < in; f++) {
                    cache.x[b * in + f] = (double) x[(b * steps + t) * in + f];
                }
            }
            if (t == 0) {
                Convert.copyNarrow(h0, cache.hPrev);
                if (lstm) {
                    Convert.copyNarrow(c0, cache.cPrev);
                }
            } else {
                System.arraycopy(caches[t - 1].h, 0, cache.hPrev, 0, n);
                System.arraycopy(caches[t - 1].c, 0, cache.cPrev, 0, cache.c.length);
            }
            cell.forward(w, cache, scratch);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) {
                    output[(b * steps + t) * hidden + j] = cache.h[b * hidden + j];
                }
            }
        }
        CellCache last = caches[steps - 1];
        if (r == null) {
            return new CellRunResult(output, Convert.widen(last.h), Convert.widen(last.c), Map.of(), new /*wide*/ double[0],
                    new /*wide*/ double[0], new /*wide*/ double[0]);
        }
        double[] dW = new double[w.length];
        double[] dH = new double[n];
        double[] dC = new double[lstm ? n : 0];
        double[] dHPrev = new double[n];
        double[] dCPrev = new double[dC.length];
        double[] dX = new double[batch * in];
        /*wide*/ double[] gradX = new /*wide*/ double[batch * steps * in];
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) {
                    dH[b * hidden + j] += (double) r[(b * steps + t) * hidden + j];
                }
            }
            java.util.Arrays.fill(dX, 0);
            java.util.Arrays.fill(dHPrev, 0);
            java.util.Arrays.fill(dCPrev, 0);
            cell.backward(w, caches[t], dH, dC, dW, dX, dHPrev, dCPrev, scratch);
            for (int b = 0; b < batch; b++) {
                for (int f = 0; f < in; f++) {
                    gradX[(b * steps + t) * in + f] = dX[b * in + f];
                }
            }
            System.arraycopy(dHPrev, 0, dH, 0, n);
            System.arraycopy(dCPrev, 0, dC, 0, dC.length);
        }
        int gh = type.gates * hidden;
        Map<String, /*wide*/ double[]> grads = new LinkedHashMap<>();
        grads.put("weight_ih", Convert.widen(dW, 0, gh * in));
        grads.put("weight_hh", Convert.widen(dW, gh * in, gh * hidden));
        grads.put("bias_ih", Convert.widen(dW, gh * (in + hidden), gh));
        grads.put("bias_hh", Convert.widen(dW, gh * (in + hidden + 1), gh));
        return new CellRunResult(output, Convert.widen(last.h), Convert.widen(last.c), grads, gradX, Convert.widen(dH), Convert.widen(dC));
    }
}
