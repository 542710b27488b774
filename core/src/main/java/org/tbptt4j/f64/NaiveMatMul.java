package org.tbptt4j.f64;

/** Reference products: one /*wide*{@code /} double dot product per output element. */
final class NaiveMatMul implements MatMul {

    static final NaiveMatMul INSTANCE = new NaiveMatMul();

    private NaiveMatMul() {
    }

    @Override
    public void mulAddNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                /*wide*/ double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * k + p] * b[bOff + j * k + p];
                }
                c[cOff + i * n + j] += s;
            }
        }
    }

    @Override
    public void mulAddTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                /*wide*/ double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + p * lda + i] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] += s;
            }
        }
    }

    @Override
    public void mulAddNN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                /*wide*/ double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] += s;
            }
        }
    }
}
