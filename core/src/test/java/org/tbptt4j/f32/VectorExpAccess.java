package org.tbptt4j.f32;

/** Test access to the package-private float VectorExp. */
public final class VectorExpAccess {

    private VectorExpAccess() {
    }

    public static void exp(float[] x, float[] y) {
        System.arraycopy(x, 0, y, 0, x.length);
        VectorExp.expInPlace(y, 0, x.length, 1);
    }
}
