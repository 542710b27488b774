package org.tbptt4j.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked products on the JDK's Vector API (incubator module {@code jdk.incubator.vector};
 * {@link MatMul#fast()} uses them when the module is present). NN and TN keep an 8-row (then 4-, then
 * 1-row) by 2-vector block of c in registers while running over k, each column strip of a large b packed
 * once; the weights the trainer multiplies by every step are packed once an update
 * ({@link #mulAddPacked}). The forward product h W^T (NT with few rows) runs as c^T = W h^T: 4 rows of W
 * broadcast against vectors of h^T. Other NT shapes compute 2 x 4 dot products at once, each
 * vector-accumulated and then summed lane by lane. A head with one output gets kernels of its own for its
 * three products (k = 1, m = 1, n = 1), small and called often enough that the JIT compiles them within a
 * few steps, each element summed as the block kernels sum it. Large products split rows or columns
 * between two threads ({@link Parallel}) at block boundaries, so each output element's arithmetic
 * depends only on the shapes, never on the number of threads: results are identical with one thread or
 * two.
 */
final class VectorMatMul implements MatMul {

    static final VectorMatMul INSTANCE = new VectorMatMul();

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** "Vector API N-bit": the vector width fixes the order of the sums. */
    static String describe() {
        return "Vector API " + S.vectorBitSize() + "-bit";
    }
    private static final int L = S.length();

    private VectorMatMul() {
    }

    /** b's elements (k x n) above which {@link #mulAdd} packs its strips. */
    private static final int PACK_ABOVE = 16_384;

    /** A packed b's elements (k x n) from which {@link #mulAddPacked} runs {@link #packedStrip}. */
    private static final int PACKED_KERNEL_ABOVE = 16_384;

    /** Per-thread buffer where {@link #sum} adds a vector's lanes in order: one a thread, not one a product (the head's prediction runs once a step). */
    private static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[L]);

    /** Per-thread buffer for one packed strip of b (k x 2L). */
    private static final ThreadLocal<double[][]> STRIP = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * c (m x n, rows ldc apart) += a * b (k x n, rows ldb apart), where a's element (i, p) is
     * a[aOff + i * ai + p * ap]: NN (ai = k, ap = 1), TN (ai = 1, ap = m).
     *
     * <p>Columns go in strips of 2L. Each strip of a large b is copied once into a contiguous k x 2L
     * buffer, then every row block of a runs over it ({@link #strip}): b is read from memory once however
     * many rows a has, and the strip (k x 2L, 256 KB for k = 2048 floats) stays in cache, where b's own
     * rows, a power of two apart, would thrash a few cache sets. Each element of c is one fused
     * multiply-add chain over p in order, then one add into c, whichever block, strip or thread
     * computes it; {@link #mulAddPacked} sums alike.
     */
    private static void mulAdd(int m, int n, int k, double[] a, int aOff, int ai, int ap, double[] b, int bOff, int ldb,
                               double[] c, int cOff, int ldc) {
        if (n == 1 && ai == 1) {
            columnTN(m, k, a, aOff, ap, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (k == 1) {
            outer(m, n, a, aOff, ai, b, bOff, c, cOff, ldc);
            return;
        }
        if (m == 1) { // the head's dW for one output: rowTail's chains, one vector of columns a call
            rowTail(n, k, a, aOff, ap, b, bOff, ldb, c, cOff, 0);
            return;
        }
        int w = 2 * L;
        if (ai == 1 && m >= 64 && n >= 4 * w) { // its copies pay where 4 strips reuse each panel, 8 row blocks each strip
            panelTN(m, n, k, a, aOff, ap, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // a small b stays in cache as it is; packing pays where b is large and several row blocks reuse a strip
        boolean pack = m > 4 && (long) k * n > PACK_ABOVE;
        double[] buf = b;
        if (pack) {
            double[][] holder = STRIP.get();
            if (holder[0].length < k * w) {
                holder[0] = new double[k * w];
            }
            buf = holder[0];
        }
        int j = 0;
        for (; j + w <= n; j += w) {
            if (pack) {
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + j, buf, p * w, w);
                }
                strip(m, k, a, aOff, ai, ap, buf, 0, w, c, cOff + j, ldc);
            } else {
                strip(m, k, a, aOff, ai, ap, b, bOff + j, ldb, c, cOff + j, ldc);
            }
        }
        if (j < n) {
            for (int i = 0; i < m; i++) {
                rowTail(n, k, a, aOff + i * ai, ap, b, bOff, ldb, c, cOff + i * ldc, j);
            }
        }
    }

    /**
     * k = 1, an outer product (the head's dTop = dPred W for one output): c[i][j] += fma(a[i], b[j], 0), a vector
     * of j at a time ({@link VectorGates#biasPlusProduct} with c as the bias, one call a row), then the last
     * n % L columns as {@link #rowTail} sums them: the bits {@link #strip} and rowTail give for k = 1, without
     * the 8-row kernel, which the JIT would compile late for a product it meets once a step.
     */
    private static void outer(int m, int n, double[] a, int aOff, int ai, double[] b, int bOff, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int j = VectorGates.biasPlusProduct(c, ci, b, bOff, a[aOff + i * ai], c, ci, n);
            rowTail(n, 1, a, aOff + i * ai, 0, b, bOff, 0, c, ci, j);
        }
    }

    /** Per-thread buffers of {@link #panelTN}: b's strips packed (k x n), then one panel of a (k x 8). */
    private static final ThreadLocal<double[][]> TN = ThreadLocal.withInitial(() -> new double[2][0]);

    /**
     * TN, c (m x n) += a^T b with a's element (i, p) at a[aOff + p * ap + i] (a weight gradient: dA^T x, K a
     * batch of rows a power of two apart), with constant strides in the microkernel: b's strips packed once
     * (k x 2L each), and for every 8 rows of c the 8 columns of a copied as a panel, 8 values a row
     * (k x 8); rows past the last 8 and columns past the last strip as {@link #strip} and {@link #rowTail}
     * take them. Each element is the same fused multiply-add chain as {@link #strip}'s (measured, float32,
     * 256 x 128 x 32 with a's rows 512 apart: 18.5 against 21.5 us).
     */
    private static void panelTN(int m, int n, int k, double[] a, int aOff, int ap, double[] b, int bOff, int ldb, double[] c,
                                int cOff, int ldc) {
        double[][] buf = TN.get();
        if (buf[0].length < k * n) {
            buf[0] = new double[k * n];
        }
        if (buf[1].length < 8 * k) {
            buf[1] = new double[8 * k];
        }
        double[] bp = buf[0];
        double[] panel = buf[1];
        int w = 2 * L;
        int full = n - n % w;
        for (int j = 0; j < full; j += w) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * ldb + j, bp, j * k + p * w, w);
            }
        }
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(a, aOff + p * ap + i, panel, p * 8, 8);
            }
            for (int j = 0; j < full; j += w) {
                panelStrip8(k, panel, bp, j * k, c, cOff + i * ldc + j, ldc);
            }
        }
        for (int j = 0; j < full && i < m; j += w) {
            int rest = strip4(i, m, k, a, aOff, 1, ap, bp, j * k, w, c, cOff + j, ldc);
            strip1(rest, m, k, a, aOff, 1, ap, bp, j * k, w, c, cOff + j, ldc);
        }
        for (int r = 0; full < n && r < m; r++) {
            rowTail(n, k, a, aOff + r, ap, b, bOff, ldb, c, cOff + r * ldc, full);
        }
    }

    /** 8 rows of c (rows ldc apart, 2L columns) += the panel (k x 8, row p's 8 values at p * 8) times a packed strip. */
    private static void panelStrip8(int k, double[] panel, double[] s, int s0, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S);
        DoubleVector c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S);
        DoubleVector c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S);
        DoubleVector c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S);
        DoubleVector c71 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int sp = s0 + p * W;
            int q = p * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, s, sp);
            DoubleVector b1 = DoubleVector.fromArray(S, s, sp + L);
            DoubleVector x = DoubleVector.broadcast(S, panel[q + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, panel[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, panel[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, panel[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, panel[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, panel[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, panel[q + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, panel[q + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r = cOff;
        DoubleVector.fromArray(S, c, r).add(c00).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c01).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c10).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c11).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c20).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c21).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c30).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c31).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c40).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c41).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c50).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c51).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c60).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c61).intoArray(c, r + L);
        r += ldc;
        DoubleVector.fromArray(S, c, r).add(c70).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + L).add(c71).intoArray(c, r + L);
    }

    /**
     * One strip of 2L columns: c (m x 2L, rows ldc apart) += a * s (k x 2L, rows sLd apart), a as in
     * {@link #mulAdd}. The register-blocked microkernel: 8 rows of a at a time broadcast against the
     * strip's two vectors, an 8 x 2L block of c (16 vectors) in registers over all of k, then blocks of
     * 4 rows and of 1. Every element is one fused multiply-add chain over p in order, then one add into
     * c, whichever block computes it. The stores are written out, not in a helper: a vector passed to a
     * method C2 does not inline is boxed (measured: 14 instead of 170 GFLOPS).
     */
    private static void strip(int m, int k, double[] a, int aOff, int ai, int ap, double[] s, int s0, int sLd, double[] c,
                              int cOff, int ldc) {
        // one method per block height: together in one method, C2 ran out of registers or deoptimised
        // on reaching a block height it had not seen, falling back to boxed vectors (100x slower)
        // each block height only where it has rows: a method never called is never compiled, and a batch of
        // 32 rows leaves none for the smaller blocks, one row (the head's dW for one output) none for the
        // larger (the JIT has that much less to compile before training runs at full speed)
        int i = m >= 8 ? strip8(0, m, k, a, aOff, ai, ap, s, s0, sLd, c, cOff, ldc) : 0;
        if (m - i >= 4) {
            i = strip4(i, m, k, a, aOff, ai, ap, s, s0, sLd, c, cOff, ldc);
        }
        if (i < m) {
            strip1(i, m, k, a, aOff, ai, ap, s, s0, sLd, c, cOff, ldc);
        }
    }

    /** Rows [i, ...) of {@link #strip} in blocks of 8 while 8 remain; returns the first row left. */
    private static int strip8(int i, int m, int k, double[] a, int aOff, int ai, int ap, double[] s, int s0, int sLd,
                           double[] c, int cOff, int ldc) {
        for (; i + 7 < m; i += 8) {
            int a0 = aOff + i * ai;
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = DoubleVector.zero(S);
            DoubleVector c10 = DoubleVector.zero(S);
            DoubleVector c11 = DoubleVector.zero(S);
            DoubleVector c20 = DoubleVector.zero(S);
            DoubleVector c21 = DoubleVector.zero(S);
            DoubleVector c30 = DoubleVector.zero(S);
            DoubleVector c31 = DoubleVector.zero(S);
            DoubleVector c40 = DoubleVector.zero(S);
            DoubleVector c41 = DoubleVector.zero(S);
            DoubleVector c50 = DoubleVector.zero(S);
            DoubleVector c51 = DoubleVector.zero(S);
            DoubleVector c60 = DoubleVector.zero(S);
            DoubleVector c61 = DoubleVector.zero(S);
            DoubleVector c70 = DoubleVector.zero(S);
            DoubleVector c71 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                int sp = s0 + p * sLd;
                DoubleVector b0 = DoubleVector.fromArray(S, s, sp);
                DoubleVector b1 = DoubleVector.fromArray(S, s, sp + L);
                int ap0 = a0 + p * ap;
                DoubleVector x = DoubleVector.broadcast(S, a[ap0]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[ap0 + ai]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[ap0 + 2 * ai]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[ap0 + 3 * ai]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[ap0 + 4 * ai]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[ap0 + 5 * ai]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[ap0 + 6 * ai]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[ap0 + 7 * ai]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            int r = cOff + i * ldc;
            DoubleVector.fromArray(S, c, r).add(c00).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c01).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c10).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c11).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c20).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c21).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c30).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c31).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c40).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c41).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c50).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c51).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c60).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c61).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c70).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c71).intoArray(c, r + L);
        }
        return i;
    }

    /** Rows [i, ...) of {@link #strip} in blocks of 4 while 4 remain; returns the first row left. */
    private static int strip4(int i, int m, int k, double[] a, int aOff, int ai, int ap, double[] s, int s0, int sLd,
                           double[] c, int cOff, int ldc) {
        for (; i + 3 < m; i += 4) {
            int a0 = aOff + i * ai;
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = DoubleVector.zero(S);
            DoubleVector c10 = DoubleVector.zero(S);
            DoubleVector c11 = DoubleVector.zero(S);
            DoubleVector c20 = DoubleVector.zero(S);
            DoubleVector c21 = DoubleVector.zero(S);
            DoubleVector c30 = DoubleVector.zero(S);
            DoubleVector c31 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                int sp = s0 + p * sLd;
                DoubleVector b0 = DoubleVector.fromArray(S, s, sp);
                DoubleVector b1 = DoubleVector.fromArray(S, s, sp + L);
                int ap0 = a0 + p * ap;
                DoubleVector x = DoubleVector.broadcast(S, a[ap0]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[ap0 + ai]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[ap0 + 2 * ai]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[ap0 + 3 * ai]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            int r = cOff + i * ldc;
            DoubleVector.fromArray(S, c, r).add(c00).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c01).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c10).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c11).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c20).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c21).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c30).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c31).intoArray(c, r + L);
        }
        return i;
    }

    /** Rows [i, m) of {@link #strip} one at a time. */
    private static int strip1(int i, int m, int k, double[] a, int aOff, int ai, int ap, double[] s, int s0, int sLd,
                           double[] c, int cOff, int ldc) {
        for (; i < m; i++) {
            int ar = aOff + i * ai;
            DoubleVector c0 = DoubleVector.zero(S);
            DoubleVector c1 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                int sp = s0 + p * sLd;
                DoubleVector x = DoubleVector.broadcast(S, a[ar + p * ap]);
                c0 = x.fma(DoubleVector.fromArray(S, s, sp), c0);
                c1 = x.fma(DoubleVector.fromArray(S, s, sp + L), c1);
            }
            int r = cOff + i * ldc;
            DoubleVector.fromArray(S, c, r).add(c0).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c1).intoArray(c, r + L);
        }
        return i;
    }

    /**
     * TN with one column (dW_ih for one input feature): c (m) += a (k x m)^T b (k), vectors along c,
     * which a's rows lay out contiguously. Each element is one fused multiply-add chain over p, in
     * vector lanes or in the scalar tail alike, so a split of the rows anywhere gives the same bits.
     */
    private static void columnTN(int m, int k, double[] a, int aOff, int ap, double[] b, int bOff, int ldb, double[] c, int cOff,
                                 int ldc) {
        int i = 0;
        if (ldc == 1) {
            // four vectors of c at a time: four independent chains, not one waiting on each multiply-add's latency
            for (; i + 4 * L <= m; i += 4 * L) {
                DoubleVector acc0 = DoubleVector.zero(S);
                DoubleVector acc1 = DoubleVector.zero(S);
                DoubleVector acc2 = DoubleVector.zero(S);
                DoubleVector acc3 = DoubleVector.zero(S);
                for (int p = 0; p < k; p++) {
                    int ar = aOff + p * ap + i;
                    DoubleVector x = DoubleVector.broadcast(S, b[bOff + p * ldb]);
                    acc0 = DoubleVector.fromArray(S, a, ar).fma(x, acc0);
                    acc1 = DoubleVector.fromArray(S, a, ar + L).fma(x, acc1);
                    acc2 = DoubleVector.fromArray(S, a, ar + 2 * L).fma(x, acc2);
                    acc3 = DoubleVector.fromArray(S, a, ar + 3 * L).fma(x, acc3);
                }
                int r = cOff + i;
                DoubleVector.fromArray(S, c, r).add(acc0).intoArray(c, r);
                DoubleVector.fromArray(S, c, r + L).add(acc1).intoArray(c, r + L);
                DoubleVector.fromArray(S, c, r + 2 * L).add(acc2).intoArray(c, r + 2 * L);
                DoubleVector.fromArray(S, c, r + 3 * L).add(acc3).intoArray(c, r + 3 * L);
            }
            for (; i + L <= m; i += L) {
                DoubleVector acc = DoubleVector.zero(S);
                for (int p = 0; p < k; p++) {
                    acc = DoubleVector.fromArray(S, a, aOff + p * ap + i).fma(DoubleVector.broadcast(S, b[bOff + p * ldb]), acc);
                }
                DoubleVector.fromArray(S, c, cOff + i).add(acc).intoArray(c, cOff + i);
            }
        }
        for (; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[aOff + p * ap + i], b[bOff + p * ldb], s);
            }
            c[cOff + i * ldc] += s;
        }
    }

    /** One row of c from column j0 on: a vector at a time, then scalars. */
    private static void rowTail(int n, int k, double[] a, int aRow, int ap, double[] b, int bOff, int ldb, double[] c, int cRow,
                                int j0) {
        int j = j0;
        for (; j + L <= n; j += L) {
            columnChain(k, a, aRow, ap, b, bOff + j, ldb, c, cRow + j);
        }
        for (; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += a[aRow + p * ap] * b[bOff + p * ldb + j];
            }
            c[cRow + j] += s;
        }
    }

    /**
     * c[cOff, cOff + L) += the fused multiply-add chain over p of a[aOff + p * ap] * b[bOff + p * ldb, + L) from
     * zero: one vector of {@link #rowTail}'s columns, a method of its own, which the JIT finds hot within a few
     * steps even where rowTail runs once a step (the head's dW for one output).
     */
    private static void columnChain(int k, double[] a, int aOff, int ap, double[] b, int bOff, int ldb, double[] c, int cOff) {
        DoubleVector acc = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            acc = DoubleVector.broadcast(S, a[aOff + p * ap]).fma(DoubleVector.fromArray(S, b, bOff + p * ldb), acc);
        }
        DoubleVector.fromArray(S, c, cOff).add(acc).intoArray(c, cOff);
    }

    /**
     * NN or TN on two threads where it pays: few rows and many columns split the columns at a strip
     * boundary (each thread packs half of b), else the rows at an 8-row boundary.
     */
    private static void mulAddSplit(int m, int n, int k, double[] a, int aOff, int ai, int ap, double[] b, int bOff,
                                    double[] c, int cOff) {
        int w = 2 * L;
        if (m < n) {
            int split = Parallel.split(n, m, k, w);
            if (split > 0) {
                Parallel.run(() -> mulAdd(m, split, k, a, aOff, ai, ap, b, bOff, n, c, cOff, n),
                        () -> mulAdd(m, n - split, k, a, aOff, ai, ap, b, bOff + split, n, c, cOff + split, n));
                return;
            }
        } else {
            int split = Parallel.split(m, n, k, 8);
            if (split > 0) {
                Parallel.run(() -> mulAdd(split, n, k, a, aOff, ai, ap, b, bOff, n, c, cOff, n),
                        () -> mulAdd(m - split, n, k, a, aOff + split * ai, ai, ap, b, bOff, n, c, cOff + split * n, n));
                return;
            }
        }
        mulAdd(m, n, k, a, aOff, ai, ap, b, bOff, n, c, cOff, n);
    }

    @Override
    public void mulAddNN(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        mulAddSplit(m, n, k, a, aOff, k, 1, b, bOff, c, cOff);
    }

    @Override
    public void mulAddTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, double[] c, int cOff) {
        mulAddSplit(m, n, k, a, aOff, 1, lda, b, bOff, c, cOff);
    }

    /**
     * The packed layout of a right operand B (k x n): its full strips of 2L columns, strip j (its
     * first column) at j * k, each k x 2L contiguous, the order {@link #strip} reads them in; then the
     * last n % 2L columns, row-major (k x n % 2L) at (n - n % 2L) * k.
     */
    @Override
    public void packNN(int k, int n, double[] b, int bOff, double[] into) {
        int w = 2 * L;
        int full = n - n % w;
        for (int j = 0; j < full; j += w) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * n + j, into, j * k + p * w, w);
            }
        }
        int rest = n - full;
        for (int p = 0; p < k && rest > 0; p++) {
            System.arraycopy(b, bOff + p * n + full, into, full * k + p * rest, rest);
        }
    }

    @Override
    public void packNT(int n, int k, double[] b, int bOff, double[] into) {
        int w = 2 * L;
        int full = n - n % w;
        int rest = n - full;
        for (int j = 0; j < n; j++) {
            int at = j < full ? j / w * w * k + j % w : full * k + j - full; // column j's first element
            int stride = j < full ? w : rest;
            int from = bOff + j * k;
            for (int p = 0; p < k; p++) {
                into[at + p * stride] = b[from + p];
            }
        }
    }

    /**
     * c (m x n) += a (m x k) * B packed ({@link #packNN}): every strip through {@link #strip}, the last
     * columns as {@link #mulAdd}'s, so each element's sum is the one {@link #mulAddNN} gives. Two threads
     * take half the strips each (few rows) or half the rows at an 8-row boundary.
     */
    @Override
    public void mulAddPacked(int m, int n, int k, double[] a, int aOff, double[] packed, double[] c, int cOff) {
        int w = 2 * L;
        if (m < n) {
            int split = Parallel.split(n, m, k, w);
            if (split > 0) {
                Parallel.run(() -> packedColumns(m, n, k, 0, split, a, aOff, packed, c, cOff),
                        () -> packedColumns(m, n, k, split, n, a, aOff, packed, c, cOff));
                return;
            }
        } else {
            int split = Parallel.split(m, n, k, 8);
            if (split > 0) {
                Parallel.run(() -> packedColumns(split, n, k, 0, n, a, aOff, packed, c, cOff),
                        () -> packedColumns(m - split, n, k, 0, n, a, aOff + split * k, packed, c, cOff + split * n));
                return;
            }
        }
        packedColumns(m, n, k, 0, n, a, aOff, packed, c, cOff);
    }

    /** Columns [from, to) of c (m x n) += a * B packed; from a multiple of 2L, to one too or n. */
    private static void packedColumns(int m, int n, int k, int from, int to, double[] a, int aOff, double[] packed, double[] c,
                                      int cOff) {
        int w = 2 * L;
        int full = n - n % w;
        // small products (H = 32) through the kernel the other products share: one kernel less for the JIT to
        // compile before training runs at full speed (measured, H = 32, 20,000 steps: 1.46M against 1.28M
        // row-steps/s), where the packed kernel's few percent do not make up for it
        boolean constantStrides = (long) k * n >= PACKED_KERNEL_ABOVE;
        for (int j = from; j < Math.min(to, full); j += w) {
            if (constantStrides) {
                packedStrip(m, k, a, aOff, k, packed, j * k, c, cOff + j, n);
            } else {
                strip(m, k, a, aOff, k, 1, packed, j * k, w, c, cOff + j, n);
            }
        }
        if (to > full) {
            int rest = n - full;
            for (int i = 0; i < m; i++) {
                rowTail(rest, k, a, aOff + i * k, 1, packed, full * k, rest, c, cOff + i * n + full, 0);
            }
        }
    }

    /** The width of a strip: two vectors. */
    private static final int W = 2 * L;

    /**
     * {@link #strip} for a packed strip (rows W apart) and a row-major a (rows lda apart): the same
     * multiply-add chains, bit for bit, the blocks of 8 rows with every index a constant multiple of the
     * loop counter plus a loop invariant, which lets C2 hoist the bounds checks out of the loop (measured:
     * 15-20% faster than {@link #strip}, whose strides are variables); the rows left after them, if any,
     * through strip's own smaller blocks.
     */
    private static void packedStrip(int m, int k, double[] a, int aOff, int lda, double[] s, int s0, double[] c, int cOff,
                                    int ldc) {
        int i = packedStrip8(0, m, k, a, aOff, lda, s, s0, c, cOff, ldc);
        if (m - i >= 4) { // as in strip: each block height only where it has rows
            i = strip4(i, m, k, a, aOff, lda, 1, s, s0, W, c, cOff, ldc);
        }
        if (i < m) {
            strip1(i, m, k, a, aOff, lda, 1, s, s0, W, c, cOff, ldc);
        }
    }

    /** Rows [i, ...) of {@link #packedStrip} in blocks of 8 while 8 remain; returns the first row left. */
    private static int packedStrip8(int i, int m, int k, double[] a, int aOff, int lda, double[] s, int s0, double[] c, int cOff,
                              int ldc) {
        for (; i + 7 < m; i += 8) {
            int a0 = aOff + i * lda;
            int a1 = aOff + (i + 1) * lda;
            int a2 = aOff + (i + 2) * lda;
            int a3 = aOff + (i + 3) * lda;
            int a4 = aOff + (i + 4) * lda;
            int a5 = aOff + (i + 5) * lda;
            int a6 = aOff + (i + 6) * lda;
            int a7 = aOff + (i + 7) * lda;
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = DoubleVector.zero(S);
            DoubleVector c10 = DoubleVector.zero(S);
            DoubleVector c11 = DoubleVector.zero(S);
            DoubleVector c20 = DoubleVector.zero(S);
            DoubleVector c21 = DoubleVector.zero(S);
            DoubleVector c30 = DoubleVector.zero(S);
            DoubleVector c31 = DoubleVector.zero(S);
            DoubleVector c40 = DoubleVector.zero(S);
            DoubleVector c41 = DoubleVector.zero(S);
            DoubleVector c50 = DoubleVector.zero(S);
            DoubleVector c51 = DoubleVector.zero(S);
            DoubleVector c60 = DoubleVector.zero(S);
            DoubleVector c61 = DoubleVector.zero(S);
            DoubleVector c70 = DoubleVector.zero(S);
            DoubleVector c71 = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                int sp = s0 + p * W;
                DoubleVector b0 = DoubleVector.fromArray(S, s, sp);
                DoubleVector b1 = DoubleVector.fromArray(S, s, sp + L);
                DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[a1 + p]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[a2 + p]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[a3 + p]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[a4 + p]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[a5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = DoubleVector.broadcast(S, a[a6 + p]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = DoubleVector.broadcast(S, a[a7 + p]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            int r = cOff + i * ldc;
            DoubleVector.fromArray(S, c, r).add(c00).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c01).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c10).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c11).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c20).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c21).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c30).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c31).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c40).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c41).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c50).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c51).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c60).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c61).intoArray(c, r + L);
            r += ldc;
            DoubleVector.fromArray(S, c, r).add(c70).intoArray(c, r);
            DoubleVector.fromArray(S, c, r + L).add(c71).intoArray(c, r + L);
        }
        return i;
    }

    /** Per-thread scratch for the transposed NT path: a^T (k x m), then one block of c^T (4 x 2L). */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    /** Whether mulAddNT takes the transposed path: few rows (a multiple of 2L), many columns. */
    private static boolean transposedPath(int m, int n, int k) {
        return m % (2 * L) == 0 && n >= 4 * m && k >= L;
    }

    /** The transposed path and the outer product (k = 1) sum as NN does. */
    @Override
    public boolean ntSumsAsNN(int m, int n, int k) {
        return k == 1 || transposedPath(m, n, k);
    }

    @Override
    public void mulAddNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (transposedPath(m, n, k)) {
            // few rows, many columns (the forward product h W^T): c^T = b a^T, with b's rows broadcast
            // against a^T's vectors; no per-element sums of vector lanes, which dot products need
            double[][] s = SCRATCH.get();
            if (s[0].length < k * m) {
                s[0] = new double[k * m];
            }
            double[] at = s[0];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    at[p * m + i] = a[aOff + i * k + p];
                }
            }
            int split = Parallel.split(n, m, k, 4); // columns: each thread reads half of b
            if (split > 0) {
                Parallel.run(() -> transposedNT(m, split, k, at, b, bOff, c, cOff, n),
                        () -> transposedNT(m, n - split, k, at, b, bOff + split * k, c, cOff + split, n));
            } else {
                transposedNT(m, n, k, at, b, bOff, c, cOff, n);
            }
            return;
        }
        if (n == 1 && k > 1) {
            int split = Parallel.split(m, n, k, 2);
            if (split > 0) {
                Parallel.run(() -> dotColumn(split, k, a, aOff, b, bOff, c, cOff),
                        () -> dotColumn(m - split, k, a, aOff + split * k, b, bOff, c, cOff + split));
            } else {
                dotColumn(m, k, a, aOff, b, bOff, c, cOff);
            }
            return;
        }
        if (m < n) {
            int split = Parallel.split(n, m, k, 4); // columns: each thread reads half of b
            if (split > 0) {
                Parallel.run(() -> dotsNT(m, split, k, a, aOff, b, bOff, c, cOff, n),
                        () -> dotsNT(m, n - split, k, a, aOff, b, bOff + split * k, c, cOff + split, n));
                return;
            }
        } else {
            int split = Parallel.split(m, n, k, 2);
            if (split > 0) {
                Parallel.run(() -> dotsNT(split, n, k, a, aOff, b, bOff, c, cOff, n),
                        () -> dotsNT(m - split, n, k, a, aOff + split * k, b, bOff, c, cOff + split * n, n));
                return;
            }
        }
        dotsNT(m, n, k, a, aOff, b, bOff, c, cOff, n);
    }

    /**
     * c (m x n, rows ldc apart) += (b (n x k) at (k x m))^T, m a multiple of 2L: 4 rows of b (4 columns
     * of c) against 2L columns of at at a time, 4 x 2L sums in registers; each element of c is one fused
     * multiply-add chain over p, then one add into c.
     */
    private static void transposedNT(int m, int n, int k, double[] at, double[] b, int bOff, double[] c, int cOff, int ldc) {
        int w = 2 * L;
        double[][] s = SCRATCH.get();
        if (s[1].length < 4 * w) {
            s[1] = new double[4 * w];
        }
        double[] block = s[1];
        int j = 0;
        for (; j + 3 < n; j += 4) {
            int b0 = bOff + j * k;
            for (int i = 0; i < m; i += w) {
                DoubleVector c00 = DoubleVector.zero(S);
                DoubleVector c01 = DoubleVector.zero(S);
                DoubleVector c10 = DoubleVector.zero(S);
                DoubleVector c11 = DoubleVector.zero(S);
                DoubleVector c20 = DoubleVector.zero(S);
                DoubleVector c21 = DoubleVector.zero(S);
                DoubleVector c30 = DoubleVector.zero(S);
                DoubleVector c31 = DoubleVector.zero(S);
                for (int p = 0; p < k; p++) {
                    DoubleVector x0 = DoubleVector.fromArray(S, at, p * m + i);
                    DoubleVector x1 = DoubleVector.fromArray(S, at, p * m + i + L);
                    DoubleVector y = DoubleVector.broadcast(S, b[b0 + p]);
                    c00 = y.fma(x0, c00);
                    c01 = y.fma(x1, c01);
                    y = DoubleVector.broadcast(S, b[b0 + k + p]);
                    c10 = y.fma(x0, c10);
                    c11 = y.fma(x1, c11);
                    y = DoubleVector.broadcast(S, b[b0 + 2 * k + p]);
                    c20 = y.fma(x0, c20);
                    c21 = y.fma(x1, c21);
                    y = DoubleVector.broadcast(S, b[b0 + 3 * k + p]);
                    c30 = y.fma(x0, c30);
                    c31 = y.fma(x1, c31);
                }
                c00.intoArray(block, 0);
                c01.intoArray(block, L);
                c10.intoArray(block, w);
                c11.intoArray(block, w + L);
                c20.intoArray(block, 2 * w);
                c21.intoArray(block, 2 * w + L);
                c30.intoArray(block, 3 * w);
                c31.intoArray(block, 3 * w + L);
                for (int v = 0; v < w; v++) {
                    int r = cOff + (i + v) * ldc + j;
                    c[r] += block[v];
                    c[r + 1] += block[w + v];
                    c[r + 2] += block[2 * w + v];
                    c[r + 3] += block[3 * w + v];
                }
            }
        }
        for (; j < n; j++) {
            int b0 = bOff + j * k;
            for (int i = 0; i < m; i += w) {
                DoubleVector c0 = DoubleVector.zero(S);
                DoubleVector c1 = DoubleVector.zero(S);
                for (int p = 0; p < k; p++) {
                    DoubleVector y = DoubleVector.broadcast(S, b[b0 + p]);
                    c0 = y.fma(DoubleVector.fromArray(S, at, p * m + i), c0);
                    c1 = y.fma(DoubleVector.fromArray(S, at, p * m + i + L), c1);
                }
                c0.intoArray(block, 0);
                c1.intoArray(block, L);
                for (int v = 0; v < w; v++) {
                    c[cOff + (i + v) * ldc + j] += block[v];
                }
            }
        }
    }

    /**
     * c (m x n, rows ldc apart) += a (m x k) b (n x k)^T as blocked dot products: 4 rows of b at a time
     * (outer, so each is read from memory once), against 2 rows of a at a time (inner, a stays in cache).
     */
    private static void dotsNT(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc) {
        double[] lanes = LANES.get();
        if (k == 1) {
            // one input feature: an outer product, c[i, :] += a[i] * b[:] (b's column is contiguous)
            for (int i = 0; i < m; i++) {
                double ai = a[aOff + i];
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += ai * b[bOff + j];
                }
            }
            return;
        }
        int kv = k - k % L;
        int mEven = m - m % 2;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            int b0 = bOff + j * k;
            for (int i = 0; i < mEven; i += 2) {
                int a0 = aOff + i * k;
                int a1 = a0 + k;
                DoubleVector s00 = DoubleVector.zero(S);
                DoubleVector s01 = DoubleVector.zero(S);
                DoubleVector s02 = DoubleVector.zero(S);
                DoubleVector s03 = DoubleVector.zero(S);
                DoubleVector s10 = DoubleVector.zero(S);
                DoubleVector s11 = DoubleVector.zero(S);
                DoubleVector s12 = DoubleVector.zero(S);
                DoubleVector s13 = DoubleVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + p);
                    DoubleVector x1 = DoubleVector.fromArray(S, a, a1 + p);
                    DoubleVector y = DoubleVector.fromArray(S, b, b0 + p);
                    s00 = x0.fma(y, s00);
                    s10 = x1.fma(y, s10);
                    y = DoubleVector.fromArray(S, b, b0 + k + p);
                    s01 = x0.fma(y, s01);
                    s11 = x1.fma(y, s11);
                    y = DoubleVector.fromArray(S, b, b0 + 2 * k + p);
                    s02 = x0.fma(y, s02);
                    s12 = x1.fma(y, s12);
                    y = DoubleVector.fromArray(S, b, b0 + 3 * k + p);
                    s03 = x0.fma(y, s03);
                    s13 = x1.fma(y, s13);
                }
                int r0 = cOff + i * ldc + j;
                int r1 = r0 + ldc;
                c[r0] += sum(s00, lanes) + dotTail(a, a0, b, b0, kv, k);
                c[r0 + 1] += sum(s01, lanes) + dotTail(a, a0, b, b0 + k, kv, k);
                c[r0 + 2] += sum(s02, lanes) + dotTail(a, a0, b, b0 + 2 * k, kv, k);
                c[r0 + 3] += sum(s03, lanes) + dotTail(a, a0, b, b0 + 3 * k, kv, k);
                c[r1] += sum(s10, lanes) + dotTail(a, a1, b, b0, kv, k);
                c[r1 + 1] += sum(s11, lanes) + dotTail(a, a1, b, b0 + k, kv, k);
                c[r1 + 2] += sum(s12, lanes) + dotTail(a, a1, b, b0 + 2 * k, kv, k);
                c[r1 + 3] += sum(s13, lanes) + dotTail(a, a1, b, b0 + 3 * k, kv, k);
            }
        }
        // the last n % 4 columns for the row pairs, then the last row (m odd) for every column
        for (int i = 0; i < mEven; i++) {
            for (int jj = j; jj < n; jj++) {
                c[cOff + i * ldc + jj] += dot(a, aOff + i * k, b, bOff + jj * k, kv, k, lanes);
            }
        }
        if (mEven < m) {
            for (int jj = 0; jj < n; jj++) {
                c[cOff + mEven * ldc + jj] += dot(a, aOff + mEven * k, b, bOff + jj * k, kv, k, lanes);
            }
        }
    }

    /**
     * One column, c (m) += a (m x k) b (1 x k)^T (the head's prediction for one output): {@link #dotsNT}'s
     * sums for n = 1, its rows' {@link #dot}s, without the 2 x 4 block that n = 1 never reaches, so the JIT
     * compiles a small method, not that one (three times: twice on stack), before training runs at full speed.
     */
    private static void dotColumn(int m, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        double[] lanes = LANES.get();
        int kv = k - k % L;
        for (int i = 0; i < m; i++) {
            c[cOff + i] += dot(a, aOff + i * k, b, bOff, kv, k, lanes);
        }
    }

    /** sum over p of a[ai + p] * b[bj + p], vector part to kv then the scalar tail. */
    private static double dot(double[] a, int ai, double[] b, int bj, int kv, int k, double[] lanes) {
        DoubleVector s = DoubleVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = DoubleVector.fromArray(S, a, ai + p).fma(DoubleVector.fromArray(S, b, bj + p), s);
        }
        return sum(s, lanes) + dotTail(a, ai, b, bj, kv, k);
    }

    /**
     * The lanes of v added in lane order. Not reduceLanes(ADD): its order is unspecified and differs
     * between the intrinsic and the Java fallback (so between JIT states), which would make results
     * depend on timing.
     */
    private static double sum(DoubleVector v, double[] lanes) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (double x : lanes) {
            s += x;
        }
        return s;
    }

    private static double dotTail(double[] a, int ai, double[] b, int bj, int kv, int k) {
        double s = 0;
        for (int p = kv; p < k; p++) {
            s += a[ai + p] * b[bj + p];
        }
        return s;
    }
}
