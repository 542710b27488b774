package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;

/** The baselines beside a grid's configurations, the verdict, and the test part scored once in the data's units. */
class ScoringTest {

    /** NOISE: the innovation's standard deviation in the data's units, the best any forecaster can do. */
    private static final double NOISE = 2.0;

    /** level_t = 100 + 0.6 (level_{t-1} - 100) + 0.3 (level_{t-2} - 100) + NOISE e_t: a linear AR(2) process is the truth. */
    static Path ar2(Path dir, int steps) throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder s = new StringBuilder("level\n");
        double a = 0;
        double b = 0;
        for (int t = 0; t < steps; t++) {
            double g = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            double v = 0.6 * a + 0.3 * b + NOISE * g;
            b = a;
            a = v;
            s.append(100 + v).append('\n');
        }
        Path f = dir.resolve("ar2.csv");
        Files.writeString(f, s.toString());
        return f;
    }

    @Test
    void onALinearArProcessTheArBaselineWinsAndTheVerdictSaysSo(@TempDir Path dir) throws Exception {
        Preparation prep = Preparation.prepare(DataSpec.of(ar2(dir, 1500)));
        RunConfig c = RunConfig.defaults().withModel(CellType.LSTM, 4, 1).withEpochs(1).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, 0).withStrategy("naive", 25, 0, 0);
        Grid grid = new Grid(List.of(c), 2, 1);
        GridSearch.Result run = GridSearch.run(prep, grid, dir.resolve("grid"), 1, GridSearch.Budget.none(), null);
        List<GridSummary.BaselineResult> baselines = Scoring.baselines(prep);
        GridSummary s = GridSummary.build(prep, grid, run.trials(), "--data ar2.csv", "").withBaselines(baselines);

        assertThat(baselines).extracting(GridSummary.BaselineResult::name).contains("persistence").anyMatch(n -> n.startsWith("AR("));
        GridSummary.BaselineResult ar = s.baselines().stream().filter(b -> b.name().startsWith("AR(")).findFirst().orElseThrow();
        assertThat(ar.rankAmong()).isEqualTo(1);                                   // above the recurrent configuration
        assertThat(s.verdict().recurrentWins()).isFalse();
        assertThat(s.verdict().baseline()).isEqualTo(ar.name());
        assertThat(s.verdict().text()).startsWith("No recurrent configuration beats the best baseline: " + ar.name());

        // the test part: retrained with repeat 0's seed, which is the grid's first trial bit for bit
        RunConfig best = c.withSeed(grid.seedOf(0));
        Experiment.Outcome trained = Experiment.run(prep, best, null);
        TrialRecord first = run.trials().stream().filter(t -> t.repeat() == 0).findFirst().orElseThrow();
        assertThat(trained.validation().loss()).isEqualTo(first.metric());
        assertThat(s.best().command()).contains("--seed " + grid.seedOf(0));
        GridSummary t = s.withTest(Scoring.test(prep, best, trained, 0)).withBaselines(baselines);
        GridSummary.Test test = t.test();
        assertThat(test.part()).startsWith("the test part: the last 15% of the series");
        assertThat(test.columns()).containsExactly("level");
        assertThat(test.rows().get(0).baseline()).isFalse();
        GridSummary.TestRow arTest = test.rows().stream().filter(r -> r.name().equals(ar.name())).findFirst().orElseThrow();
        // in the data's units: the AR baseline's RMSE is the innovation's standard deviation
        assertThat(arTest.rmse()[0]).isCloseTo(NOISE, within(0.3));
        assertThat(arTest.mase()[0]).isBetween(0.5, 1.0);                          // better than persistence in-sample
        assertThat(test.actual()).hasSize((int) Math.min(Scoring.CHART_STEPS, test.rows().get(0).count()));   // one stream, in time order
        assertThat(java.util.Arrays.stream(test.actual()).min().orElseThrow()).isGreaterThan(80);   // data units, not scaled
        assertThat(java.util.Arrays.stream(test.actual()).max().orElseThrow()).isLessThan(120);
        assertThat(test.predicted()).hasSameSizeAs(test.actual());
        // every model is scored on the same steps
        assertThat(test.rows()).allMatch(r -> r.count() == test.rows().get(0).count());
        // a test scored for another configuration than the recommended one is not kept
        GridSummary.Test other = new GridSummary.Test(test.part(), test.model(), 5, 0, test.columns(), test.rows(), null, null, "");
        assertThat(s.withTest(other).withBaselines(baselines).test()).isNull();
    }

    @Test
    void aClassifierIsComparedOnTheLogLossAndScoredOnTheTestSequences(@TempDir Path dir) throws Exception {
        Preparation prep = Preparation.prepare(DataSpec.of(Path.of("../data/japanese-vowels/JapaneseVowels_TRAIN.ts")));
        List<GridSummary.BaselineResult> baselines = Scoring.baselines(prep);
        assertThat(baselines).extracting(GridSummary.BaselineResult::name).containsExactly("majority class", "logistic regression");
        // the majority class's log loss is its prior's: about ln(9) for nine balanced speakers
        assertThat(baselines.get(0).metric()).isBetween(1.9, 2.4);

        RunConfig c = RunConfig.defaults().withModel(CellType.LSTM, 4, 1).withEpochs(1).withBatch(16)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, 0).withStrategy("as-is", 0, 0, 0).withSeed(7);
        GridSummary.Test test = Scoring.test(prep, c, Experiment.run(prep, c, null), 0);
        assertThat(test.part()).startsWith("the test part: " + prep.test().size() + " whole sequences");
        assertThat(test.rows()).extracting(GridSummary.TestRow::name)
                .containsExactly("recommended: " + GridSearch.label(c), "majority class", "logistic regression");
        for (GridSummary.TestRow r : test.rows()) {
            assertThat(r.count()).isEqualTo(prep.test().size());
            assertThat(r.accuracy()).isBetween(0.0, 1.0);
            assertThat(r.macroF1()).isBetween(0.0, 1.0);
            assertThat(r.logLoss()).isPositive();
            assertThat(r.rmse()).isEmpty();
        }
        assertThat(test.actual()).isEmpty();
    }
}
