package org.tbptt4j.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;

class ForecastBaselinesTest {

    @TempDir
    Path dir;

    /** A one-column CSV "x" holding the values. */
    private Preparation series(double... values) throws IOException {
        StringBuilder b = new StringBuilder("x\n");
        for (double v : values) {
            b.append(String.format(Locale.ROOT, "%.17g%n", v));
        }
        Path f = dir.resolve("series.csv");
        Files.writeString(f, b);
        return Preparation.prepare(DataSpec.of(f));
    }

    private static Baseline<ForecastScore> named(List<Baseline<ForecastScore>> all, String prefix) {
        return all.stream().filter(b -> b.name().startsWith(prefix)).findFirst().orElseThrow(
                () -> new AssertionError("no baseline " + prefix + " in " + all));
    }

    @Test
    void persistenceScoresTheStepChangesInTheDataUnitsAndOnTheScaledTargets() throws IOException {
        // a linear ramp 0, 3, 6, ...: persistence is always 3 behind; the series continues across the parts,
        // so the first validation step is forecast from the last training value as well
        double[] x = new double[100];
        for (int t = 0; t < x.length; t++) {
            x[t] = 3 * t;
        }
        Preparation prep = series(x);
        Baseline<ForecastScore> p = named(ForecastBaselines.evaluate(prep, 0), "persistence");
        double scale = prep.scaler().scale()[0];
        assertThat(p.validation().count()).isEqualTo(prep.validation().get(0).length());
        assertThat(p.validation().rmse()[0]).isCloseTo(3.0, within(1e-9));
        assertThat(p.validation().mae()[0]).isCloseTo(3.0, within(1e-9));
        assertThat(p.test().rmse()[0]).isCloseTo(3.0, within(1e-9));
        assertThat(p.validation().mse()).isCloseTo(9.0 / (scale * scale), within(1e-12));
    }

    @Test
    void autoregressionRecoversANoiselessRecursionThatPersistenceCannot() throws IOException {
        // x(t) = 1.6 x(t-1) - 0.8 x(t-2) + 0.5: a damped oscillation around 2.5 that AR(2) reproduces exactly
        double[] x = new double[400];
        x[0] = 0;
        x[1] = 1;
        for (int t = 2; t < x.length; t++) {
            x[t] = 1.6 * x[t - 1] - 0.8 * x[t - 2] + 0.5 + (t % 7 == 0 ? 0.3 : 0);    // kicks keep it from dying out
        }
        Preparation prep = series(x);
        List<Baseline<ForecastScore>> all = ForecastBaselines.evaluate(prep, 0);
        Baseline<ForecastScore> ar = named(all, "AR(");
        Baseline<ForecastScore> p = named(all, "persistence");
        assertThat(ar.rule()).contains("least squares on the training part").contains("by validation MSE");
        assertThat(ar.validation().mse()).isLessThan(p.validation().mse() / 10);
        assertThat(ar.test().count()).isEqualTo(prep.test().get(0).length());
    }

    @Test
    void seasonalNaiveIsExactOnAPeriodicSeriesAndItsPeriodComesFromTheAcf() throws IOException {
        double[] x = new double[600];
        SplittableRandom r = new SplittableRandom(3);
        double[] season = new double[24];
        for (int i = 0; i < season.length; i++) {
            season[i] = 10 * Math.sin(2 * Math.PI * i / 24) + r.nextDouble();
        }
        for (int t = 0; t < x.length; t++) {
            x[t] = season[t % 24];
        }
        Preparation prep = series(x);
        assertThat(ForecastBaselines.trainingPeriod(prep)).isEqualTo(24);
        Baseline<ForecastScore> s = named(ForecastBaselines.evaluate(prep), "seasonal naive (24)");
        assertThat(s.validation().rmse()[0]).isCloseTo(0.0, within(1e-9));
        assertThat(s.test().rmse()[0]).isCloseTo(0.0, within(1e-9));
        assertThat(named(ForecastBaselines.evaluate(prep), "persistence").validation().rmse()[0]).isGreaterThan(1);
    }

    @Test
    void withoutAValidationPartTheOrderIsChosenByAicAndOnlyTheTestIsScored() throws IOException {
        double[] x = new double[300];
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 1; t < x.length; t++) {
            x[t] = 0.7 * x[t - 1] + r.nextGaussian();
        }
        StringBuilder b = new StringBuilder("x\n");
        for (double v : x) {
            b.append(v).append('\n');
        }
        Path f = dir.resolve("ar1.csv");
        Files.writeString(f, b);
        Preparation prep = Preparation.prepare(DataSpec.of(f).withSplit(0.8, 0));
        Baseline<ForecastScore> ar = named(ForecastBaselines.evaluate(prep, 0), "AR(");
        assertThat(ar.validation()).isNull();
        assertThat(ar.test()).isNotNull();
        assertThat(ar.rule()).contains("by AIC on the training part");
    }

    @Test
    void mackeyGlassAutoregressionBeatsPersistenceByFar() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/mackey-glass-t17/MackeyGlass_t17.txt")));
        List<Baseline<ForecastScore>> all = ForecastBaselines.evaluate(prep);
        Baseline<ForecastScore> ar = named(all, "AR(");
        assertThat(ar.validation().mse()).isLessThan(1e-4);
        assertThat(ar.validation().mse()).isLessThan(named(all, "persistence").validation().mse() / 20);
    }

    @Test
    void onlyForecastingHasTheseBaselines() throws IOException {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/japanese-vowels/JapaneseVowels_TRAIN.ts")));
        assertThatThrownBy(() -> ForecastBaselines.evaluate(prep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forecasting task");
    }
}
