package org.tbptt4j.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /**
     * Per-step classes: a sample is a scored step; the class is mostly the sign of the step's own
     * feature, so the logistic regression on the step's inputs far beats the majority class.
     */
    @Test
    void perStepClassesAreScoredOnEveryScoredStepAndTheLogisticRegressionReadsTheStepsInputs(@TempDir Path dir)
            throws IOException {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        StringBuilder b = new StringBuilder("f,state\n");
        for (int t = 0; t < 3000; t++) {
            double f = rng.nextDouble() * 2 - 1;
            b.append(f).append(',').append((f > 0) == (rng.nextDouble() < 0.9) ? "up" : "down").append('\n');
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("steps.csv"), b.toString());
        Preparation prep = Preparation.prepare(new DataSpec(file, DataSpec.Format.CSV, org.tbptt4j.data.CsvOptions.defaults(),
                List.of("f"), List.of("state"), DataSpec.TaskKind.PER_STEP, 1, org.tbptt4j.data.Scaler.Kind.STANDARD, 0.7, 0.15, 1));
        assertThat(prep.task()).isInstanceOf(org.tbptt4j.data.Task.PerStepClasses.class);
        List<Baseline<ClassificationMetrics>> all = ClassificationBaselines.evaluate(prep);
        assertThat(all).extracting(Baseline::name).containsExactly("majority class", "logistic regression");
        long steps = prep.validation().get(0).length();
        assertThat(all).allMatch(x -> x.validation().count() == steps && x.test().count() == prep.test().get(0).length());
        assertThat(all.get(0).validation().logLoss()).isCloseTo(Math.log(2), within(0.02));    // two balanced classes
        assertThat(all.get(1).rule()).contains("the step's own input values");
        assertThat(all.get(1).test().accuracy()).isCloseTo(0.9, within(0.04));                  // the noise's ceiling
        assertThat(all.get(1).validation().logLoss()).isLessThan(0.5);
    }

    @Test
    void forecastingDataHasNoClassificationBaselines() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/mackey-glass-t17/MackeyGlass_t17.txt")));
        assertThatThrownBy(() -> ClassificationBaselines.evaluate(prep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence-classification or per-step-classes task");
    }

    private static int[] counts(List<Sequence> sequences, int k) {
        int[] n = new int[k];
        for (Sequence q : sequences) {
            n[(int) q.y()[(q.length() - 1) * q.targetWidth()]]++;
        }
        return n;
    }
}
