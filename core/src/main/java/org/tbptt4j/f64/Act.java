package org.tbptt4j.f64;

/** Scalar activations in the engine's precision. */
final class Act {

    private Act() {
    }

    /** s(a) = 1 / (1 + e^-a). */
    static double sigmoid(double a) {
        return (double) (1 / (1 + Math.exp(-a)));
    }

    /** tanh(a). */
    static double tanh(double a) {
        return (double) Math.tanh(a);
    }
}
