package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * The LSTM's vectorised backward element-wise pass and the bias gradients' vectorised column sums give
 * the scalar loops' bits: with H = L + 3 units (L the vector length), units [0, L) take the vector path
 * and [L, H) the scalar one, so a unit u < 3 and its twin u + L, given identical inputs, must come out
 * identical in dA, dCPrev and every gate's bias gradient (columns q*H + u are summed as vectors, the
 * last columns of the o gate, q*H + u + L, in the scalar tail).
 */
class VectorGatesTest {

    @Test
    void vectorAndScalarUnitsGiveTheSameBits() {
        assertThat(Kernels.VECTOR_API).as("the build runs the tests with the Vector API").isTrue();
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        int hidden = lanes + 3;
        int batch = 5;
        int gh = 4 * hidden;
        LstmCell cell = new LstmCell(2, hidden, 0, MatMul.fast());
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = GradientCheck.random(rng, cell.parameterCount(), 0.5);
        LstmCell.Cache cache = (LstmCell.Cache) cell.newCache(batch);
        double[] dH = new double[batch * hidden];
        double[] dC = new double[batch * hidden];
        for (int b = 0; b < batch; b++) {
            for (int u = 0; u < hidden; u++) {
                int src = u >= lanes ? u - lanes : u; // the twins u + L copy unit u
                SplittableRandom unit = new SplittableRandom(100L * b + src);
                for (int q = 0; q < 4; q++) {
                    cache.gates[b * gh + q * hidden + u] = unit.nextDouble(0.01, 0.99); // activated gates
                }
                cache.gates[b * gh + 2 * hidden + u] = unit.nextDouble(-0.99, 0.99); // g is a tanh
                cache.tanhC[b * hidden + u] = unit.nextDouble(-0.99, 0.99);
                cache.cPrev[b * hidden + u] = unit.nextDouble(-2, 2);
                dH[b * hidden + u] = unit.nextDouble(-1, 1);
                dC[b * hidden + u] = unit.nextDouble(-1, 1);
            }
        }
        double[] dW = new double[w.length];
        double[] dHPrev = new double[batch * hidden];
        double[] dCPrev = new double[batch * hidden];
        double[] scratch = new double[cell.scratchSize(batch)];
        cell.backward(w, cache, dH, dC, dW, null, dHPrev, dCPrev, scratch);
        double[] dA = scratch; // backward leaves the pre-activation gradients in the scratch
        int bIh = cell.parameterCount() - 2 * gh;
        int bHh = bIh + gh;
        for (int u = 0; u < 3; u++) {
            int twin = u + lanes;
            for (int b = 0; b < batch; b++) {
                for (int q = 0; q < 4; q++) {
                    assertThat(dA[b * gh + q * hidden + twin]).as("dA row %d gate %d unit %d", b, q, u)
                            .isEqualTo(dA[b * gh + q * hidden + u]);
                }
                assertThat(dCPrev[b * hidden + twin]).as("dCPrev row %d unit %d", b, u).isEqualTo(dCPrev[b * hidden + u]);
            }
            for (int q = 0; q < 4; q++) {
                assertThat(dW[bIh + q * hidden + twin]).as("b_ih gate %d unit %d", q, u).isEqualTo(dW[bIh + q * hidden + u]);
                assertThat(dW[bHh + q * hidden + twin]).as("b_hh gate %d unit %d", q, u).isEqualTo(dW[bHh + q * hidden + u]);
            }
        }
        assertThat(dA[0]).as("a non-trivial gradient").isNotZero();
    }

    @Test
    void columnSumsGiveTheRowByRowScalarBits() {
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        int n = 9 * lanes + 3; // two blocks of four vectors, one vector alone, a scalar tail
        int lda = n + 5;
        int rows = 70; // more than one panel of 64 rows
        SplittableRandom rng = new SplittableRandom(8);
        double[] a = GradientCheck.random(rng, 7 + rows * lda, 1);
        double[] sums = GradientCheck.random(rng, 2 + n, 1);
        double[] expected = sums.clone();
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < n; j++) {
                expected[2 + j] += a[7 + b * lda + j];
            }
        }
        int tail = VectorGates.addColumnSums(a, 7, rows, n, lda, sums, 2);
        for (int b = 0; b < rows; b++) {
            for (int j = tail; j < n; j++) {
                sums[2 + j] += a[7 + b * lda + j];
            }
        }
        assertThat(tail).isEqualTo(n - n % lanes);
        assertThat(sums).containsExactly(expected);
    }
}
