package org.tbptt4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static final float LN3 = (float) Math.log(3);

    @Test
    void probabilitiesAreTheNormalisedExponentialsOfTheSlice() {
        // logits (ln 3, 0, 0) at offset 1: p = (3, 1, 1) / 5; a huge logit does not overflow
        assertThat(Softmax.probabilities(new float[] {7, LN3, 0, 0}, 1, 3)).containsExactly(new double[] {0.6, 0.2, 0.2}, within(1e-7));
        assertThat(Softmax.probabilities(new float[] {1000, 1000}, 0, 2)).containsExactly(0.5, 0.5);
    }

    @Test
    void drawsFollowTheTemperedDistributionAndTheSeed() {
        float[] z = {LN3, 0, 0};   // T = 1: (0.6, 0.2, 0.2); T = 0.5: (9, 1, 1) / 11
        int n = 20000;
        int[] t1 = new int[3];
        int[] tHalf = new int[3];
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            t1[Softmax.sample(z, 0, 3, 1, a)]++;
            tHalf[Softmax.sample(z, 0, 3, 0.5, b)]++;
        }
        // binomial standard deviation at n = 20000 is below 0.0035: 0.015 is over four of them
        assertThat(t1[0] / (double) n).isCloseTo(0.6, within(0.015));
        assertThat(t1[1] / (double) n).isCloseTo(0.2, within(0.015));
        assertThat(tHalf[0] / (double) n).isCloseTo(9 / 11.0, within(0.015));
        SplittableRandom c = new SplittableRandom(11);
        SplittableRandom d = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            assertThat(Softmax.sample(z, 0, 3, 0.8, c)).isEqualTo(Softmax.sample(z, 0, 3, 0.8, d));
        }
    }

    @Test
    void aTemperatureThatIsNotPositiveAndFiniteIsRefused() {
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Softmax.sample(new float[] {0, 0}, 0, 2, t, new SplittableRandom(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("temperature = " + t);
        }
    }
}
