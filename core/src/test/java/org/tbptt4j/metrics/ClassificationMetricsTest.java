package org.tbptt4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every measure against a case worked out by hand. */
class ClassificationMetricsTest {

    private static final float LN2 = (float) Math.log(2);
    private static final float LN3 = (float) Math.log(3);

    @Test
    void threeClassesBySoftmax() {
        ClassificationMetrics.Accumulator a = new ClassificationMetrics.Accumulator(3);
        a.addLogits(new float[] {LN2, 0, 0}, 0, 0);      // p = (1/2, 1/4, 1/4): predicted 0, right; -ln p = ln 2
        a.addLogits(new float[] {0, LN3, 0}, 0, 1);      // p = (1/5, 3/5, 1/5): predicted 1, right; ln(5/3)
        a.addLogits(new float[] {9, 0, 0, LN3}, 1, 1);   // from offset 1: p = (1/5, 1/5, 3/5): predicted 2, wrong; ln 5
        a.addLogits(new float[] {LN2, 0, 0}, 0, 2);      // predicted 0, wrong; ln 4
        ClassificationMetrics m = a.result();
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.classes()).isEqualTo(3);
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 0, 0}, {0, 1, 1}, {1, 0, 0}});
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.logLoss()).isCloseTo((Math.log(2) + Math.log(5.0 / 3) + Math.log(5) + Math.log(4)) / 4, within(1e-6));
        // F1: class 0 = 2/(2+1+0), class 1 = 2/(2+0+1), class 2 = 0/(0+1+1)
        assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 2.0 / 3 + 0) / 3, within(1e-15));
        assertThat(m.rocAuc()).isNaN();   // binary only
    }

    @Test
    void binaryLogitsGiveTheMannWhitneyArea() {
        double[] z = {2, 1, 1, -1, -2, 0.5};
        int[] truth = {1, 0, 1, 0, 1, 0};
        ClassificationMetrics.Accumulator a = new ClassificationMetrics.Accumulator(2);
        for (int i = 0; i < z.length; i++) {
            a.addLogit(z[i], truth[i]);
        }
        ClassificationMetrics m = a.result();
        // predicted = z > 0: 1 1 1 0 0 1 against 1 0 1 0 1 0
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 2}, {1, 2}});
        assertThat(m.accuracy()).isEqualTo(0.5);
        // F1: class 0 = 2/(2+1+2), class 1 = 4/(4+2+1)
        assertThat(m.macroF1()).isCloseTo((0.4 + 4.0 / 7) / 2, within(1e-15));
        // positives score 2, 1, -2; negatives 1, -1, 0.5: the (pos, neg) pairs won are 3 + (0.5 + 2) + 0 of 9
        assertThat(m.rocAuc()).isCloseTo(5.5 / 9, within(1e-15));
        // -ln s for class 1 = ln(1 + e^-z), -ln(1 - s) for class 0 = ln(1 + e^z)
        double nll = Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(1)) + Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-1))
                + Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(0.5));
        assertThat(m.logLoss()).isCloseTo(nll / 6, within(1e-15));
    }

    @Test
    void twoSoftmaxLogitsAreOneBinaryLogitOfTheirDifference() {
        double[] z = {0.3, -1.2, 2.5, 0.3, -0.4};
        int[] truth = {1, 0, 1, 0, 0};
        ClassificationMetrics.Accumulator soft = new ClassificationMetrics.Accumulator(2);
        ClassificationMetrics.Accumulator binary = new ClassificationMetrics.Accumulator(2);
        for (int i = 0; i < z.length; i++) {
            soft.addLogits(new float[] {0.5f, 0.5f + (float) z[i]}, 0, truth[i]);
            binary.addLogit((float) z[i], truth[i]);
        }
        ClassificationMetrics a = soft.result();
        ClassificationMetrics b = binary.result();
        assertThat(a.confusion()).isDeepEqualTo(b.confusion());
        assertThat(a.logLoss()).isCloseTo(b.logLoss(), within(1e-6));
        // the tie at 0.3 (one positive, one negative) counts one half: (2 + 0.5 + 3) / 6
        assertThat(a.rocAuc()).isEqualTo(b.rocAuc()).isCloseTo(5.5 / 6, within(1e-15));
    }

    @Test
    void confidentMistakesCostTheirLogitNotInfinity() {
        ClassificationMetrics.Accumulator a = new ClassificationMetrics.Accumulator(2);
        a.addLogit(100, 0);   // s rounds to 1: -ln(1 - s) would be infinite; from the logit it is 100 + ln(1 + e^-100)
        a.addLogits(new float[] {0, 80}, 0, 0);
        assertThat(a.result().logLoss()).isCloseTo((100 + 80) / 2.0, within(1e-12));
    }

    @Test
    void softTargetsCountAsTheNearerClass() {
        ClassificationMetrics.Accumulator a = new ClassificationMetrics.Accumulator(2);
        a.addLogit(0, 0.3);   // -0.3 ln 1/2 - 0.7 ln 1/2 = ln 2; class 0, predicted 0 (s = 1/2 is not above 1/2)
        a.addLogit(0, 0.5);   // class 1, predicted 0
        ClassificationMetrics m = a.result();
        assertThat(m.logLoss()).isCloseTo(Math.log(2), within(1e-15));
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 0}, {1, 0}});
    }

    @Test
    void whatCannotBeMeasuredIsNaN() {
        ClassificationMetrics none = new ClassificationMetrics.Accumulator(2).result();
        assertThat(none.count()).isZero();
        assertThat(none.accuracy()).isNaN();
        assertThat(none.logLoss()).isNaN();
        assertThat(none.rocAuc()).isNaN();
        ClassificationMetrics.Accumulator oneClass = new ClassificationMetrics.Accumulator(2);
        oneClass.addLogit(1, 1);
        oneClass.addLogit(-1, 1);
        assertThat(oneClass.result().rocAuc()).isNaN();            // no negatives: no pairs to rank
        // class 0 is predicted once, never true: F1 0; class 1: 2/(2+0+1)
        assertThat(oneClass.result().macroF1()).isCloseTo((0 + 2.0 / 3) / 2, within(1e-15));
        ClassificationMetrics.Accumulator threeClasses = new ClassificationMetrics.Accumulator(3);
        threeClasses.addLogits(new float[] {0, 1, 0}, 0, 1);
        assertThat(threeClasses.result().macroF1()).isEqualTo(1.0);   // classes 0 and 2 never occur: left out
    }

    @Test
    void refusesWhatIsNotAClass() {
        ClassificationMetrics.Accumulator a = new ClassificationMetrics.Accumulator(3);
        assertThatThrownBy(() -> a.addLogits(new float[3], 0, 3)).hasMessageContaining("class id 3");
        assertThatThrownBy(() -> a.addLogit(0, 1)).hasMessageContaining("2-class");
        assertThatThrownBy(() -> new ClassificationMetrics.Accumulator(2).addLogit(0, 2)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new ClassificationMetrics.Accumulator(1)).hasMessageContaining("at least 2");
    }

    @Test
    void probabilitiesFromLogits() {
        assertThat(org.tbptt4j.model.Softmax.probabilities(new float[] {9, LN2, 0, 0}, 1, 3)).containsExactly(new double[] {0.5, 0.25, 0.25}, within(1e-7));
        assertThat(ClassificationMetrics.sigmoid(0)).isEqualTo(0.5);
        assertThat(ClassificationMetrics.sigmoid(-800)).isEqualTo(0.0);   // no overflow on either side
        assertThat(ClassificationMetrics.sigmoid(800)).isEqualTo(1.0);
        assertThat(ClassificationMetrics.sigmoid(Math.log(3))).isCloseTo(0.75, within(1e-15));
        assertThat(ClassificationMetrics.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
    }
}
