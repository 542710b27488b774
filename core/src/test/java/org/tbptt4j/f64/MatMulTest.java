package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast products against the naive reference, for every shape combination of m, n, k in
 * {1, 3, 4, 5, 17, 33}, with non-zero offsets in all three arrays and a non-zero c (the products
 * accumulate); plus a 2 x 2 case worked by hand. The same check for the generated float32 engine.
 */
class MatMulTest {

    private static final int[] SIZES = {1, 3, 4, 5, 17, 33};

    enum Product { NT, TN, NN }

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (Product p : Product.values()) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        s.add(Arguments.of(p, m, n, k));
                    }
                }
            }
        }
        return s.build();
    }

    private static void apply(MatMul mm, Product p, int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                              double[] c, int cOff) {
        switch (p) {
            case NT -> mm.mulAddNT(m, n, k, a, aOff, b, bOff, c, cOff);
            case TN -> mm.mulAddTN(m, n, k, a, aOff, b, bOff, c, cOff);
            case NN -> mm.mulAddNN(m, n, k, a, aOff, b, bOff, c, cOff);
        }
    }

    private static void apply32(org.tbptt4j.f32.MatMul mm, Product p, int m, int n, int k, float[] a, int aOff,
                                float[] b, int bOff, float[] c, int cOff) {
        switch (p) {
            case NT -> mm.mulAddNT(m, n, k, a, aOff, b, bOff, c, cOff);
            case TN -> mm.mulAddTN(m, n, k, a, aOff, b, bOff, c, cOff);
            case NN -> mm.mulAddNN(m, n, k, a, aOff, b, bOff, c, cOff);
        }
    }

    /** The product's value at (i, j) computed straight from the definition, without any MatMul. */
    private static double entry(Product p, int m, int n, int k, double[] a, int aOff, double[] b, int bOff, int i, int j) {
        double s = 0;
        for (int q = 0; q < k; q++) {
            double av = p == Product.TN ? a[aOff + q * m + i] : a[aOff + i * k + q];
            double bv = p == Product.NT ? b[bOff + j * k + q] : b[bOff + q * n + j];
            s += av * bv;
        }
        return s;
    }

    /** Random values, with some exact zeros (the fast kernels skip zero multipliers). */
    private static double[] randomWithZeros(SplittableRandom rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextInt(7) == 0 ? 0 : rng.nextDouble(-1, 1);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("shapes")
    void fastEqualsNaiveWithOffsetsAndAccumulation(Product p, int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(1000L * m + 100L * n + k + 7L * p.ordinal());
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        int tail = 4; // values after each operand that must stay untouched
        double[] a = randomWithZeros(rng, aOff + m * k + tail);
        double[] b = randomWithZeros(rng, bOff + k * n + tail);
        double[] c0 = GradientCheck.random(rng, cOff + m * n + tail, 2.0);
        double[] aCopy = a.clone();
        double[] bCopy = b.clone();

        double[] fast = c0.clone();
        double[] naive = c0.clone();
        apply(MatMul.fast(), p, m, n, k, a, aOff, b, bOff, fast, cOff);
        apply(MatMul.naive(), p, m, n, k, a, aOff, b, bOff, naive, cOff);

        assertThat(fast).as("fast vs naive").containsExactly(naive, within(1e-12));
        // accumulation: c = c0 + product, and nothing outside c's window changes
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * n + j;
                double want = c0[at] + entry(p, m, n, k, a, aOff, b, bOff, i, j);
                assertThat(fast[at]).as("c[%d][%d]", i, j).isCloseTo(want, within(1e-12));
            }
        }
        for (int i = 0; i < cOff; i++) {
            assertThat(fast[i]).as("c before offset, index %d", i).isEqualTo(c0[i]);
        }
        for (int i = cOff + m * n; i < c0.length; i++) {
            assertThat(fast[i]).as("c after the block, index %d", i).isEqualTo(c0[i]);
        }
        assertThat(a).as("a is read only").containsExactly(aCopy);
        assertThat(b).as("b is read only").containsExactly(bCopy);
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("shapes")
    void float32FastEqualsNaive(Product p, int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(77L * m + 13L * n + k + 5L * p.ordinal());
        int aOff = 2;
        int bOff = 1;
        int cOff = 3;
        float[] a = toFloat(randomWithZeros(rng, aOff + m * k));
        float[] b = toFloat(randomWithZeros(rng, bOff + k * n));
        float[] c0 = toFloat(GradientCheck.random(rng, cOff + m * n, 2.0));
        float[] fast = c0.clone();
        float[] naive = c0.clone();
        apply32(org.tbptt4j.f32.MatMul.fast(), p, m, n, k, a, aOff, b, bOff, fast, cOff);
        apply32(org.tbptt4j.f32.MatMul.naive(), p, m, n, k, a, aOff, b, bOff, naive, cOff);
        // float sums of up to 33 terms of magnitude <= 1: a few ulps of ~k
        float tol = 1e-5f * Math.max(1, k);
        assertThat(fast).containsExactly(naive, within(tol));
        // and both are the exact double product to float rounding
        double[] ad = toDouble(a);
        double[] bd = toDouble(b);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * n + j;
                double want = c0[at] + entry(p, m, n, k, ad, aOff, bd, bOff, i, j);
                assertThat((double) fast[at]).as("c[%d][%d]", i, j).isCloseTo(want, within((double) tol));
            }
        }
        for (int i = 0; i < cOff; i++) {
            assertThat(fast[i]).isEqualTo(c0[i]);
        }
    }

    /** Shapes for the packed products: around the tiles (8 or 4 or 1 rows, strips of 2 vectors of 4 to 16 lanes). */
    private static final int[] PACKED_SIZES = {1, 3, 7, 8, 9, 17, 32, 33, 65};

    static Stream<Arguments> packedShapes() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int m : PACKED_SIZES) {
            for (int n : PACKED_SIZES) {
                for (int k : new int[] {1, 5, 32, 33}) {
                    s.add(Arguments.of(m, n, k));
                }
            }
        }
        // b large enough (k x n >= 16,384) for the constant-stride kernel, with rows past the blocks of 8 and
        // columns past the last strip
        s.add(Arguments.of(37, 512, 128));
        s.add(Arguments.of(13, 130, 129));
        s.add(Arguments.of(3, 512, 33));
        return s.build();
    }

    /**
     * The packed right operand (packNN of b, packNT of b^T) gives exactly mulAddNN's bits on the
     * unpacked b, for the fast kernels of both engines, with offsets and accumulation; and the naive
     * product's value to rounding.
     */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("packedShapes")
    void packedEqualsUnpackedNNBitForBit(int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(31L * m + 7L * n + k);
        int aOff = 3;
        int cOff = 2;
        double[] a = randomWithZeros(rng, aOff + m * k);
        double[] b = randomWithZeros(rng, 1 + k * n);            // (k x n) at 1
        double[] bt = new double[4 + n * k];                       // b^T (n x k) at 4
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bt[4 + j * k + p] = b[1 + p * n + j];
            }
        }
        double[] c0 = GradientCheck.random(rng, cOff + m * n + 3, 2.0);
        MatMul mm = MatMul.fast();
        double[] want = c0.clone();
        mm.mulAddNN(m, n, k, a, aOff, b, 1, want, cOff);
        double[] packed = new double[k * n];
        mm.packNN(k, n, b, 1, packed);
        double[] got = c0.clone();
        mm.mulAddPacked(m, n, k, a, aOff, packed, got, cOff);
        assertThat(got).as("packNN").containsExactly(want);
        java.util.Arrays.fill(packed, Double.NaN);
        mm.packNT(n, k, bt, 4, packed);
        got = c0.clone();
        mm.mulAddPacked(m, n, k, a, aOff, packed, got, cOff);
        assertThat(got).as("packNT").containsExactly(want);
        double[] naive = c0.clone();
        MatMul.naive().mulAddNN(m, n, k, a, aOff, b, 1, naive, cOff);
        assertThat(got).as("against the naive product").containsExactly(naive, within(1e-12));
        double[] plainWant = c0.clone();
        MatMul.plain().mulAddNN(m, n, k, a, aOff, b, 1, plainWant, cOff);
        MatMul.plain().packNT(n, k, bt, 4, packed);
        got = c0.clone();
        MatMul.plain().mulAddPacked(m, n, k, a, aOff, packed, got, cOff);
        assertThat(got).as("the plain loops' packNT").containsExactly(plainWant);

        org.tbptt4j.f32.MatMul mm32 = org.tbptt4j.f32.MatMul.fast();
        float[] a32 = toFloat(a);
        float[] b32 = toFloat(b);
        float[] bt32 = toFloat(bt);
        float[] want32 = toFloat(c0);
        mm32.mulAddNN(m, n, k, a32, aOff, b32, 1, want32, cOff);
        float[] packed32 = new float[k * n];
        mm32.packNT(n, k, bt32, 4, packed32);
        float[] got32 = toFloat(c0);
        mm32.mulAddPacked(m, n, k, a32, aOff, packed32, got32, cOff);
        assertThat(got32).as("float32 packNT").containsExactly(want32);
        mm32.packNN(k, n, b32, 1, packed32);
        got32 = toFloat(c0);
        mm32.mulAddPacked(m, n, k, a32, aOff, packed32, got32, cOff);
        assertThat(got32).as("float32 packNN").containsExactly(want32);
    }

    /** A product large enough to split between two threads, packed, at the shape of the LSTM's H = 128 recurrent step. */
    @Test
    void packedRecurrentShapeSplitsAlike() {
        int m = 32;
        int n = 512;
        int k = 128;
        SplittableRandom rng = new SplittableRandom(5);
        float[] a = toFloat(GradientCheck.random(rng, m * k, 1.0));
        float[] w = toFloat(GradientCheck.random(rng, n * k, 1.0)); // (n x k), multiplied as w^T
        org.tbptt4j.f32.MatMul mm = org.tbptt4j.f32.MatMul.fast();
        float[] packed = new float[k * n];
        mm.packNT(n, k, w, 0, packed);
        int threads = org.tbptt4j.f32.Parallel.threads();
        float[][] out = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                org.tbptt4j.f32.Parallel.setThreads(t);
                out[t - 1] = new float[m * n];
                mm.mulAddPacked(m, n, k, a, 0, packed, out[t - 1], 0);
            }
        } finally {
            org.tbptt4j.f32.Parallel.setThreads(threads);
        }
        assertThat(out[1]).containsExactly(out[0]);
        float[] naive = new float[m * n];
        org.tbptt4j.f32.MatMul.naive().mulAddNT(m, n, k, a, 0, w, 0, naive, 0);
        assertThat(out[0]).containsExactly(naive, within(1e-4f));
    }

    @Test
    void handComputedTwoByTwo() {
        // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]], C starts at [[1, 1], [1, 1]]
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        for (MatMul mm : new MatMul[] {MatMul.fast(), MatMul.naive()}) {
            // A B^T = [[1*5+2*6, 1*7+2*8], [3*5+4*6, 3*7+4*8]] = [[17, 23], [39, 53]]
            double[] c = {1, 1, 1, 1};
            mm.mulAddNT(2, 2, 2, a, 0, b, 0, c, 0);
            assertThat(c).containsExactly(18, 24, 40, 54);
            // A^T B = [[1*5+3*7, 1*6+3*8], [2*5+4*7, 2*6+4*8]] = [[26, 30], [38, 44]]
            c = new double[] {1, 1, 1, 1};
            mm.mulAddTN(2, 2, 2, a, 0, b, 0, c, 0);
            assertThat(c).containsExactly(27, 31, 39, 45);
            // A B = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]] = [[19, 22], [43, 50]]
            c = new double[] {1, 1, 1, 1};
            mm.mulAddNN(2, 2, 2, a, 0, b, 0, c, 0);
            assertThat(c).containsExactly(20, 23, 44, 51);
        }
    }

    @Test
    void handComputedWithOffsets() {
        // the same A and B placed after a prefix; c's block after two untouched values
        double[] a = {9, 9, 1, 2, 3, 4};
        double[] b = {-1, 5, 6, 7, 8};
        double[] c = {100, 200, 0, 0, 0, 0, 300};
        MatMul.fast().mulAddNN(2, 2, 2, a, 2, b, 1, c, 2);
        assertThat(c).containsExactly(100, 200, 19, 22, 43, 50, 300);
    }

    @Test
    void rectangularHandCase() {
        // a (1 x 3) = [1, 2, 3], b (2 x 3) = [[1, 0, -1], [2, 2, 2]]: a b^T = [1 - 3, 2 + 4 + 6] = [-2, 12]
        double[] a = {1, 2, 3};
        double[] b = {1, 0, -1, 2, 2, 2};
        double[] c = new double[2];
        MatMul.fast().mulAddNT(1, 2, 3, a, 0, b, 0, c, 0);
        assertThat(c).containsExactly(-2, 12);
        // a (3 x 1)^T (1 x 3) * b (3 x 2) = [1*1 + 2*(-1) ... ] with b = [[1, 0], [-1, 2], [2, 2]]: [1 - 2 + 6, 0 + 4 + 6] = [5, 10]
        double[] b2 = {1, 0, -1, 2, 2, 2};
        double[] c2 = new double[2];
        MatMul.fast().mulAddTN(1, 2, 3, a, 0, b2, 0, c2, 0);
        assertThat(c2).containsExactly(5, 10);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void oneColumnTNIsOneFusedChainPerElement() {
        // dW_ih for one input: c (m) += a (k x m)^T b (k), in blocks of four vectors, one vector and scalars
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int m = 9 * lanes + 3;
        int k = 33;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        double[] a = GradientCheck.random(rng, k * m, 1);
        double[] b = GradientCheck.random(rng, k, 1);
        double[] c = GradientCheck.random(rng, m, 1);
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[p * m + i], b[p], s);
            }
            expected[i] += s;
        }
        MatMul.fast().mulAddTN(m, 1, k, a, 0, b, 0, c, 0);
        assertThat(c).containsExactly(expected);
    }

    @Test
    void tnSumsEachElementAsOneChainWhicheverBlockComputesIt() {
        // a weight gradient's shape, large enough for the panel kernel (64 rows, 4 strips): rows of c in blocks
        // of 8, 4 and 1; columns in strips of 2L, one vector and a scalar tail; a's rows lda > m apart; each
        // element one fused chain over p, then one add into c (the scalar tail: multiply, then add)
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int m = 8 * 8 + 5;
        int n = 4 * 2 * lanes + lanes + 3;
        int k = 33;
        int lda = m + 7;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] a = GradientCheck.random(rng, 2 + k * lda, 1);
        double[] b = GradientCheck.random(rng, k * n, 1);
        double[] c = GradientCheck.random(rng, m * n, 1);
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[2 + p * lda + i];
                    s = j < n - n % lanes ? Math.fma(x, b[p * n + j], s) : s + x * b[p * n + j];
                }
                expected[i * n + j] += s;
            }
        }
        MatMul.fast().mulAddTN(m, n, k, a, 2, lda, b, 0, c, 0);
        assertThat(c).containsExactly(expected);
    }

    // The head's products for one output (a prediction, its dTop and its weight gradient) take kernels of their
    // own, small enough for the JIT to compile within a few steps; each element keeps the sums the block kernels
    // give: one fused multiply-add chain from zero over p in vector lanes (a scalar tail: multiply, then add),
    // then one add into c.

    @Test
    void oneRowSumsEachElementAsOneChain() {
        // m = 1 (the head's dW = dPred^T x): TN and NN, columns in strips, one vector and a scalar tail
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int n = 4 * 2 * lanes + lanes + 3;
        int k = 33;
        SplittableRandom rng = new SplittableRandom(6);
        double[] a = GradientCheck.random(rng, 1 + k, 1);
        double[] b = GradientCheck.random(rng, k * n, 1);
        double[] c0 = GradientCheck.random(rng, n, 1);
        double[] expected = c0.clone();
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = j < n - n % lanes ? Math.fma(a[1 + p], b[p * n + j], s) : s + a[1 + p] * b[p * n + j];
            }
            expected[j] += s;
        }
        for (Product product : new Product[] {Product.TN, Product.NN}) {
            double[] c = c0.clone();
            apply(MatMul.fast(), product, 1, n, k, a, 1, b, 0, c, 0);
            assertThat(c).as(product.name()).containsExactly(expected);
        }
    }

    @Test
    void outerProductSumsEachElementAsAOneTermChain() {
        // k = 1 (the head's dTop = dPred W): c[i][j] += fma(a[i], b[j], 0), the scalar tail 0 + a[i] b[j]
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int m = 9;
        int n = 2 * 2 * lanes + lanes + 3;
        SplittableRandom rng = new SplittableRandom(7);
        double[] a = GradientCheck.random(rng, 2 + m, 1);
        double[] b = GradientCheck.random(rng, n, 1);
        double[] c0 = GradientCheck.random(rng, m * n, 1);
        double[] expected = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                expected[i * n + j] += j < n - n % lanes ? Math.fma(a[2 + i], b[j], 0.0) : 0 + a[2 + i] * b[j];
            }
        }
        for (Product product : new Product[] {Product.TN, Product.NN}) {
            double[] c = c0.clone();
            apply(MatMul.fast(), product, m, n, 1, a, 2, b, 0, c, 0);
            assertThat(c).as(product.name()).containsExactly(expected);
        }
    }

    @Test
    void oneColumnNTIsEachRowsDot() {
        // n = 1 (the head's prediction): c[i] += lane l's fused chain over p = l, l + L, ... below k - k % L, the
        // lanes added in order from zero, plus the scalar tail's products added from zero
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int m = 7;
        int k = 5 * lanes + 3;
        int kv = k - k % lanes;
        SplittableRandom rng = new SplittableRandom(8);
        double[] a = GradientCheck.random(rng, 3 + m * k, 1);
        double[] b = GradientCheck.random(rng, 1 + k, 1);
        double[] c = GradientCheck.random(rng, m, 1);
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            double[] lane = new double[lanes];
            for (int p = 0; p < kv; p++) {
                lane[p % lanes] = Math.fma(a[3 + i * k + p], b[1 + p], lane[p % lanes]);
            }
            double sum = 0;
            for (double x : lane) {
                sum += x;
            }
            double tail = 0;
            for (int p = kv; p < k; p++) {
                tail += a[3 + i * k + p] * b[1 + p];
            }
            expected[i] += sum + tail;
        }
        MatMul.fast().mulAddNT(m, 1, k, a, 3, b, 1, c, 0);
        assertThat(c).containsExactly(expected);
    }

    @Test
    void float32HeadShapesSumAsTheBlockKernelsDo() {
        // the three head kernels of the float32 engine, each element as in the float64 tests above
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        org.tbptt4j.f32.MatMul mm = org.tbptt4j.f32.MatMul.fast();
        SplittableRandom rng = new SplittableRandom(9);
        int n = 4 * 2 * lanes + lanes + 3;
        int k = 5 * lanes + 3;
        float[] a = toFloat(GradientCheck.random(rng, k * n, 1));
        float[] b = toFloat(GradientCheck.random(rng, k * n, 1));
        float[] c0 = toFloat(GradientCheck.random(rng, k * n, 1));
        // m = 1, TN: c (1 x n) += a (k) b (k x n)
        float[] c = c0.clone();
        float[] expected = c0.clone();
        for (int j = 0; j < n; j++) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                s = j < n - n % lanes ? Math.fma(a[p], b[p * n + j], s) : s + a[p] * b[p * n + j];
            }
            expected[j] += s;
        }
        mm.mulAddTN(1, n, k, a, 0, b, 0, c, 0);
        assertThat(c).as("m = 1").containsExactly(expected);
        // k = 1, NN: c (m x n) += a (m) b (n), m = 5
        c = c0.clone();
        expected = c0.clone();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < n; j++) {
                expected[i * n + j] += j < n - n % lanes ? Math.fma(a[i], b[j], 0f) : 0 + a[i] * b[j];
            }
        }
        mm.mulAddNN(5, n, 1, a, 0, b, 0, c, 0);
        assertThat(c).as("k = 1").containsExactly(expected);
        // n = 1, NT: c (m) += a (m x k) b (k), m = 7
        c = c0.clone();
        expected = c0.clone();
        int kv = k - k % lanes;
        for (int i = 0; i < 7; i++) {
            float[] lane = new float[lanes];
            for (int p = 0; p < kv; p++) {
                lane[p % lanes] = Math.fma(a[i * k + p], b[p], lane[p % lanes]);
            }
            float sum = 0;
            for (float x : lane) {
                sum += x;
            }
            float tail = 0;
            for (int p = kv; p < k; p++) {
                tail += a[i * k + p] * b[p];
            }
            expected[i] += sum + tail;
        }
        mm.mulAddNT(7, 1, k, a, 0, b, 0, c, 0);
        assertThat(c).as("n = 1").containsExactly(expected);
    }
}
