package org.tbptt4j.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.metrics.ClassificationMetrics;

class ClassificationBaselinesTest {

    private static final Path VOWELS = Path.of("../data/japanese-vowels/JapaneseVowels_TRAIN.ts");

    @Test
    void majorityClassScoresTheShareOfTheMostFrequentTrainingClass() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(VOWELS));
        Baseline<ClassificationMetrics> majority = ClassificationBaselines.evaluate(prep).get(0);
        assertThat(majority.name()).isEqualTo("majority class");
        int k = prep.classes().size();
        int[] trainCounts = counts(prep.train(), k);
        int top = 0;
        for (int c = 0; c < k; c++) {
            top = trainCounts[c] > trainCounts[top] ? c : top;
        }
        int[] validationCounts = counts(prep.validation(), k);
        assertThat(majority.validation().count()).isEqualTo(prep.validation().size());
        assertThat(majority.validation().accuracy()).isCloseTo((double) validationCounts[top] / prep.validation().size(), within(1e-12));
        // its probabilities are the add-one smoothed training frequencies: log loss = -mean ln p(true class)
        // (within float rounding of the logits ln p)
        double logLoss = 0;
        for (int c = 0; c < k; c++) {
            logLoss -= validationCounts[c] * Math.log((trainCounts[c] + 1.0) / (prep.train().size() + k));
        }
        assertThat(majority.validation().logLoss()).isCloseTo(logLoss / prep.validation().size(), within(1e-6));
    }

    @Test
    void logisticRegressionOnSummariesFarBeatsTheMajorityOnTheVowels() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(VOWELS));
        List<Baseline<ClassificationMetrics>> all = ClassificationBaselines.evaluate(prep);
        Baseline<ClassificationMetrics> logistic = all.get(1);
        assertThat(logistic.rule()).contains("chosen by validation log loss");
        assertThat(logistic.validation().accuracy()).isGreaterThan(0.85);
        assertThat(logistic.test().accuracy()).isGreaterThan(0.85);
        assertThat(logistic.validation().logLoss()).isLessThan(all.get(0).validation().logLoss() / 3);
    }

    @Test
    void forecastingDataHasNoClassificationBaselines() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/mackey-glass-t17/MackeyGlass_t17.txt")));
        assertThatThrownBy(() -> ClassificationBaselines.evaluate(prep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence-classification task");
    }

    private static int[] counts(List<Sequence> sequences, int k) {
        int[] n = new int[k];
        for (Sequence q : sequences) {
            n[(int) q.y()[(q.length() - 1) * q.targetWidth()]]++;
        }
        return n;
    }
}
