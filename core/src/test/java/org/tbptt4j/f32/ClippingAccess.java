package org.tbptt4j.f32;

/** Test access to the float engine's package-private sums of squares ({@link Clipping#sumOfSquares}). */
public final class ClippingAccess {

    private ClippingAccess() {
    }

    public static double sumOfSquares(float[] g, int from, int to) {
        return Clipping.sumOfSquares(g, from, to);
    }
}
