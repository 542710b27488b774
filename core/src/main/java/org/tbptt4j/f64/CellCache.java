package org.tbptt4j.f64;

/**
 * What one recurrent layer records at one step for its backward pass; sized once for a batch of
 * B rows and reused (the TBPTT ring buffer holds one per layer and step). Each cell extends it with
 * its own gate activations.
 */
public class CellCache {
    /** Rows of the batch. */
    public final int batch;
    /** The layer's input at this step, (B x In). */
    public final double[] x;
    /** Hidden state entering the step, after any reset, (B x H). */
    public final double[] hPrev;
    /** Hidden state leaving the step, (B x H). */
    public final double[] h;
    /** LSTM cell state entering / leaving the step, (B x H); empty for rnn and gru. */
    public final double[] cPrev;
    public final double[] c;

    protected CellCache(int batch, int inputs, int hidden, boolean hasCellState) {
        this.batch = batch;
        this.x = new double[batch * inputs];
        this.hPrev = new double[batch * hidden];
        this.h = new double[batch * hidden];
        this.cPrev = new double[hasCellState ? batch * hidden : 0];
        this.c = new double[hasCellState ? batch * hidden : 0];
    }
}
