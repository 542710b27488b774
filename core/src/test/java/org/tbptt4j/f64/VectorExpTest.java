package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/** The vector exp of the LSTM gates: close to Math.exp in both precisions, over the range the gates see. */
class VectorExpTest {

    @Test
    void doubleExpIsAccurateToAFewUlps() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = DoubleVector.SPECIES_PREFERRED.length();
        double[] x = new double[n];
        double[] y = new double[n];
        double worst = 0;
        for (int trial = 0; trial < 20000; trial++) {
            for (int i = 0; i < n; i++) {
                x[i] = trial < 10000 ? rng.nextDouble(-40, 40) : rng.nextDouble(-700, 700);
            }
            System.arraycopy(x, 0, y, 0, n);
            VectorExp.expInPlace(y, 0, n, 1);
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(y[i] - Math.exp(x[i])) / Math.exp(x[i]));
            }
        }
        assertThat(worst).isLessThan(1e-14);
    }

    @Test
    void floatExpIsAccurateToAFewUlps() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[n];
        float[] y = new float[n];
        double worst = 0;
        for (int trial = 0; trial < 20000; trial++) {
            for (int i = 0; i < n; i++) {
                x[i] = (float) rng.nextDouble(-80, 80);
            }
            org.tbptt4j.f32.VectorExpAccess.exp(x, y);
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(y[i] - Math.exp(x[i])) / Math.exp(x[i]));
            }
        }
        assertThat(worst).isLessThan(5e-7);
    }
}
