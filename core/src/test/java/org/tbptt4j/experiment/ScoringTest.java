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

    /**
     * One series cut in time: the model is scored on each part after running over the spans before
     * it (its state warmed up, unscored), on exactly the steps the part's own sequence and the
     * baselines score. On a sine the value alone does not say whether the series rises or falls, so
     * the state matters: a fresh state at the part's start scores worse.
     */
    @Test
    void theModelIsWarmedUpOnTheSeriesBeforeThePartAndScoredOnTheBaselinesSteps(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder("level\n");
        for (int t = 0; t < 1200; t++) {
            b.append(50 + 10 * Math.sin(2 * Math.PI * t / 24.0 + 0.5)).append('\n');
        }
        Path f = dir.resolve("sine.csv");
        Files.writeString(f, b.toString());
        Preparation prep = Preparation.prepare(DataSpec.of(f));
        for (int part = 1; part <= 2; part++) {
            org.tbptt4j.data.Sequence own = (part == 1 ? prep.validation() : prep.test()).get(0);
            List<org.tbptt4j.data.Sequence> warmed = Experiment.scored(prep, part);
            assertThat(warmed).hasSize(1);
            org.tbptt4j.data.Sequence w = warmed.get(0);
            int offset = w.length() - own.length();
            assertThat(offset).isEqualTo(part == 1 ? 840 : 1020);          // the training span (and the validation span)
            for (int t = 0; t < w.length(); t++) {                          // scored exactly on the part's own steps
                assertThat(w.loss()[t]).isEqualTo(t >= offset && own.loss()[t - offset]);
                if (t >= offset) {
                    assertThat(w.x()[t]).isEqualTo(own.x()[t - offset]);
                    assertThat(w.y()[t]).isEqualTo(own.y()[t - offset]);
                }
            }
        }
        assertThat(Experiment.warmUp(prep.parts(), 2)).contains("over the 1,020 steps before the test part (the train and "
                + "validation spans)");

        RunConfig c = RunConfig.defaults().withModel(CellType.LSTM, 8, 1).withEpochs(8).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0).withStrategy("naive", 24, 0, 0).withSeed(5);
        Experiment.Outcome trained = Experiment.run(prep, c, null);
        org.tbptt4j.metrics.Metrics warm = org.tbptt4j.metrics.Metrics.measure(trained.net(), trained.loss(), prep.task(),
                prep.scaler(), Experiment.scored(prep, 2), 4, List.of());
        org.tbptt4j.metrics.Metrics fresh = org.tbptt4j.metrics.Metrics.measure(trained.net(), trained.loss(), prep.task(),
                prep.scaler(), prep.test(), 4, List.of());
        assertThat(warm.count()).isEqualTo(fresh.count()).isEqualTo(179);
        assertThat(warm.rmse()).isLessThan(0.8 * fresh.rmse());
        // the grid's validation is warmed up likewise, and the test part the same way, beside baselines on the same steps
        org.tbptt4j.metrics.Metrics val = org.tbptt4j.metrics.Metrics.measure(trained.net(), trained.loss(), prep.task(),
                prep.scaler(), Experiment.scored(prep, 1), 4, List.of());
        assertThat(val.loss()).isCloseTo(trained.validation().loss(), within(1e-9));
        GridSummary.Test test = Scoring.test(prep, c, trained, 0);
        assertThat(test.rows().get(0).rmse()[0]).isCloseTo(warm.rmse(), within(1e-9));
        assertThat(test.rows()).hasSizeGreaterThanOrEqualTo(3).allMatch(r -> r.count() == warm.count());
        assertThat(test.note()).contains("warmed up, unscored, over the 1,020 steps before the test part");
    }

    /** Text: the unigram and bigram beside the model on its cross-entropy, and in the test part in bits per character. */
    @Test
    void aCharacterModelIsComparedWithTheUnigramAndBigramOnTheSameCharacters(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of("../data/tiny-shakespeare/input.txt")).substring(0, 20000);
        Preparation prep = Preparation.prepare(DataSpec.of(Files.writeString(dir.resolve("s.txt"), text), DataSpec.Format.CHARS));
        List<GridSummary.BaselineResult> baselines = Scoring.baselines(prep);
        assertThat(baselines).extracting(GridSummary.BaselineResult::name).containsExactly("unigram", "bigram");
        assertThat(baselines.get(1).metric()).isLessThan(baselines.get(0).metric());

        RunConfig c = RunConfig.defaults().withModel(CellType.LSTM, 16, 1).withEpochs(1).withBatch(8)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, 0).withStrategy("naive", 50, 0, 0).withSeed(3);
        Experiment.Outcome trained = Experiment.run(prep, c, null);
        GridSummary.Test test = Scoring.test(prep, c, trained, 0);
        assertThat(test.rows()).extracting(GridSummary.TestRow::name)
                .containsExactly("recommended: " + GridSearch.label(c), "unigram", "bigram");
        long steps = prep.test().get(0).length();
        for (GridSummary.TestRow r : test.rows()) {
            assertThat(r.count()).isEqualTo(steps);                                       // the same characters
            assertThat(r.bitsPerToken()).isCloseTo(r.logLoss() / Math.log(2), within(1e-12));
            assertThat(r.accuracy()).isNull();
        }
        assertThat(test.note()).contains("warmed up, unscored, over the").contains("perplexity");
    }

    /** Per-step classes: the majority class and the logistic regression on the step's inputs, on the model's scored steps. */
    @Test
    void perStepClassesGetClassificationBaselinesAndTestScores(@TempDir Path dir) throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        StringBuilder b = new StringBuilder("f,state\n");
        for (int t = 0; t < 1500; t++) {
            double f = rng.nextDouble() * 2 - 1;
            b.append(f).append(',').append(f > 0.2 ? "high" : f < -0.2 ? "low" : "mid").append('\n');
        }
        Path file = Files.writeString(dir.resolve("steps.csv"), b.toString());
        Preparation prep = Preparation.prepare(new DataSpec(file, DataSpec.Format.CSV, org.tbptt4j.data.CsvOptions.defaults(),
                List.of("f"), List.of("state"), DataSpec.TaskKind.PER_STEP, 1, org.tbptt4j.data.Scaler.Kind.STANDARD, 0.7, 0.15, 1));
        List<GridSummary.BaselineResult> baselines = Scoring.baselines(prep);
        assertThat(baselines).extracting(GridSummary.BaselineResult::name).containsExactly("majority class", "logistic regression");
        RunConfig c = RunConfig.defaults().withModel(CellType.LSTM, 8, 1).withEpochs(3).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0).withStrategy("naive", 25, 0, 0).withSeed(3);
        GridSummary.Test test = Scoring.test(prep, c, Experiment.run(prep, c, null), 0);
        assertThat(test.columns()).containsExactly("state");
        assertThat(test.rows()).hasSize(3).allMatch(r -> r.count() == prep.test().get(0).length() && r.macroF1() != null);
        assertThat(test.rows().get(2).accuracy()).isGreaterThan(0.9);                    // the class is the step's own feature's
    }
}
