package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingConfig;
import org.tbptt4j.train.TrainingHistory;
import org.tbptt4j.train.TrainingListener;

/**
 * Adaptive truncation keeps every update exact: changing k2 at a stream's start gives the updates
 * of a trainer built with that k2, and each epoch's k2 is the horizon's suggestion for the weights
 * that epoch starts from.
 */
class AdaptiveK2Test {

    private static final ModelConfig MODEL = ModelConfig.of(CellType.LSTM, 2, 6, 1, 1);

    @Test
    void changingK2AtAStreamsStartEqualsATrainerBuiltWithIt() {
        StreamBatch first = TestStreams.random(3, 40, 2, 1, 1, false);
        StreamBatch second = TestStreams.random(3, 40, 2, 1, 2, false);
        Network a = TestStreams.network(MODEL, 5);
        Optimizer oa = Optimizer.of(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 0.01), a.params.length);
        TbpttTrainer ta = new TbpttTrainer(a, TbpttConfig.of(4, 6), Loss.of(LossType.MSE), oa, 0.01, 3, 0);
        ta.feed(first);
        ta.flush();
        ta.resetState();
        ta.setK2(15);   // the ring grows from 6 to 15 steps
        ta.feed(second);
        ta.flush();

        Network b = TestStreams.network(MODEL, 5);
        Optimizer ob = Optimizer.of(OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 0.01), b.params.length);
        TbpttTrainer tb = new TbpttTrainer(b, TbpttConfig.of(4, 6), Loss.of(LossType.MSE), ob, 0.01, 3, 0);
        tb.feed(first);
        tb.flush();
        TbpttTrainer tc = new TbpttTrainer(b, TbpttConfig.of(4, 15), Loss.of(LossType.MSE), ob, 0.01, 3, 0);
        tc.feed(second);
        tc.flush();
        assertThat(a.params).containsExactly(b.params);
        assertThat(ta.config().k2()).isEqualTo(15);

        ta.resetState();
        tc.resetState();
        ta.setK2(3);   // shorter: the longer ring stays and is still exact
        tc.setK2(3);
        ta.feed(first);
        tc.feed(first);
        assertThat(a.params).containsExactly(b.params);
    }

    @Test
    void k2ChangesOnlyAtAStreamsStart() {
        Network net = TestStreams.network(MODEL, 5);
        TbpttTrainer t = new TbpttTrainer(net, TbpttConfig.of(4, 6), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.sgd(0.1), net.params.length), 0.1, 3, 0);
        t.feed(TestStreams.random(3, 5, 2, 1, 1, false));
        assertThatThrownBy(() -> t.setK2(10)).isInstanceOf(IllegalStateException.class)
                .hasMessage("k2 can change only at the start of a stream (after resetState), not 5 steps into it");
    }

    @Test
    void eachEpochsK2IsTheSuggestionForTheWeightsItStartsFrom() {
        Network net = TestStreams.network(MODEL, 5);
        List<StreamBatch> train = List.of(TestStreams.random(4, 120, 2, 1, 3, false));
        AdaptiveK2 adaptive = new AdaptiveK2(0.1, 2, 25, 8);
        List<Integer> expected = new ArrayList<>();
        TrainingListener hear = new TrainingListener() {
            @Override
            public void epochEnd(EpochRecord r) {
                // the weights the next epoch starts from (no early stopping: nothing is restored)
                expected.add(LagGradients.adaptiveK2(net, Loss.of(LossType.MSE), train, adaptive, 5));
            }
        };
        TrainingConfig cfg = TrainingConfig.of(TbpttConfig.of(5, 7), OptimizerConfig.of(OptimizerConfig.Kind.ADAM, 0.01),
                LossType.MSE, 4);
        TrainingHistory h = Training.fit(net, cfg, train, List.of(), hear, adaptive);
        List<Integer> used = h.epochs().stream().map(EpochRecord::k2).toList();
        assertThat(used.get(0)).as("the first epoch runs with the configured k2").isEqualTo(7);
        assertThat(used.subList(1, 4)).isEqualTo(expected.subList(0, 3));
        assertThat(used).allMatch(k -> k >= 2 && k <= 25);
        assertThat(used.subList(1, 4)).as("k2 = suggestion + k1 - 1 is at least k1").allMatch(k -> k >= 5);
    }

    @Test
    void theSuggestionBecomesAK2WithinTheBounds() {
        AdaptiveK2 a = new AdaptiveK2(0.1, 8, 30, 4);
        assertThat(a.k2For(11, 10)).isEqualTo(20);   // every loss of a 10-step chunk reaches 11 steps back
        assertThat(a.k2For(1, 1)).isEqualTo(8);
        assertThat(a.k2For(40, 10)).isEqualTo(30);
        assertThat(a.k2For(0, 10)).as("no reliable suggestion: the longest allowed").isEqualTo(30);
        assertThatThrownBy(() -> new AdaptiveK2(0, 1, 2, 4)).hasMessageContaining("tolerance is a relative bias in (0, 1)");
        assertThatThrownBy(() -> new AdaptiveK2(0.1, 5, 2, 4)).hasMessageContaining("1 <= k2 min <= k2 max, got 5 and 2");
    }
}
