package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;

/** The grid: deterministic whatever the workers, resumable after a kill, and able to tell k2 >= d+1 from k2 < d+1. */
class GridSearchTest {

    /** x_t random +-1, y_t = x_{t-d}: a dependency spanning d steps. */
    static Path delayedCopy(Path dir, int steps, int d) throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[steps];
        StringBuilder s = new StringBuilder("x,y\n");
        for (int t = 0; t < steps; t++) {
            x[t] = rng.nextBoolean() ? 1 : -1;
            s.append(x[t]).append(',').append(t >= d ? x[t - d] : 0).append('\n');
        }
        Path f = dir.resolve("delay.csv");
        Files.writeString(f, s.toString());
        return f;
    }

    static Preparation prepare(Path file) throws Exception {
        return Preparation.prepare(new DataSpec(file, DataSpec.Format.CSV, CsvOptions.defaults(), List.of("x"), List.of("y"),
                DataSpec.TaskKind.PER_STEP, 1, Scaler.Kind.STANDARD, 0.8, 0.2, 1));
    }

    static RunConfig small() {
        return RunConfig.defaults().withModel(CellType.LSTM, 8, 1).withEpochs(2).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0);
    }

    static Map<String, Double> metrics(List<TrialRecord> trials) {
        Map<String, Double> m = new HashMap<>();
        for (TrialRecord t : trials) {
            assertThat(m.put(t.key(), t.metric())).as("each trial once").isNull();
        }
        return m;
    }

    @Test
    void resultsAreIdenticalWhateverTheNumberOfWorkers(@TempDir Path dir) throws Exception {
        Preparation prep = prepare(delayedCopy(dir, 800, 3));
        Grid grid = new Grid(List.of(small().withStrategy("naive", 20, 0, 0), small().withStrategy("decoupled", 0, 5, 10)), 3, 7);
        GridSearch.Result one = GridSearch.run(prep, grid, dir.resolve("w1"), 1, GridSearch.Budget.none(), null);
        GridSearch.Result two = GridSearch.run(prep, grid, dir.resolve("w2"), 2, GridSearch.Budget.none(), null);
        assertThat(one.done()).isEqualTo(6);
        assertThat(metrics(two.trials())).isEqualTo(metrics(one.trials()));
    }

    @Test
    void aKilledGridResumesAndRunsEveryTrialExactlyOnce(@TempDir Path dir) throws Exception {
        Preparation prep = prepare(delayedCopy(dir, 600, 3));
        Grid grid = new Grid(List.of(small().withStrategy("naive", 20, 0, 0), small().withStrategy("one-step", 0, 0, 0)), 3, 1);
        Path out = dir.resolve("grid");
        GridSearch.Result first = GridSearch.run(prep, grid, out, 2, GridSearch.Budget.trials(2), null);
        assertThat(first.ranThisTime()).isEqualTo(2);
        assertThat(first.stoppedEarly()).isTrue();
        // a crash in the middle of writing the next record leaves a torn last line
        Files.writeString(out.resolve(GridSearch.JOURNAL), "{\"trial\":\"c000-r01\",\"key\":\"tor",
                java.nio.file.StandardOpenOption.APPEND);
        GridSearch.Result second = GridSearch.run(prep, grid, out, 2, GridSearch.Budget.none(), null);
        assertThat(second.ranThisTime()).isEqualTo(4);
        assertThat(second.done()).isEqualTo(6);
        List<String> lines = Files.readAllLines(out.resolve(GridSearch.JOURNAL));
        assertThat(lines).hasSize(6).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        assertThat(metrics(second.trials())).hasSize(6);
        GridSearch.Result third = GridSearch.run(prep, grid, out, 2, GridSearch.Budget.none(), null);
        assertThat(third.ranThisTime()).isZero();
        // the same trials as an uninterrupted run
        GridSearch.Result straight = GridSearch.run(prep, grid, dir.resolve("straight"), 1, GridSearch.Budget.none(), null);
        assertThat(metrics(second.trials())).isEqualTo(metrics(straight.trials()));
    }

    @Test
    void theGridRanksK2AtLeastDPlusOneAboveShorterWindows(@TempDir Path dir) throws Exception {
        int d = 6;
        Preparation prep = prepare(delayedCopy(dir, 3000, d));
        RunConfig base = RunConfig.defaults().withModel(CellType.LSTM, 16, 1).withEpochs(12).withBatch(8)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0);
        Grid grid = new Grid(List.of(base.withStrategy("decoupled", 0, 4, 3), base.withStrategy("decoupled", 0, 4, d + 1),
                base.withStrategy("decoupled", 0, 4, 2 * d)), 3, 3);
        GridSearch.Result r = GridSearch.run(prep, grid, dir.resolve("grid"), 2, GridSearch.Budget.none(), null);
        GridSummary summary = GridSummary.build(prep, grid, r.trials(), "--data delay.csv --columns x --target y --task per-step", "");
        List<GridSummary.ConfigResult> configs = summary.configs();
        Map<Integer, Integer> rankOf = new HashMap<>();
        for (GridSummary.ConfigResult c : configs) {
            rankOf.put(c.index(), c.rank());
        }
        assertThat(rankOf.get(0)).as("k2 = 3 < d + 1 ranks last: %s", configs).isEqualTo(3);
        double shortMean = configs.get(2).mean();
        double bestMean = configs.get(0).mean();
        assertThat(bestMean).isLessThan(shortMean / 2);
        assertThat(configs.get(2).tie()).isFalse();
        assertThat(summary.best().command()).startsWith("bin/tbptt4j train --data delay.csv").contains("--strategy decoupled");
        try (FolderLock lock = FolderLock.acquire(dir.resolve("grid"))) {
            summary.write(lock);
        }
        assertThat(GridSummary.read(dir.resolve("grid").resolve(GridFiles.SUMMARY))).usingRecursiveComparison().isEqualTo(summary);
    }
}
