package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tbptt4j.model.LossType;

/** Every loss: gradient against finite differences under a mask, hand values, and normalisers. */
class LossTest {

    private static final int B = 4;
    private static final int O = 3;

    /** Targets for the loss type: class ids for cross-entropy, values in [0, 1] for BCE, else real values. */
    private static double[] targets(LossType type, SplittableRandom rng) {
        int tw = type.targetWidth(O);
        double[] y = new double[B * tw];
        for (int i = 0; i < y.length; i++) {
            y[i] = switch (type) {
                case CROSS_ENTROPY -> rng.nextInt(O);
                case BCE_WITH_LOGITS -> rng.nextDouble();
                default -> rng.nextDouble(-1, 1);
            };
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void gradientMatchesFiniteDifferencesUnderMask(LossType type) {
        SplittableRandom rng = new SplittableRandom(42 + type.ordinal());
        Loss loss = Loss.of(type);
        assertThat(loss.type).isEqualTo(type);
        int pOff = 2;
        int tOff = 1;
        int mOff = 3;
        int dOff = 5;
        double[] pred = new double[pOff + B * O];
        for (int i = pOff; i < pred.length; i++) {
            pred[i] = rng.nextDouble(-2, 2);
        }
        double[] y0 = targets(type, rng);
        double[] y = new double[tOff + y0.length];
        System.arraycopy(y0, 0, y, tOff, y0.length);
        if (type == LossType.MAE) {
            // keep |pred - y| away from the kink at 0, where the finite difference is meaningless
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < O; j++) {
                    int pi = pOff + b * O + j;
                    int yi = tOff + b * O + j;
                    if (Math.abs(pred[pi] - y[yi]) < 0.1) {
                        pred[pi] = y[yi] + 0.5;
                    }
                }
            }
        }
        boolean[] mask = new boolean[mOff + B];
        boolean[] rows = {true, false, true, false};
        System.arraycopy(rows, 0, mask, mOff, B);
        double scale = 0.7;

        double[] d = new double[dOff + B * O];
        d[0] = 11; // outside dPred's window: untouched
        double sum = loss.accumulate(B, O, pred, pOff, y, tOff, mask, mOff, scale, d, dOff);

        // the loss of the masked rows is zero: changing their predictions changes nothing
        double[] predOtherMasked = pred.clone();
        for (int b = 0; b < B; b++) {
            if (!rows[b]) {
                for (int j = 0; j < O; j++) {
                    predOtherMasked[pOff + b * O + j] += 3.0;
                }
            }
        }
        double[] sink = new double[d.length];
        assertThat(loss.accumulate(B, O, predOtherMasked, pOff, y, tOff, mask, mOff, scale, sink, dOff))
                .as("masked rows contribute no loss").isEqualTo(sum);
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < O; j++) {
                if (!rows[b]) {
                    assertThat(d[dOff + b * O + j]).as("masked row %d gradient", b).isEqualTo(0.0);
                }
            }
        }
        assertThat(d[0]).isEqualTo(11.0);
        assertThat(sum).isPositive();

        // scale * d(sum)/d(pred) against central differences
        double[] analytic = new double[B * O];
        double[] values = new double[B * O];
        for (int i = 0; i < B * O; i++) {
            analytic[i] = d[dOff + i] / scale;
            values[i] = pred[pOff + i];
        }
        GradientCheck.check(type + " dPred", analytic, values, () -> {
            System.arraycopy(values, 0, pred, pOff, B * O);
            return loss.accumulate(B, O, pred, pOff, y, tOff, mask, mOff, 1.0, new double[d.length], dOff);
        });
        // the masked rows' analytic gradient is zero, and so is the numeric one
        for (int b = 0; b < B; b++) {
            if (!rows[b]) {
                for (int j = 0; j < O; j++) {
                    assertThat(analytic[b * O + j]).isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void accumulateAddsToDPred(LossType type) {
        SplittableRandom rng = new SplittableRandom(9);
        double[] pred = GradientCheck.random(rng, B * O, 1.5);
        double[] y = targets(type, rng);
        boolean[] mask = {true, true, false, true};
        Loss loss = Loss.of(type);
        double[] fresh = new double[B * O];
        loss.accumulate(B, O, pred, 0, y, 0, mask, 0, 1.0, fresh, 0);
        double[] pre = GradientCheck.random(rng, B * O, 1.0);
        double[] acc = pre.clone();
        loss.accumulate(B, O, pred, 0, y, 0, mask, 0, 1.0, acc, 0);
        for (int i = 0; i < acc.length; i++) {
            assertThat(acc[i]).isCloseTo(pre[i] + fresh[i], within(1e-15));
        }
    }

    @Test
    void mseHandValue() {
        double[] d = new double[2];
        double s = Loss.of(LossType.MSE).accumulate(1, 2, new double[] {1, 2}, 0, new double[] {0, 0}, 0,
                new boolean[] {true}, 0, 1.0, d, 0);
        assertThat(s).isEqualTo(5.0);
        // d/dp (p - y)^2 = 2 (p - y)
        assertThat(d).containsExactly(2.0, 4.0);
    }

    @Test
    void crossEntropyOfEqualLogitsIsLogO() {
        for (int o : new int[] {2, 3, 7}) {
            double[] pred = new double[o];
            java.util.Arrays.fill(pred, 0.37);
            double[] d = new double[o];
            double s = Loss.of(LossType.CROSS_ENTROPY).accumulate(1, o, pred, 0, new double[] {o - 1}, 0,
                    new boolean[] {true}, 0, 1.0, d, 0);
            assertThat(s).as("O=%d", o).isCloseTo(Math.log(o), within(1e-14));
            // softmax - onehot: 1/O everywhere, 1/O - 1 at the class
            for (int j = 0; j < o; j++) {
                assertThat(d[j]).isCloseTo(j == o - 1 ? 1.0 / o - 1 : 1.0 / o, within(1e-15));
            }
        }
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        double[] d = new double[2];
        double s = Loss.of(LossType.CROSS_ENTROPY).accumulate(1, 2, new double[] {1000, 0}, 0, new double[] {1}, 0,
                new boolean[] {true}, 0, 1.0, d, 0);
        assertThat(s).isCloseTo(1000.0, within(1e-9));
        assertThat(d).containsExactly(new double[] {1.0, -1.0}, within(1e-12));
    }

    @Test
    void bceWithLogitsAtZeroIsLog2PerElement() {
        double[] d = new double[3];
        double s = Loss.of(LossType.BCE_WITH_LOGITS).accumulate(1, 3, new double[] {0, 0, 0}, 0,
                new double[] {0, 1, 0.25}, 0, new boolean[] {true}, 0, 1.0, d, 0);
        assertThat(s).isCloseTo(3 * Math.log(2), within(1e-15));
        // sigmoid(0) - t
        assertThat(d).containsExactly(new double[] {0.5, -0.5, 0.25}, within(1e-15));
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        double[] d = new double[2];
        // x = 800, t = 0: loss = 800; x = -800, t = 1: loss = 800
        double s = Loss.of(LossType.BCE_WITH_LOGITS).accumulate(1, 2, new double[] {800, -800}, 0,
                new double[] {0, 1}, 0, new boolean[] {true}, 0, 1.0, d, 0);
        assertThat(s).isCloseTo(1600.0, within(1e-9));
        assertThat(d).containsExactly(new double[] {1.0, -1.0}, within(1e-12));
    }

    @Test
    void maeIsSumOfAbsoluteErrors() {
        double[] d = new double[6];
        double s = Loss.of(LossType.MAE).accumulate(2, 3, new double[] {1, -2, 0.5, 3, 3, 3}, 0,
                new double[] {0, 1, 0.5, 4, 0, 3.5}, 0, new boolean[] {true, true}, 0, 1.0, d, 0);
        // |1| + |-3| + 0 + |-1| + |3| + |-0.5|
        assertThat(s).isCloseTo(8.5, within(1e-15));
        assertThat(d).containsExactly(1.0, -1.0, 0.0, -1.0, 1.0, -1.0);
    }

    @Test
    void crossEntropyClassIdOutOfRangeThrowsNamingTheId() {
        Loss ce = Loss.of(LossType.CROSS_ENTROPY);
        assertThatThrownBy(() -> ce.accumulate(1, 3, new double[] {0, 0, 0}, 0, new double[] {5}, 0,
                new boolean[] {true}, 0, 1.0, new double[3], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5");
        assertThatThrownBy(() -> ce.accumulate(1, 3, new double[] {0, 0, 0}, 0, new double[] {-1}, 0,
                new boolean[] {true}, 0, 1.0, new double[3], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> ce.accumulate(1, 3, new double[] {0, 0, 0}, 0, new double[] {1.5}, 0,
                new boolean[] {true}, 0, 1.0, new double[3], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> ce.accumulate(1, 3, new double[] {0, 0, 0}, 0, new double[] {3}, 0,
                new boolean[] {true}, 0, 1.0, new double[3], 0))
                .as("O itself is out of range")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
    }

    @Test
    void maskedRowWithBadClassIdIsNotRead() {
        double s = Loss.of(LossType.CROSS_ENTROPY).accumulate(2, 2, new double[] {0, 0, 0, 0}, 0,
                new double[] {1, 99}, 0, new boolean[] {true, false}, 0, 1.0, new double[4], 0);
        assertThat(s).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void normaliserAndTargetWidth() {
        assertThat(LossType.MSE.normaliser(6, 4)).isEqualTo(24.0);
        assertThat(LossType.MAE.normaliser(6, 4)).isEqualTo(24.0);
        assertThat(LossType.BCE_WITH_LOGITS.normaliser(6, 4)).isEqualTo(24.0);
        assertThat(LossType.CROSS_ENTROPY.normaliser(6, 4)).isEqualTo(6.0);
        // no int overflow for a long count
        assertThat(LossType.MSE.normaliser(3_000_000_000L, 10)).isEqualTo(3e10);
        assertThat(LossType.CROSS_ENTROPY.targetWidth(5)).isEqualTo(1);
        assertThat(LossType.MSE.targetWidth(5)).isEqualTo(5);
    }

    @Test
    void parseAcceptsIdsAndRejectsOthers() {
        for (LossType t : LossType.values()) {
            assertThat(LossType.parse(" " + t.id.toUpperCase(java.util.Locale.ROOT) + " ")).isEqualTo(t);
        }
        assertThatThrownBy(() -> LossType.parse("hinge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hinge");
    }
}
