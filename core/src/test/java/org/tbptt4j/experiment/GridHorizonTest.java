package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.train.AdaptiveK2;

/**
 * The memory horizon in a grid: which configuration is warmed up, what the measurement adds to the
 * grid (TBPTT(K, 2K - 1), named {@code horizon: ...}) or why it adds nothing, and how the summary
 * carries it beside the ACF's suggestion.
 */
class GridHorizonTest {

    private static RunConfig trained(int epochs) {
        return RunConfig.defaults().withModel(CellType.LSTM, 8, 1).withEpochs(epochs).withBatch(4)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0);
    }

    @Test
    void theDomainConfigurationIsWarmedUpFirstAndOneStepNever() {
        RunConfig c = trained(1);
        List<RunConfig> configs = List.of(c.withStrategy("one-step", 0, 0, 0), c.withStrategy("as-is", 0, 0, 0),
                c.withStrategy("naive", 20, 0, 0), c.withStrategy("domain", 0, 0, 0));
        assertThat(GridHorizon.warmUpIndex(configs)).isEqualTo(3);
        assertThat(GridHorizon.warmUpIndex(configs.subList(0, 3))).isEqualTo(2);
        assertThat(GridHorizon.warmUpIndex(configs.subList(0, 2))).isEqualTo(1);
        assertThat(GridHorizon.warmUpIndex(configs.subList(0, 1))).isEqualTo(-1);
    }

    @Test
    void everyLossReachesTheWindowBack() {
        // the first loss of a k1-chunk has k2 - k1 + 1 steps behind it
        assertThat(AdaptiveK2.k2ForWindow(10, 10)).isEqualTo(19);
        assertThat(AdaptiveK2.k2ForWindow(1, 1)).isEqualTo(1);
        assertThat(AdaptiveK2.k2ForWindow(5, 50)).isEqualTo(54);
        assertThatThrownBy(() -> AdaptiveK2.k2ForWindow(0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDelayedCopyReachesPastItsDelayAndTheSuggestionJoinsTheGrid(@TempDir Path dir) throws Exception {
        int delay = 4;
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 1200, delay));
        RunConfig naive = trained(12).withStrategy("naive", 20, 0, 0);
        Grid grid = new Grid(List.of(naive, trained(12).withStrategy("one-step", 0, 0, 0)), 2, 3);

        GridSummary.MemoryHorizon h = GridHorizon.measure(prep, naive, grid.seedOf(0), 0.1, 30);

        assertThat(h.part()).isEqualTo("validation");   // 240 validation steps hold twice the 30 lags
        assertThat(h.maxLag()).isEqualTo(30);
        assertThat(h.phi()).hasSize(31);
        assertThat(h.warmUpKeyPrefix()).isEqualTo(TrialKey.prefix(naive));
        assertThat(h.seed()).isEqualTo(grid.seedOf(0));
        assertThat(h.reason()).as(h.rule()).isNull();
        // y_t = x_(t-4): the loss needs the state of 4 steps back, so the window covers at least lags 0..4
        assertThat(h.window()).as(h.rule()).isGreaterThan(delay);
        assertThat(h.config()).isEqualTo(naive.withStrategy("decoupled", 0, h.window(), 2 * h.window() - 1));
        assertThat(h.rule()).contains("smallest K with bias(K) <= 0.1").contains("beta = ").contains("validation part");

        Grid with = GridHorizon.withHorizon(grid, h);
        assertThat(with.configs()).hasSize(3).endsWith(h.config());
        assertThat(with.names().get(2)).containsExactly("horizon: " + GridSearch.label(h.config()));
        // a grid that has the configuration already gains the horizon's name on it, not a second copy
        Grid has = GridHorizon.withHorizon(new Grid(List.of(naive, h.config()), 2, 3), h);
        assertThat(has.configs()).hasSize(2);
        assertThat(has.names().get(1)).containsExactly(GridSearch.label(h.config()), "horizon: " + GridSearch.label(h.config()));

        // the summary states it beside the ACF's length, each with its rule and the configuration that tests it
        GridSummary s = GridSummary.build(prep, with, List.of(), "--data delay.csv", "").withHorizon(h);
        GridSummary.Advice horizon = s.advice().stream().filter(a -> a.source().equals("horizon")).findFirst().orElseThrow();
        assertThat(horizon.length()).isEqualTo(h.window());
        assertThat(horizon.rule()).isEqualTo(h.rule());
        assertThat(horizon.configuration()).isEqualTo("horizon: " + GridSearch.label(h.config()));
        GridSummary read = GridFiles.JSON.readValue(GridFiles.JSON.writeValueAsString(s), GridSummary.class);
        assertThat(read.horizon().phi()).containsExactly(h.phi());
        assertThat(read.horizon().fit()).isEqualTo(h.fit());
        assertThat(read.horizon().config()).isEqualTo(h.config());
        assertThat(read.advice()).isEqualTo(s.advice());
    }

    @Test
    void withoutLongMemoryNothingIsComparedAndTheSummarySaysWhy(@TempDir Path dir) throws Exception {
        // y_t = x_t: the loss needs the current step only
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 600, 0));
        RunConfig naive = trained(6).withStrategy("naive", 20, 0, 0);
        Grid grid = new Grid(List.of(naive), 2, 3);

        GridSummary.MemoryHorizon h = GridHorizon.measure(prep, naive, grid.seedOf(0), 0.1, 80);

        // 120 validation steps cannot hold 80 lags twice: the training part (480 steps) is measured
        assertThat(h.part()).isEqualTo("training");
        assertThat(h.maxLag()).isEqualTo(80);
        assertThat(h.noLongMemory()).as(h.rule()).isTrue();
        assertThat(h.config()).isNull();
        assertThat(h.reason()).startsWith("no long memory");
        assertThat(GridHorizon.withHorizon(grid, h)).isSameAs(grid);
        GridSummary s = GridSummary.build(prep, grid, List.of(), "--data delay.csv", "").withHorizon(h);
        assertThat(s.advice()).filteredOn(a -> a.source().equals("horizon")).singleElement()
                .satisfies(a -> {
                    assertThat(a.length()).isZero();
                    assertThat(a.configuration()).isNull();
                    assertThat(a.rule()).contains("no long memory");
                });
    }

    @Test
    void theJournalRecordsEachEpochsK2AndOlderLinesReadWithout(@TempDir Path dir) throws Exception {
        Preparation prep = GridSearchTest.prepare(GridSearchTest.delayedCopy(dir, 400, 2));
        Grid grid = new Grid(List.of(trained(2).withStrategy("decoupled", 0, 5, 12)), 1, 3);

        TrialRecord t = GridSearch.trial(prep, grid, 0, 0, "checksum");

        assertThat(t.epochs()).hasSize(2).allSatisfy(e -> assertThat(e.k2()).isEqualTo(12));
        TrialRecord back = TrialRecord.fromJson(t.toJson());
        assertThat(back.epochs()).isEqualTo(t.epochs());
        // each epoch's k2 is its last key; the configuration's k2 is followed by its batch
        String older = t.toJson().replace(",\"k2\":12}", "}");
        assertThat(older).contains("\"k2\":12,\"batch\"").doesNotContain("\"k2\":12}");
        assertThat(TrialRecord.fromJson(older).epochs()).allSatisfy(e -> assertThat(e.k2()).isNull());
    }
}
