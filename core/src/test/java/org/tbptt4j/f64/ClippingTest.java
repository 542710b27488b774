package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tbptt4j.f32.ClippingAccess;

/** The gradient norm's sums of squares: the documented order of additions, in both precisions. */
class ClippingTest {

    /** The order {@link Clipping#sumOfSquares} documents, written plainly: element from + i to chain i mod 16, then pairwise. */
    private static double reference(double[] squares, int from, int to) {
        double[] chains = new double[16];
        for (int i = from; i < to; i++) {
            chains[(i - from) % 16] += squares[i];
        }
        for (int width = 8; width > 0; width /= 2) {
            for (int c = 0; c < width; c++) {
                chains[c] += chains[c + width];
            }
        }
        return chains[0];
    }

    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 47, 64, 79, 1000, 67_003};

    @Test
    void doubleSumsFollowTheDocumentedOrder() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : LENGTHS) {
            for (int from : new int[] {0, 5}) {
                double[] g = rng.doubles(from + n, -2, 2).toArray();
                double[] squares = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    squares[i] = g[i] * g[i];
                }
                assertThat(Clipping.sumOfSquares(g, from, from + n)).as("n = %d from %d", n, from)
                        .isEqualTo(reference(squares, from, from + n));
            }
        }
    }

    @Test
    void floatSumsAreOfExactSquaresInDoubleInTheDocumentedOrder() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int n : LENGTHS) {
            for (int from : new int[] {0, 3}) {
                float[] g = new float[from + n];
                double[] squares = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) rng.nextDouble(-2, 2);
                    squares[i] = (double) g[i] * g[i]; // exact: 24-bit mantissas
                }
                assertThat(ClippingAccess.sumOfSquares(g, from, from + n)).as("n = %d from %d", n, from)
                        .isEqualTo(reference(squares, from, from + n));
            }
        }
    }

    @Test
    void theNormIsTheSquareRootOfTheSumOfSquares() {
        double[] g = new SplittableRandom(5).doubles(300_001, -1, 1).toArray(); // above the size split on two threads
        double sum = 0;
        for (double v : g) {
            sum += v * v;
        }
        assertThat(Clipping.norm(g)).isCloseTo(Math.sqrt(sum), org.assertj.core.data.Offset.offset(1e-12 * Math.sqrt(sum)));
        assertThat(Clipping.norm(new double[0])).isZero();
    }
}
