package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.MemoryTasks;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingBudget;
import org.tbptt4j.train.TrainingHistory;

/** Fair grids: equal budgets that are exact, identical trainings run once, Holm ties, racing, and a long dependency found. */
class FairGridTest {

    @Test
    void aBudgetOfUpdatesStopsAfterExactlyThatManyMidEpochAndIsRecorded(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 800, 3));
        RunConfig c = GridSearchTest.small().withStrategy("naive", 20, 0, 0);
        int perEpoch = (int) Experiment.run(prep, c.withEpochs(1), null).history().last().updates();
        long budget = 2L * perEpoch + perEpoch / 2 + 1; // two epochs and part of a third
        RunConfig budgeted = c.withBudget(new TrainingBudget(budget, 0)).withEpochs(RunConfig.UNTIL_BUDGET);
        TrainingHistory h = Experiment.run(prep, budgeted, null).history();
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.BUDGET);
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.epochs().stream().mapToLong(EpochRecord::updates).sum()).isEqualTo(budget);
        assertThat(h.last().validationLoss()).isFinite(); // the partial epoch is validated too

        TrialRecord t = GridSearch.trial(prep, new Grid(List.of(budgeted), 1, 1), 0, 0, "sum");
        assertThat(t.updates()).isEqualTo(budget);
        assertThat(t.stop()).isEqualTo("budget");
        assertThat(t.epochsTrained()).isEqualTo(3);
        assertThat(TrialRecord.fromJson(t.toJson())).isEqualTo(t);
        assertThat(GridSummary.command(budgeted, "--data d.csv")).contains(" --budget " + budget + "u ").doesNotContain("--epochs");
        // a journal line written before updates were recorded still reads, its cost unknown
        String old = t.toJson().replace(",\"updates\":" + budget, "").replaceAll(",\"updates\":\\d+}", "}");
        assertThat(TrialRecord.fromJson(old).updates()).isZero();
    }

    @Test
    void aBudgetOfSecondsStopsOnTime(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 800, 3));
        RunConfig c = GridSearchTest.small().withStrategy("naive", 20, 0, 0).withBudget(TrainingBudget.parse("0.3s"))
                .withEpochs(RunConfig.UNTIL_BUDGET);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.withBudget(TrainingBudget.NONE))
                .hasMessageContaining("needs a budget");
        long start = System.nanoTime();
        TrainingHistory h = Experiment.run(prep, c, null).history();
        assertThat(h.stop()).isEqualTo(TrainingHistory.Stop.BUDGET);
        assertThat((System.nanoTime() - start) / 1e9).isBetween(0.3, 3.0);
    }

    @Test
    void trainingBudgetsReadAndWriteBack() {
        assertThat(TrainingBudget.parse("2000u")).isEqualTo(new TrainingBudget(2000, 0));
        assertThat(TrainingBudget.parse("2m").seconds()).isEqualTo(120);
        assertThat(TrainingBudget.parse("30s").text()).isEqualTo("30s");
        for (String bad : List.of("0u", "u", "-3s", "ten", "5x", "1.5u")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingBudget.parse(bad))
                    .hasMessageContaining("'" + bad + "' is not a training budget");
        }
    }

    @Test
    void configurationsThatTrainIdenticallyAreMergedKeepingEveryName(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 800, 3));
        RunConfig s = GridSearchTest.small();
        // 640 training steps in 4 streams of 160: L = 20 and 40 divide them, so neither pads
        Grid asked = new Grid(List.of(s.withStrategy("naive", 20, 0, 0), s.withStrategy("naive", 20, 10, 40),
                s.withStrategy("naive", 40, 0, 0), s.withStrategy("naive", 40, 10, 40), s.withStrategy("decoupled", 0, 10, 40)), 2, 1);
        Grid merged = GridSearch.mergeIdentical(prep, asked);
        // TBPTT(10, 40) on the same unpadded streams is one training whatever asked for it
        List<String> tbptt1040 = merged.names().stream().filter(n -> n.size() > 1).findFirst().orElseThrow();
        assertThat(tbptt1040).containsExactly("naive L=20 (10,40) lstm H=8", "naive L=40 (10,40) lstm H=8",
                "decoupled (10,40) lstm H=8");
        assertThat(merged.configs()).hasSize(asked.configs().size() - 2);
        // and the summary shows it once, under all its names
        GridSummary summary = GridSummary.build(prep, merged, List.of(), "--data d.csv", "");
        assertThat(summary.grid().stream().filter(e -> e.names().size() == 3)).hasSize(1);
    }

    /** A finished trial of configuration {@code index} with the given metric. */
    private static TrialRecord fake(Grid grid, int index, int repeat, double metric) {
        RunConfig c = grid.configs().get(index);
        return new TrialRecord(GridFiles.SCHEMA, String.format("c%03d-r%02d", index, repeat), TrialKey.of(c, repeat), index,
                repeat, grid.seedOf(repeat), GridSearch.label(c), c, 20, 20, "ok", metric, "validation_loss", null, List.of(),
                0.5, TrialRecord.Provenance.here("sum"), "2026-12-01T00:00:00Z", 40, "completed");
    }

    @Test
    void tiesWithTheBestAreJudgedOnHolmAdjustedPValuesAndSaySo(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 400, 3));
        RunConfig s = GridSearchTest.small();
        Grid grid = new Grid(List.of(s.withStrategy("naive", 10, 0, 0), s.withStrategy("naive", 20, 0, 0),
                s.withStrategy("naive", 25, 0, 0), s.withStrategy("naive", 40, 0, 0)), 6, 1);
        double[] noise = {0.00, 0.02, -0.02, 0.01, -0.01, 0.005};
        double[] shift = {0, 0.02, 0.02, 1}; // two close to the best (raw p 0.036 each, Holm 0.072), one far
        List<TrialRecord> trials = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int r = 0; r < 6; r++) {
                trials.add(fake(grid, i, r, 1 + shift[i] + (i == 1 ? noise[r] : noise[(r + i) % 6])));
            }
        }
        List<GridSummary.ConfigResult> ranked = GridSummary.build(prep, grid, trials, "--data d.csv", "").configs();
        double[] raw = ranked.stream().skip(1).mapToDouble(GridSummary.ConfigResult::pValueVsBest).toArray();
        double[] holm = Statistics.holm(raw);
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i).pValueHolm()).isEqualTo(holm[i - 1]);
            assertThat(ranked.get(i).tie()).isEqualTo(holm[i - 1] >= GridSummary.TIE_P);
        }
        assertThat(ranked.get(1).pValueVsBest()).as("uncorrected it would not be a tie").isLessThan(GridSummary.TIE_P);
        assertThat(ranked.get(1).tieNote()).isEqualTo("tied with #1");
        assertThat(ranked.get(0).tieNote()).isEqualTo("#1, tied");
        assertThat(ranked.get(3).tieNote()).isEmpty();
        // the best alone is not "tied"
        List<TrialRecord> apart = new ArrayList<>(trials.stream().filter(t -> t.configIndex() == 0 || t.configIndex() == 3).toList());
        List<GridSummary.ConfigResult> two = GridSummary.build(prep, grid, apart, "--data d.csv", "").configs();
        assertThat(two.get(0).tie()).isFalse();
        assertThat(two.get(0).tieNote()).isEmpty();
    }

    @Test
    void racingSavesTrialsAndKeepsTheWinner(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 800, 3));
        RunConfig good = GridSearchTest.small().withStrategy("naive", 20, 0, 0).withEpochs(6);
        List<RunConfig> configs = new ArrayList<>(List.of(good));
        for (double lr : new double[] {1e-4, 2e-4, 3e-4}) { // barely trained: clearly worse
            configs.add(good.withTraining(OptimizerConfig.Kind.ADAM, lr, 1.0, 0));
        }
        Grid full = new Grid(configs, 10, 1);
        Grid raced = full.withRace(3);
        GridSearch.Result all = GridSearch.run(prep, full, dir.resolve("full"), 2, GridSearch.Budget.none(), null);
        GridSearch.Result race = GridSearch.run(prep, raced, dir.resolve("race"), 2, GridSearch.Budget.none(), null);
        assertThat(all.done()).isEqualTo(40);
        assertThat(race.stoppedEarly()).isFalse();
        double saved = 1 - race.done() / 40.0;
        assertThat(saved).as("trials saved").isGreaterThanOrEqualTo(0.4);

        GridSummary a = GridSummary.build(prep, full, all.trials(), "--data d.csv", "");
        GridSummary r = GridSummary.build(prep, raced, race.trials(), "--data d.csv", "");
        assertThat(r.best().index()).isEqualTo(a.best().index()).isZero();
        assertThat(r.race().eliminations()).extracting(Racing.Elimination::index).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(r.race().eliminations()).allMatch(e -> e.round() == 1 && e.repeats() == 3 && e.pHolm() < 0.05);
        assertThat(r.race().trialsSaved()).isEqualTo(40 - race.done());
        assertThat(r.trialsTotal()).isEqualTo(race.done());
        assertThat(r.stoppedEarly()).isFalse();
        // the same trials as the full grid's: the race only leaves some out
        assertThat(GridSearchTest.metrics(all.trials())).containsAllEntriesOf(GridSearchTest.metrics(race.trials()));
        // a rerun finds nothing left to do, and the summary read back says the same
        assertThat(GridSearch.run(prep, raced, dir.resolve("race"), 2, GridSearch.Budget.none(), null).ranThisTime()).isZero();
        try (FolderLock lock = FolderLock.acquire(dir.resolve("race"))) {
            r.write(lock);
        }
        assertThat(GridSummary.read(dir.resolve("race").resolve(GridFiles.SUMMARY)).withTrials(race.trials(), ""))
                .usingRecursiveComparison().isEqualTo(r);
    }

    /** One row of Pitis' binary series as a CSV x,y: y_t depends on x_{t-3} and x_{t-8}. */
    static Path pitis(Path dir, int steps) throws Exception {
        return csv(dir.resolve("pitis.csv"), MemoryTasks.pitis(1, steps, 11), steps);
    }

    /** One row of a binary series as a CSV x,y. */
    private static Path csv(Path file, Layout l, int steps) throws Exception {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int t = 0; t < steps; t++) {
            s.append((int) l.x()[t]).append(',').append((int) l.y()[t]).append('\n');
        }
        return Files.writeString(file, s.toString());
    }

    /**
     * TBPTT(1, 12) against TBPTT(1, 4), each given exactly 5000 updates, on 10,000 training and 10,000
     * validation steps: only the longer window carries the target's gradient back to the input 8 steps
     * before it. The metric is the MSE on the 0/1 targets (the Brier score): 0.156 with both lags,
     * 0.172 with lag 3 alone. (Windows of 5 to 8 steps tie with the longer ones: the lag-3 term at
     * step t-5 needs x_{t-8} in the state there, so a 5-step window already trains keeping it until
     * step t; bench/lag8.sh measures the range. The lag-8 echo below has no such stepping stone.)
     */
    @Test
    void withEqualUpdatesAWindowSpanningTheLag8DependencyRanksAboveAShortOne(@TempDir Path dir) throws Exception {
        Preparation prep = Preparation.prepare(new DataSpec(pitis(dir, 20000), DataSpec.Format.CSV, CsvOptions.defaults(),
                List.of("x"), List.of("y"), DataSpec.TaskKind.PER_STEP, 1, Scaler.Kind.STANDARD, 0.5, 0.5, 1));
        RunConfig base = RunConfig.defaults().withModel(CellType.LSTM, 16, 1).withBatch(8)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.01, 1.0, 0).withBudget(new TrainingBudget(5000, 0))
                .withEpochs(RunConfig.UNTIL_BUDGET);
        Grid grid = new Grid(List.of(base.withStrategy("decoupled", 0, 1, 4), base.withStrategy("decoupled", 0, 1, 12)), 5, 1);
        GridSearch.Result r = GridSearch.run(prep, grid, dir.resolve("grid"), 2, GridSearch.Budget.none(), null);
        GridSummary summary = GridSummary.build(prep, grid, r.trials(), "--data pitis.csv", "");
        assertThat(r.trials()).allMatch(t -> t.updates() == 5000);
        GridSummary.ConfigResult first = summary.configs().get(0);
        GridSummary.ConfigResult second = summary.configs().get(1);
        assertThat(first.trainedK2()).as("k2 = 12 >= 9 first: %s", summary.configs()).isEqualTo(12);
        assertThat(second.trainedK2()).isEqualTo(4);
        assertThat(second.tie()).as("k2 = 4 is significantly worse: Holm p %s", second.pValueHolm()).isFalse();
        assertThat(first.ciHigh()).as("below what lag 3 alone allows: it uses lag 8").isLessThan(0.172);
    }

    /**
     * The lag-8 echo (y_t = x_{t-8}: no shorter dependency to build on), 10,000 training and 10,000
     * validation steps, every TBPTT(1, k2) given exactly 6000 updates: every window that reaches the
     * input a target copies (k2 >= 9) is significantly better than every window that does not (k2 < 9),
     * by Welch's test Holm-corrected over the 9 pairs, and ranks above them all. (About 30 s: tagged long.)
     */
    @Test
    @org.junit.jupiter.api.Tag("long")
    void withEqualUpdatesEveryWindowReachingTheLag8InputRanksSignificantlyAboveEveryShorterOne(@TempDir Path dir)
            throws Exception {
        int steps = 20000;
        Preparation prep = Preparation.prepare(new DataSpec(csv(dir.resolve("echo.csv"), MemoryTasks.echo(8, 1, steps, 5), steps),
                DataSpec.Format.CSV, CsvOptions.defaults(), List.of("x"), List.of("y"), DataSpec.TaskKind.PER_STEP, 1,
                Scaler.Kind.STANDARD, 0.5, 0.5, 1));
        RunConfig base = RunConfig.defaults().withModel(CellType.LSTM, 32, 1).withBatch(16)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.005, 1.0, 0).withBudget(new TrainingBudget(6000, 0))
                .withEpochs(RunConfig.UNTIL_BUDGET);
        int[] k2s = {4, 6, 8, 9, 12, 16};
        List<RunConfig> configs = new ArrayList<>();
        for (int k2 : k2s) {
            configs.add(base.withStrategy("decoupled", 0, 1, k2));
        }
        Grid grid = new Grid(configs, 3, 1);
        GridSearch.Result r = GridSearch.run(prep, grid, dir.resolve("grid"), 2, GridSearch.Budget.none(), null);
        assertThat(r.trials()).hasSize(18).allMatch(t -> t.updates() == 6000);
        Statistics.Summary[] by = new Statistics.Summary[k2s.length];
        for (int i = 0; i < k2s.length; i++) {
            int index = i;
            by[i] = Statistics.summarize(r.trials().stream().filter(t -> t.configIndex() == index)
                    .mapToDouble(TrialRecord::metric).toArray());
        }
        List<String> pairs = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int longer = 3; longer < k2s.length; longer++) {
            for (int shorter = 0; shorter < 3; shorter++) {
                assertThat(by[longer].mean()).as("k2 = %d below k2 = %d", k2s[longer], k2s[shorter]).isLessThan(by[shorter].mean());
                pairs.add(k2s[longer] + " vs " + k2s[shorter]);
                p.add(Statistics.welchP(by[longer], by[shorter]));
            }
        }
        double[] holm = Statistics.holm(p.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < holm.length; i++) {
            assertThat(holm[i]).as("Holm p of k2 = %s", pairs.get(i)).isLessThan(0.05);
        }
        GridSummary summary = GridSummary.build(prep, grid, r.trials(), "--data echo.csv", "");
        assertThat(summary.configs().subList(0, 3)).allMatch(c -> c.trainedK2() >= 9);
        assertThat(summary.configs().subList(3, 6)).allMatch(c -> c.trainedK2() < 9 && !c.tie());
        assertThat(by[3].ciHigh()).as("k2 = 9 learns the echo: far below the 0.25 of no memory").isLessThan(0.1);
    }
}
