package org.tbptt4j.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x for a vector, from additions, multiplications and fused multiply-adds only, so that it gives
 * the same bits whether the JIT has compiled it or not (the Vector API's own EXP does not: its
 * intrinsic and its fallback differ). Written by hand for each precision (this file and
 * {@code org.tbptt4j.f32.VectorExp}; the build does not generate it).
 * <pre>
 *   n = round(x / ln 2), r = x - n ln 2 (|r| <= ln2 / 2), e^x = 2^n * sum_{k<=11} r^k / k!  (error < 1e-14)
 * </pre>
 */
final class VectorExp {

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** Adding and subtracting 1.5 * 2^52 rounds to the nearest integer. */
    private static final double ROUND = 6755399441055744.0;
    private static final double[] INVERSE_FACTORIALS = {1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
        1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};

    private VectorExp() {
    }

    /**
     * a[from, from + n) := e^(scale * a), n a multiple of the vector length; scale -1 or 2 (sigmoid's and
     * tanh's arguments), products that are exact. Arrays in, arrays out, the whole computation in this
     * loop: a method taking or returning a vector that C2 does not inline boxes it on the heap, and
     * whether C2 inlines a callee depends on whether it compiled that callee alone first (then it is too
     * big to inline): measured, H = 32 trained 30% slower in the runs where the exp was not inlined.
     */
    static void expInPlace(double[] a, int from, int n, double scale) {
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        for (int j = 0; j < n; j += s.length()) {
            DoubleVector v = DoubleVector.fromArray(s, a, from + j).mul(scale).max(-700.0).min(700.0);
            DoubleVector t = v.mul(LOG2E).add(ROUND); // n sits in t's low mantissa bits
            DoubleVector k = t.sub(ROUND);
            DoubleVector r = k.fma(DoubleVector.broadcast(s, -LN2_HI), v).sub(k.mul(LN2_LO));
            DoubleVector p = DoubleVector.broadcast(s, 1.0 / 39916800);
            for (double c : INVERSE_FACTORIALS) {
                p = p.fma(r, DoubleVector.broadcast(s, c));
            }
            // 2^k from t's bits (bits(t) = bits(ROUND) + k): no double-to-long conversion, which AVX2 lacks
            DoubleVector twoToK = t.reinterpretAsLongs().lanewise(VectorOperators.SUB, Double.doubleToLongBits(ROUND) - 1023)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(twoToK).intoArray(a, from + j);
        }
    }
}
