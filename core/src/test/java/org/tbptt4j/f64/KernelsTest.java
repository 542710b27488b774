package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The build runs the Vector API kernels (MatMulTest holds them to the naive ones); the plain loops stay correct too. */
class KernelsTest {

    @Test
    void theBuildTestsTheVectorKernels() {
        assertThat(Kernels.VECTOR_API).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
        assertThat(MatMul.fast()).isInstanceOf(VectorMatMul.class);
        assertThat(org.tbptt4j.f32.MatMul.fast().getClass().getSimpleName()).isEqualTo("VectorMatMul");
    }

    @Test
    void aJvmWithoutTheModuleIsToldOnceHowToGetTheFastKernels() {
        assertThat(org.tbptt4j.model.VectorApi.missingWarning(true)).isNull();
        assertThat(org.tbptt4j.model.VectorApi.missingWarning(false)).contains("7 to 20 times slower")
                .contains("--add-modules jdk.incubator.vector").contains("JDK_JAVA_OPTIONS");
    }

    @Test
    void theTransposedForwardProductAgreesWithTheNaiveOne() {
        // the shapes of h W^T (few rows, many columns) that take VectorMatMul's transposed NT path
        SplittableRandom rng = new SplittableRandom(4);
        for (int[] s : new int[][] {{32, 512, 128}, {16, 64, 8}, {32, 128, 33}, {64, 2048, 512}, {8, 32, 4}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            double[] a = GradientCheck.random(rng, m * k + 3, 1);
            double[] b = GradientCheck.random(rng, n * k + 5, 1);
            double[] fast = GradientCheck.random(rng, m * n + 7, 1);
            double[] naive = fast.clone();
            MatMul.fast().mulAddNT(m, n, k, a, 3, b, 5, fast, 7);
            MatMul.naive().mulAddNT(m, n, k, a, 3, b, 5, naive, 7);
            assertThat(fast).containsExactly(naive, within(1e-10));
            float[] af = toFloat(a);
            float[] bf = toFloat(b);
            float[] cf = toFloat(fast);
            float[] cn = cf.clone();
            java.util.Arrays.fill(cf, 7, cf.length, 0);
            java.util.Arrays.fill(cn, 7, cn.length, 0);
            org.tbptt4j.f32.MatMul.fast().mulAddNT(m, n, k, af, 3, bf, 5, cf, 7);
            org.tbptt4j.f32.MatMul.naive().mulAddNT(m, n, k, af, 3, bf, 5, cn, 7);
            for (int i = 0; i < cf.length; i++) {
                assertThat(cf[i]).as("f32 %d x %d x %d at %d", m, n, k, i).isCloseTo(cn[i], within(2e-3f));
            }
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void thePlainLoopsAgreeWithTheNaiveOnes() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 7}, {32, 512, 128}, {17, 9, 33}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            double[] a = GradientCheck.random(rng, m * k + k * m, 1);
            double[] b = GradientCheck.random(rng, n * k + k * n, 1);
            double[][] c = {new double[m * n], new double[m * n]};
            MatMul[] impl = {MatMul.plain(), MatMul.naive()};
            for (int v = 0; v < 2; v++) {
                impl[v].mulAddNT(m, n, k, a, 0, b, 0, c[v], 0);
                impl[v].mulAddNN(m, n, k, a, 0, b, 0, c[v], 0);
                impl[v].mulAddTN(m, n, k, a, 0, b, 0, c[v], 0);
            }
            assertThat(c[0]).containsExactly(c[1], within(1e-10));
        }
    }
}
