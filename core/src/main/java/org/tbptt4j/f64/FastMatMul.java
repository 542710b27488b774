package org.tbptt4j.f64;

/**
 * Products ordered for the JIT's auto-vectoriser: the innermost loop runs along contiguous rows of
 * the output (an axpy, c[i, :] += a_ip * b[p, :]), which HotSpot compiles to SIMD. The NT product
 * has no contiguous output run in its natural order, so it computes four dot products at once,
 * reusing each load of a's row four times.
 */
final class FastMatMul implements MatMul {

    static final FastMatMul INSTANCE = new FastMatMul();

    private FastMatMul() {
    }

    @Override
    public void mulAddNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int b0 = bOff + j * k;
                int b1 = b0 + k;
                int b2 = b1 + k;
                int b3 = b2 + k;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int p = 0; p < k; p++) {
                    double av = a[ai + p];
                    s0 += av * b[b0 + p];
                    s1 += av * b[b1 + p];
                    s2 += av * b[b2 + p];
                    s3 += av * b[b3 + p];
                }
                c[ci + j] += s0;
                c[ci + j + 1] += s1;
                c[ci + j + 2] += s2;
                c[ci + j + 3] += s3;
            }
            for (; j < n; j++) {
                int bj = bOff + j * k;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[ci + j] += s;
            }
        }
    }

    @Override
    public void mulAddTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
        // row i of c takes k axpys with the rows of b: c stays in L1 while b (k x n) is reused for every i
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double av = a[aOff + p * lda + i];
                if (av == 0) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    @Override
    public void mulAddNN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double av = a[ai + p];
                if (av == 0) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
