package org.tbptt4j.f64;

/**
 * Picks the fastest available {@link MatMul} once: the Vector API kernels when the JVM has the module, else
 * the plain loops with a one-time warning ({@link org.tbptt4j.model.VectorApi}).
 */
final class Kernels {

    /** Whether jdk.incubator.vector is in the boot layer (java --add-modules jdk.incubator.vector). */
    static final boolean VECTOR_API = org.tbptt4j.model.VectorApi.PRESENT;

    static final MatMul FAST = VECTOR_API ? vector() : plainWithWarning();

    /** What FAST is, with the vector width that orders its sums. */
    static final String NAME = VECTOR_API ? VectorMatMul.describe() : "plain loops";

    private Kernels() {
    }

    /**
     * sums (n at sOff) += the column sums of a (rows x n at aOff, rows lda apart), row by row in order (the
     * same bits with or without the Vector API): the bias gradients of a cell's gates and of the head.
     */
    static void addColumnSums(double[] a, int aOff, int rows, int n, int lda, double[] sums, int sOff) {
        int scalarFrom = VECTOR_API ? VectorGates.addColumnSums(a, aOff, rows, n, lda, sums, sOff) : 0;
        addColumnSumsFrom(scalarFrom, a, aOff, rows, n, lda, sums, sOff);
    }

    /** {@link #addColumnSums} for the columns [from, n) only, in plain loops: the scalar tail of a vector pass. */
    static void addColumnSumsFrom(int from, double[] a, int aOff, int rows, int n, int lda, double[] sums, int sOff) {
        for (int b = 0; b < rows; b++) {
            int row = aOff + b * lda;
            for (int j = from; j < n; j++) {
                sums[sOff + j] += a[row + j];
            }
        }
    }

    /** The plain loops, saying once (per JVM) how much slower they are and the flag that fixes it. */
    private static MatMul plainWithWarning() {
        org.tbptt4j.model.VectorApi.warnIfMissing();
        return FastMatMul.INSTANCE;
    }

    private static MatMul vector() {
        return VectorMatMul.INSTANCE; // loaded only here, so a JVM without the module never links it
    }
}
