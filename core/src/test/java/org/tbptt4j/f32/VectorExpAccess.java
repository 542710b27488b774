package org.tbptt4j.f32;

import jdk.incubator.vector.FloatVector;

/** Test access to the package-private float VectorExp. */
public final class VectorExpAccess {

    private VectorExpAccess() {
    }

    public static void exp(float[] x, float[] y) {
        VectorExp.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
    }
}
