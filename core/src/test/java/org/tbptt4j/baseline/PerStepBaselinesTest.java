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
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Task;

class PerStepBaselinesTest {

    @TempDir
    Path dir;

    /** Columns x, y with y(t) = 2 x(t - lag) + 1 (y = 1 before step lag), x Gaussian; one series split 70/15/15 in time. */
    private Preparation lagged(int lag, int steps, Scaler.Kind scale) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[steps];
        StringBuilder b = new StringBuilder("x,y\n");
        for (int t = 0; t < steps; t++) {
            x[t] = r.nextGaussian();
            b.append(String.format(Locale.ROOT, "%.17g,%.17g%n", x[t], t >= lag ? 2 * x[t - lag] + 1 : 1.0));
        }
        Path f = Files.writeString(dir.resolve("lagged.csv"), b);
        return Preparation.prepare(new DataSpec(f, DataSpec.Format.CSV, CsvOptions.defaults(), List.of("x"), List.of("y"),
                DataSpec.TaskKind.PER_STEP, 1, scale, 0.7, 0.15, 1));
    }

    private static Baseline<ForecastScore> named(List<Baseline<ForecastScore>> all, String prefix) {
        return all.stream().filter(b -> b.name().startsWith(prefix)).findFirst().orElseThrow(
                () -> new AssertionError("no baseline " + prefix + " in " + all));
    }

    @Test
    void theLaggedRegressionFindsTheLagAndCarriesTheSeriesAcrossTheParts() throws IOException {
        Preparation prep = lagged(3, 2000, Scaler.Kind.STANDARD);
        assertThat(prep.task()).isInstanceOf(Task.PerStep.class);
        List<Baseline<ForecastScore>> all = PerStepBaselines.evaluate(prep);
        Baseline<ForecastScore> mean = named(all, "training mean");
        Baseline<ForecastScore> lagged = named(all, "linear regression on x(t-");
        // y = 2 x(t-3) + 1 needs the inputs' last 4 steps: the first window tried that holds lag 3 is 4, and it is exact
        // on every scored step, the first validation and test steps included (their lags lie in the part before)
        assertThat(lagged.name()).isEqualTo("linear regression on x(t-3..t)");
        assertThat(lagged.rule()).contains("shortest within 1% of the best validation MSE");
        assertThat(lagged.validation().count()).isEqualTo(prep.validation().get(0).length());
        assertThat(lagged.validation().rmse()[0]).isLessThan(1e-6);
        assertThat(lagged.test().rmse()[0]).isLessThan(1e-6);
        // the mean is as far off as y's spread (2 x standard deviation 1) in the data's units
        assertThat(mean.test().rmse()[0]).isCloseTo(2.0, within(0.25));
        double s = prep.scaler().scale()[1];
        assertThat(mean.validation().mse()).isCloseTo(Math.pow(mean.validation().rmse()[0] / s, 2), within(1e-9));
    }

    @Test
    void theOwnStepRegressionCannotSeeALaggedInputButTheMeanIsNoWorse() throws IOException {
        // y(t) = 2 x(t-1) + 1 with too few training rows for a window of 2 (20 per coefficient): only x(t) is tried,
        // which says nothing about x(t-1), so it is as good as the mean and no better
        Preparation prep = lagged(1, 80, Scaler.Kind.STANDARD);
        List<Baseline<ForecastScore>> all = PerStepBaselines.evaluate(prep);
        Baseline<ForecastScore> lagged = named(all, "linear regression on x(t-0..t)");
        assertThat(lagged.rule()).contains("among 1");
        assertThat(lagged.test().rmse()[0]).isGreaterThan(1.0);
    }

    @Test
    void theMaseScaleIsTheMeanTrainingStepChange() throws IOException {
        Preparation prep = lagged(0, 200, Scaler.Kind.STANDARD);
        double[] scale = PerStepBaselines.trainingNaiveMae(prep);
        // y = 2 x + 1 with x i.i.d. standard normal: E|y(t) - y(t-1)| = 2 * E|N(0, 2)| = 2 * 2 / sqrt(pi)
        assertThat(scale[0]).isCloseTo(4 / Math.sqrt(Math.PI), within(0.35));
    }

    @Test
    void otherTasksAreRefused() throws IOException {
        StringBuilder b = new StringBuilder("x\n");
        for (int t = 0; t < 100; t++) {
            b.append(t % 7).append('\n');
        }
        Path f = Files.writeString(dir.resolve("series.csv"), b);
        Preparation forecast = Preparation.prepare(DataSpec.of(f));
        assertThatThrownBy(() -> PerStepBaselines.evaluate(forecast)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric per-step targets");
    }
}
