package org.tbptt4j.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise passes on the Vector API (used when {@link Kernels#VECTOR_API}), first the LSTM's forward: the
 * same formulas as {@link LstmCell#forward}, a vector of units at a time, with {@link VectorExp}
 * (the same bits compiled or not); the units past the last full vector take the scalar path, so
 * each unit's arithmetic depends only on H.
 *
 * <p>One pass per gate, then one for the cell, each a small method whose exponentials are one
 * {@link VectorExp#expInPlace} over the row: all five exponentials in one loop exceed what C2
 * inlines into one compilation, and a vector passed to a method that is not inlined is boxed on the
 * heap (hundreds of MB per second of garbage). Vectors never cross these methods' boundaries, only
 * arrays do; the values are the same, stored and reloaded exactly.
 */
final class VectorGates {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGates() {
    }

    /** Units [0, H - H % L) of one row of g (B x 4H, gates i, f, g, o); returns where the scalar tail starts. */
    static int lstmForwardRow(double[] g, int row, double[] cPrev, double[] c, double[] tanhC, double[] h, int hr, int hidden) {
        int n = hidden - hidden % L;
        sigmoidInPlace(g, row, n);              // i
        sigmoidInPlace(g, row + hidden, n);     // f
        tanhInPlace(g, row + 2 * hidden, n);    // g
        sigmoidInPlace(g, row + 3 * hidden, n); // o
        cellRow(g, row, cPrev, c, tanhC, h, hr, hidden, n);
        return n;
    }

    /**
     * One step's weight gradients of a layer with one input feature whose recurrent pre-activation gradient is
     * dA itself (LSTM, RNN), columns [0, width - width % L) of dA (rows x width at aOff, rows lda apart) in one
     * pass: dW_ih[j] (at wOff) += the fused multiply-add chain of dA[p][j] x[p] over the rows from zero, as
     * {@link VectorMatMul}'s one-column product sums it; b_ih[j] and b_hh[j] (at b1, b2) += dA[p][j] row by row,
     * as {@link RecurrentCell}'s column sums add them. Returns where the scalar tail starts.
     */
    static int oneInputWeightGrads(double[] dA, int aOff, int rows, int width, int lda, double[] x, double[] dW, int wOff,
                                   int b1, int b2) {
        int nv = width - width % L;
        for (int j = 0; j < nv; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            DoubleVector s1 = DoubleVector.fromArray(S, dW, b1 + j);
            DoubleVector s2 = DoubleVector.fromArray(S, dW, b2 + j);
            for (int p = 0; p < rows; p++) {
                DoubleVector a = DoubleVector.fromArray(S, dA, aOff + p * lda + j);
                acc = a.fma(DoubleVector.broadcast(S, x[p]), acc);
                s1 = s1.add(a);
                s2 = s2.add(a);
            }
            DoubleVector.fromArray(S, dW, wOff + j).add(acc).intoArray(dW, wOff + j);
            s1.intoArray(dW, b1 + j);
            s2.intoArray(dW, b2 + j);
        }
        return nv;
    }

    /**
     * pre[row + j] := bias[bOff + j] + fma(x, w[wOff + j], 0) for j in [0, n - n % L), a vector at a time: a
     * step's input part for one input feature, or (bias and pre the same row) an outer product's row, c += x w
     * ({@link VectorMatMul}, k = 1); returns where the scalar tail starts.
     */
    static int biasPlusProduct(double[] bias, int bOff, double[] w, int wOff, double x, double[] pre, int row, int n) {
        int nv = n - n % L;
        DoubleVector xv = DoubleVector.broadcast(S, x);
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            DoubleVector.fromArray(S, bias, bOff + j).add(xv.fma(DoubleVector.fromArray(S, w, wOff + j), zero))
                    .intoArray(pre, row + j);
        }
        return nv;
    }

    /** a[from, from + n) = sigmoid(a) = 1 / (1 + e^-a), n a multiple of L. */
    private static void sigmoidInPlace(double[] a, int from, int n) {
        VectorExp.expInPlace(a, from, n, -1);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int j = 0; j < n; j += L) {
            one.div(DoubleVector.fromArray(S, a, from + j).add(one)).intoArray(a, from + j);
        }
    }

    /** a[from, from + n) = tanh(a) = 1 - 2 / (e^{2a} + 1), as {@link Act#tanh}, n a multiple of L. */
    private static void tanhInPlace(double[] a, int from, int n) {
        VectorExp.expInPlace(a, from, n, 2);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        DoubleVector two = DoubleVector.broadcast(S, 2);
        for (int j = 0; j < n; j += L) {
            one.sub(two.div(DoubleVector.fromArray(S, a, from + j).add(one))).intoArray(a, from + j);
        }
    }

    /** From activated gates: c = f * cPrev + i * g, tanhC = tanh(c), h = o * tanhC, units [0, n). */
    private static void cellRow(double[] g, int row, double[] cPrev, double[] c, double[] tanhC, double[] h, int hr,
                                int hidden, int n) {
        for (int j = 0; j < n; j += L) {
            DoubleVector ig = DoubleVector.fromArray(S, g, row + j);
            DoubleVector fg = DoubleVector.fromArray(S, g, row + hidden + j);
            DoubleVector gg = DoubleVector.fromArray(S, g, row + 2 * hidden + j);
            DoubleVector cv = fg.mul(DoubleVector.fromArray(S, cPrev, hr + j)).add(ig.mul(gg));
            cv.intoArray(c, hr + j);
            cv.intoArray(tanhC, hr + j);
        }
        tanhInPlace(tanhC, hr, n);
        for (int j = 0; j < n; j += L) {
            DoubleVector og = DoubleVector.fromArray(S, g, row + 3 * hidden + j);
            og.mul(DoubleVector.fromArray(S, tanhC, hr + j)).intoArray(h, hr + j);
        }
    }

    /**
     * The LSTM's backward element-wise pass of one row, units [0, H - H % L), the same formulas in the
     * same order as {@link LstmCell}'s scalar loop (so the same bits); returns where the scalar tail starts.
     * dA (4H at ar) gets the pre-activation gradients, dCPrev (at hr) the gradient through f added.
     */
    static int lstmBackwardRow(double[] g, int row, double[] tanhC, double[] cPrev, double[] dH, double[] dC, double[] dCPrev,
                               double[] dA, int ar, int hr, int hidden) {
        int n = hidden - hidden % L;
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int j = 0; j < n; j += L) {
            DoubleVector ig = DoubleVector.fromArray(S, g, row + j);
            DoubleVector fg = DoubleVector.fromArray(S, g, row + hidden + j);
            DoubleVector gg = DoubleVector.fromArray(S, g, row + 2 * hidden + j);
            DoubleVector og = DoubleVector.fromArray(S, g, row + 3 * hidden + j);
            DoubleVector tc = DoubleVector.fromArray(S, tanhC, hr + j);
            DoubleVector dh = DoubleVector.fromArray(S, dH, hr + j);
            DoubleVector dc = DoubleVector.fromArray(S, dC, hr + j).add(dh.mul(og).mul(one.sub(tc.mul(tc))));
            DoubleVector.fromArray(S, dCPrev, hr + j).add(dc.mul(fg)).intoArray(dCPrev, hr + j);
            dc.mul(gg).mul(ig).mul(one.sub(ig)).intoArray(dA, ar + j);
            dc.mul(DoubleVector.fromArray(S, cPrev, hr + j)).mul(fg).mul(one.sub(fg)).intoArray(dA, ar + hidden + j);
            dc.mul(ig).mul(one.sub(gg.mul(gg))).intoArray(dA, ar + 2 * hidden + j);
            dh.mul(tc).mul(og).mul(one.sub(og)).intoArray(dA, ar + 3 * hidden + j);
        }
        return n;
    }

    /**
     * sums (n at sOff) += the column sums of a (rows x n at aOff, rows lda apart), row by row in order as the scalar loop adds
     * them (the same bits), columns [0, n - n % L); returns where the scalar tail starts. Four vectors
     * of sums stay in registers down 64 rows at a time: down all the rows of a window's a (1,600 x 512
     * floats for H = 128, B = 32, k2 = 50, more than the cache), rows a power of two apart, would read
     * it from memory once per four vectors.
     */
    static int addColumnSums(double[] a, int aOff, int rows, int n, int lda, double[] sums, int sOff) {
        int nv = n - n % L;
        int j = 0;
        // the same additions, without a store and reload of the sums between rows
        for (; j + 4 * L <= nv; j += 4 * L) {
            for (int b0 = 0; b0 < rows; b0 += 64) {
                int s = sOff + j;
                DoubleVector s0 = DoubleVector.fromArray(S, sums, s);
                DoubleVector s1 = DoubleVector.fromArray(S, sums, s + L);
                DoubleVector s2 = DoubleVector.fromArray(S, sums, s + 2 * L);
                DoubleVector s3 = DoubleVector.fromArray(S, sums, s + 3 * L);
                for (int b = b0; b < Math.min(rows, b0 + 64); b++) {
                    int row = aOff + b * lda + j;
                    s0 = s0.add(DoubleVector.fromArray(S, a, row));
                    s1 = s1.add(DoubleVector.fromArray(S, a, row + L));
                    s2 = s2.add(DoubleVector.fromArray(S, a, row + 2 * L));
                    s3 = s3.add(DoubleVector.fromArray(S, a, row + 3 * L));
                }
                s0.intoArray(sums, s);
                s1.intoArray(sums, s + L);
                s2.intoArray(sums, s + 2 * L);
                s3.intoArray(sums, s + 3 * L);
            }
        }
        for (int b = 0; b < rows; b++) {
            int row = aOff + b * lda;
            for (int jj = j; jj < nv; jj += L) {
                DoubleVector.fromArray(S, sums, sOff + jj).add(DoubleVector.fromArray(S, a, row + jj)).intoArray(sums, sOff + jj);
            }
        }
        return nv;
    }

}
