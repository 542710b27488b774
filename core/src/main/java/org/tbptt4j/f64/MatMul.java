package org.tbptt4j.f64;

/**
 * The three matrix products the engine needs, all accumulating ({@code c += ...}), over flat
 * row-major arrays with offsets (weights live inside one flat parameter array). Two
 * implementations: {@link #naive()}, the obviously-correct reference, and {@link #fast()}, which
 * the tests hold against it.
 */
public interface MatMul {

    /** c (m x n) += a (m x k) * b (n x k)^T. Forward products: x * W^T. */
    void mulAddNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /** c (m x n) += a (k x m)^T * b (k x n). Weight gradients: dA^T * x. */
    default void mulAddTN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        mulAddTN(m, n, k, a, aOff, m, b, bOff, c, cOff);
    }

    /**
     * {@link #mulAddTN} with a's rows lda >= m apart: a is the first m columns of a (k x lda) matrix.
     * Each element of c is summed as in the product of the whole matrix (lda x n), so rows [g0, g1)
     * of a weight gradient, taken as the columns [g0, g1) of dA, get exactly their bits in it.
     */
    void mulAddTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff);

    /** c (m x n) += a (m x k) * b (k x n). Input gradients: dA * W. */
    void mulAddNN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);

    /**
     * Whether {@link #mulAddNT} of this shape sums each element as one fused multiply-add chain over k
     * in order, then one add into c, as {@link #mulAddNN} does: where it does, projecting the inputs of
     * many steps at once ({@link RecurrentCell#projectInputs}) gives each step's bits exactly.
     */
    default boolean ntSumsAsNN(int m, int n, int k) {
        return false;
    }

    /**
     * into (k * n values) := b (k x n, row-major at bOff) in the layout {@link #mulAddPacked} streams:
     * for a constant right operand (the recurrent weights between two optimizer steps), packed once and
     * multiplied many times. By default the plain row-major copy.
     */
    default void packNN(int k, int n, double[] b, int bOff, double[] into) {
        System.arraycopy(b, bOff, into, 0, k * n);
    }

    /** into (k * n values) := b^T, b (n x k, row-major at bOff), in {@link #mulAddPacked}'s layout (as {@link #packNN} of b^T). */
    default void packNT(int n, int k, double[] b, int bOff, double[] into) {
        double[] bt = new double[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bt[p * n + j] = b[bOff + j * k + p];
            }
        }
        packNN(k, n, bt, 0, into);
    }

    /**
     * c (m x n) += a (m x k) * B, B (k x n) as {@link #packNN} or {@link #packNT} laid it out in
     * {@code packed}: the same sums, bit for bit, as {@link #mulAddNN} on B unpacked.
     */
    default void mulAddPacked(int m, int n, int k, double[] a, int aOff, double[] packed, double[] c, int cOff) {
        mulAddNN(m, n, k, a, aOff, packed, 0, c, cOff);
    }

    /** Triple loops, one dot product per element, the reference. */
    static MatMul naive() {
        return NaiveMatMul.INSTANCE;
    }

    /**
     * The fast kernels: the Vector API's register-blocked products when the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (as {@code bin/tbptt4j} and the build's tests do),
     * else loops shaped for the JIT's auto-vectoriser.
     */
    static MatMul fast() {
        return Kernels.FAST;
    }

    /**
     * Which kernels {@link #fast()} runs here, e.g. "Vector API 256-bit" or "plain loops": runs with
     * different kernels may differ in the last bits, so a grid's trials record it and a cluster's
     * executors must match the driver's.
     */
    static String fastKernels() {
        return Kernels.NAME;
    }

    /** The auto-vectorised loops, whatever the JVM's modules. */
    static MatMul plain() {
        return FastMatMul.INSTANCE;
    }
}
