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
