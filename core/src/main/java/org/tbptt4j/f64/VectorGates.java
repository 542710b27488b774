package org.tbptt4j.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM's element-wise forward on the Vector API (used when {@link Kernels#VECTOR_API}): the
 * same formulas as {@link LstmCell#forward}, a vector of units at a time, with {@link VectorExp}
 * (the same bits compiled or not); the units past the last full vector take the scalar path, so
 * each unit's arithmetic depends only on H.
 */
final class VectorGates {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGates() {
    }

    /** Units [0, H - H % L) of one row; returns where the scalar tail starts. */
    static int lstmForwardRow(double[] g, int row, double[] cPrev, double[] c, double[] tanhC, double[] h, int hr, int hidden) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        DoubleVector two = DoubleVector.broadcast(S, 2);
        int j = 0;
        for (; j + L <= hidden; j += L) {
            DoubleVector ig = sigmoid(DoubleVector.fromArray(S, g, row + j), one);
            DoubleVector fg = sigmoid(DoubleVector.fromArray(S, g, row + hidden + j), one);
            DoubleVector gg = tanh(DoubleVector.fromArray(S, g, row + 2 * hidden + j), one, two);
            DoubleVector og = sigmoid(DoubleVector.fromArray(S, g, row + 3 * hidden + j), one);
            DoubleVector cv = fg.mul(DoubleVector.fromArray(S, cPrev, hr + j)).add(ig.mul(gg));
            DoubleVector tc = tanh(cv, one, two);
            ig.intoArray(g, row + j);
            fg.intoArray(g, row + hidden + j);
            gg.intoArray(g, row + 2 * hidden + j);
            og.intoArray(g, row + 3 * hidden + j);
            cv.intoArray(c, hr + j);
            tc.intoArray(tanhC, hr + j);
            og.mul(tc).intoArray(h, hr + j);
        }
        return j;
    }

    /** 1 / (1 + e^-a). */
    private static DoubleVector sigmoid(DoubleVector a, DoubleVector one) {
        return one.div(VectorExp.exp(a.neg()).add(one));
    }

    /** 1 - 2 / (e^{2a} + 1), as {@link Act#tanh}. */
    private static DoubleVector tanh(DoubleVector a, DoubleVector one, DoubleVector two) {
        return one.sub(two.div(VectorExp.exp(a.mul(two)).add(one)));
    }
}
