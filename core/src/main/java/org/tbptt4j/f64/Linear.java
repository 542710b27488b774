package org.tbptt4j.f64;

/**
 * The head, a linear layer applied at every step: pred (B x O) = x (B x H) * W^T + b, with
 * {@code head.weight} (O x H) and {@code head.bias} (O) read from the flat parameters at {@code offset}.
 */
public final class Linear {

    private final int in;
    private final int out;
    private final int wOff;
    private final int bOff;
    private final MatMul mm;

    public Linear(int in, int out, int offset, MatMul mm) {
        this.in = in;
        this.out = out;
        this.wOff = offset;
        this.bOff = offset + out * in;
        this.mm = mm;
    }

    /** pred[pOff..] (B x O) = x[xOff..] (B x H) W^T + b; overwrites pred. */
    public void forward(double[] w, double[] x, int xOff, int batch, double[] pred, int pOff) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(w, bOff, pred, pOff + b * out, out);
        }
        mm.mulAddNT(batch, out, in, x, xOff, w, wOff, pred, pOff);
    }

    /** Adds dW += dPred^T x, db += sum_b dPred, and dX (B x H) += dPred W. */
    public void backward(double[] w, double[] x, int xOff, double[] dPred, int dOff, int batch,
                         double[] dW, double[] dX, int dxOff) {
        mm.mulAddTN(out, in, batch, dPred, dOff, x, xOff, dW, wOff);
        addBiasGrads(dPred, dOff, batch, dW);
        mm.mulAddNN(batch, in, out, dPred, dOff, w, wOff, dX, dxOff);
    }

    /**
     * db += the column sums of dPred (B x O), row by row. A call of its own: inside {@link #backward}, called
     * once a step, the loop had C2 compile backward (and the products it inlines) twice, on stack and then whole.
     */
    private void addBiasGrads(double[] dPred, int dOff, int batch, double[] dW) {
        Kernels.addColumnSums(dPred, dOff, batch, out, out, dW, bOff);
    }
}
