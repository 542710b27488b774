package org.tbptt4j.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The horizon's fit, bias and suggestions on norms whose answer is known by construction. */
class HorizonTest {

    /** n samples of phi_k = scale(k) times a per-sample factor in [0.5, 1.5). */
    private static double[][] norms(int n, int maxLag, java.util.function.IntToDoubleFunction phi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[n][maxLag + 1];
        for (int s = 0; s < n; s++) {
            double f = rng.nextDouble(0.5, 1.5);
            for (int k = 0; k <= maxLag; k++) {
                out[s][k] = phi.applyAsDouble(k) * f;
            }
        }
        return out;
    }

    @Test
    void geometricDecayGivesItsBetaAndTheSmallestWindowUnderEachTolerance() {
        double beta = 0.8;
        Horizon.Analysis a = Horizon.analyse(norms(40, 60, k -> Math.pow(beta, k), 1), 0.1, 0.01);
        assertThat(a.fit().beta()).isCloseTo(beta, within(1e-12));
        assertThat(a.fit().r2()).isCloseTo(1, within(1e-12));
        assertThat(a.fit().betaLow()).isLessThanOrEqualTo(beta);
        assertThat(a.fit().betaHigh()).isGreaterThanOrEqualTo(beta);
        // bias(K) = beta^K exactly for a geometric series summed to infinity
        assertThat(a.bias()[7]).isCloseTo(Math.pow(beta, 7), within(1e-9));
        assertThat(a.suggestion(0.1).k2()).isEqualTo((int) Math.ceil(Math.log(0.1) / Math.log(beta)));   // 11
        assertThat(a.suggestion(0.01).k2()).isEqualTo((int) Math.ceil(Math.log(0.01) / Math.log(beta))); // 21
        assertThat(a.suggestions()).noneMatch(Horizon.Choice::extrapolated);
        assertThat(a.warnings()).isEmpty();
        assertThat(a.noLongMemory()).isFalse();
        assertThat(a.samples()).isEqualTo(40);
        assertThat(a.lowerQuartile()[3]).isLessThan(a.median()[3]);
        assertThat(a.median()[3]).isLessThan(a.upperQuartile()[3]);
        assertThat(a.stdError()[3]).isPositive();
    }

    @Test
    void aPlateauThenADropIsFittedFromTheDrop() {
        // the copy task's shape: lags 0..10 all carry the loss, then the gradient falls by half a step
        Horizon.Analysis a = Horizon.analyse(norms(30, 40, k -> k <= 10 ? 1 : Math.pow(0.5, k - 10), 2), 0.1);
        assertThat(a.fit().from()).isGreaterThanOrEqualTo(10);
        assertThat(a.fit().beta()).isCloseTo(0.5, within(1e-9));
        assertThat(a.suggestion(0.1).k2()).isEqualTo(11);
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void aTailBeyondTheMaxLagIsExtrapolatedAndSaidSo() {
        Horizon.Analysis a = Horizon.analyse(norms(10, 20, k -> Math.pow(0.95, k), 3), 0.01);
        int expected = (int) Math.ceil(Math.log(0.01) / Math.log(0.95)); // 90
        assertThat(a.suggestion(0.01).k2()).isEqualTo(expected);
        assertThat(a.suggestion(0.01).extrapolated()).isTrue();
        assertThat(a.warnings()).anyMatch(w -> w.contains("lies past the max lag 20"))
                .anyMatch(w -> w.contains("still") && w.contains("larger max lag"));
    }

    @Test
    void aGradientThatDoesNotDecayGivesNoSuggestion() {
        Horizon.Analysis a = Horizon.analyse(norms(10, 30, k -> Math.pow(1.02, k), 4), 0.1);
        assertThat(a.suggestion(0.1).k2()).isZero();
        assertThat(a.tail()).isInfinite();
        assertThat(a.warnings()).containsExactly("the gradient does not decay within the max lag 30 (it never falls to "
                + "half its peak at lag 30): the loss reaches further back and no k2 is reliable; measure with a larger max lag");
        assertThat(a.noLongMemory()).isFalse();
    }

    @Test
    void aGradientThatGrowsAgainAfterItsDecayHasNoTail() {
        Horizon.Analysis a = Horizon.analyse(norms(10, 30, k -> k < 5 ? Math.pow(0.5, k) : 0.03 * Math.pow(1.05, k), 4), 0.1);
        assertThat(a.fit().beta()).isGreaterThan(1);
        assertThat(a.suggestion(0.1).k2()).isZero();
        assertThat(a.warnings()).anyMatch(w -> w.startsWith("the gradient does not decay (beta = 1.0"));
    }

    @Test
    void noisyNonGeometricTailIsFlagged() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] level = new double[41];
        for (int k = 0; k <= 40; k++) {
            level[k] = Math.exp(rng.nextDouble(-3, 0)) * Math.pow(0.97, k);
        }
        Horizon.Analysis a = Horizon.analyse(norms(10, 40, k -> level[k], 5), 0.1);
        assertThat(a.fit().geometric()).isFalse();
        assertThat(a.warnings()).anyMatch(w -> w.startsWith("the decay is not geometric"));
    }

    @Test
    void aFastDecayHasNoLongMemory() {
        Horizon.Analysis a = Horizon.analyse(norms(20, 30, k -> Math.pow(0.2, k), 6), 0.1, 0.01);
        assertThat(a.noLongMemory()).isTrue();
        assertThat(a.suggestion(0.1).k2()).isEqualTo(2);
        assertThat(a.suggestion(0.01).k2()).isEqualTo(3);
    }

    @Test
    void aMaxLagTooShortToSeeTheDecayIsSaid() {
        Horizon.Analysis a = Horizon.analyse(norms(5, 4, k -> Math.pow(0.3, k), 7), 0.1);
        assertThat(a.fit()).isNull();
        assertThat(a.suggestion(0.1).k2()).isZero();
        assertThat(a.warnings()).anyMatch(w -> w.startsWith("the max lag 4 is too short to see the decay"));
    }

    @Test
    void gradientsCutByResetsLeaveNoTail() {
        Horizon.Analysis a = Horizon.analyse(norms(5, 12, k -> k < 3 ? 1 : 0, 8), 0.1);
        assertThat(a.tail()).isZero();
        assertThat(a.suggestion(0.1).k2()).isEqualTo(3);
        assertThat(a.noLongMemory()).isTrue();
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        double[][] ok = norms(2, 5, k -> 1, 1);
        assertThatThrownBy(() -> Horizon.analyse(ok, 1.5)).hasMessage("a tolerance is a relative bias in (0, 1), got 1.5");
        assertThatThrownBy(() -> Horizon.analyse(new double[0][], 0.1)).hasMessageContaining("no samples");
        assertThatThrownBy(() -> Horizon.analyse(new double[][] {{1, Double.NaN}}, 0.1))
                .hasMessageContaining("lag 1 is NaN");
        assertThatThrownBy(() -> Horizon.analyse(new double[][] {{0, 0}}, 0.1)).hasMessageContaining("every gradient norm is 0");
    }
}
