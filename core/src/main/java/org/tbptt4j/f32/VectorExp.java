package org.tbptt4j.f32;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x for a float vector, from additions, multiplications and fused multiply-adds only, so that it
 * gives the same bits whether the JIT has compiled it or not (the Vector API's own EXP does not).
 * The float32 twin of {@code org.tbptt4j.f64.VectorExp}, written by hand (not generated).
 * <pre>
 *   n = round(x / ln 2), r = x - n ln 2 (|r| <= ln2 / 2), e^x = 2^n * sum_{k<=7} r^k / k!  (error ~1e-7)
 * </pre>
 */
final class VectorExp {

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-06f;
    /** Adding and subtracting 1.5 * 2^23 rounds to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final float[] INVERSE_FACTORIALS = {1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};

    private VectorExp() {
    }

    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-87f).min(88f);
        FloatVector t = v.mul(LOG2E).add(ROUND); // n sits in t's low mantissa bits
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(v.species(), -LN2_HI), v).sub(n.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(v.species(), 1f / 5040);
        for (float c : INVERSE_FACTORIALS) {
            p = p.fma(r, FloatVector.broadcast(v.species(), c));
        }
        // 2^n from t's bits (bits(t) = bits(ROUND) + n): no float-to-int conversion, which the JDK does not compile
        FloatVector twoToN = t.reinterpretAsInts().lanewise(VectorOperators.SUB, Float.floatToIntBits(ROUND) - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN);
    }
}
