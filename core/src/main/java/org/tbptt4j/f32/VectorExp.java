package org.tbptt4j.f32;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

    /** a[from, from + n) := e^(scale * a), as the float64 twin's expInPlace (see there why arrays, not vectors). */
    static void expInPlace(float[] a, int from, int n, float scale) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        for (int j = 0; j < n; j += s.length()) {
            FloatVector v = FloatVector.fromArray(s, a, from + j).mul(scale).max(-87f).min(88f);
            FloatVector t = v.mul(LOG2E).add(ROUND); // n sits in t's low mantissa bits
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(s, -LN2_HI), v).sub(k.mul(LN2_LO));
            FloatVector p = FloatVector.broadcast(s, 1f / 5040);
            for (float c : INVERSE_FACTORIALS) {
                p = p.fma(r, FloatVector.broadcast(s, c));
            }
            // 2^k from t's bits (bits(t) = bits(ROUND) + k): no float-to-int conversion, which the JDK does not compile
            FloatVector twoToK = t.reinterpretAsInts().lanewise(VectorOperators.SUB, Float.floatToIntBits(ROUND) - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(twoToK).intoArray(a, from + j);
        }
    }
}
