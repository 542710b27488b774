package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.ParameterException;

/** Concrete layouts of each strategy, checked step by step, and the plan's numbers. */
class StrategyTest {

    private static List<Sequence> seqs(Integer... lengths) {
        return StrategyPropertiesTest.sequences(List.of(lengths));
    }

    /** The source step at (row b, step t) as "sequence:step", or "-" for padding. */
    private static String at(Layout l, int b, int t) {
        int i = t * l.rows() + b;
        return l.origin()[i] < 0 ? "-" : l.origin()[i] + ":" + l.originStep()[i];
    }

    @Test
    void naiveCutsOneLongSeriesIntoBContiguousStatefulStreams() {
        Layout l = new Strategy.Naive(5).layout(seqs(20), 2);
        assertThat(l.rows()).isEqualTo(2);
        assertThat(l.steps()).isEqualTo(10);
        assertThat(at(l, 0, 0)).isEqualTo("0:0");
        assertThat(at(l, 1, 0)).isEqualTo("0:10");
        assertThat(at(l, 1, 9)).isEqualTo("0:19");
        assertThat(l.resets()).isEqualTo(2);
        assertThat(l.k1()).isEqualTo(5);
        assertThat(l.stateful()).isTrue();
        assertThat(l.paddingFraction()).isZero();
        Plan p = Plan.of("series.csv", new Task.Forecast(new int[] {0}, new int[] {0}, 1), seqs(20), l);
        assertThat(p.kerasSamples()).isEqualTo(4);
        assertThat(p.kerasTimesteps()).isEqualTo(5);
        assertThat(p.kerasResets()).contains("stateful=True").contains("batch_size=2");
    }

    @Test
    void naiveWithALengthThatDoesNotDividePadsTheLastPieceAndSaysSo() {
        Layout l = new Strategy.Naive(4).layout(seqs(10), 1);
        assertThat(l.steps()).isEqualTo(12);
        assertThat(at(l, 0, 9)).isEqualTo("0:9");
        assertThat(at(l, 0, 10)).isEqualTo("-");
        assertThat(l.mask()[10]).isFalse();
        assertThat(String.join("\n", l.notes())).contains("length 4 does not divide").contains("lengths that divide 10: [1, 2, 5, 10]");
    }

    @Test
    void asIsPadsShorterSequencesAndWarnsAboveFourHundredSteps() {
        Layout l = new Strategy.AsIs().layout(seqs(3, 5, 2), 2);
        assertThat(l.sampleLength()).isEqualTo(5);
        assertThat(l.steps()).isEqualTo(10);
        assertThat(at(l, 0, 0)).isEqualTo("0:0");
        assertThat(at(l, 0, 3)).isEqualTo("-");
        assertThat(at(l, 0, 5)).isEqualTo("2:0");
        assertThat(at(l, 1, 4)).isEqualTo("1:4");
        assertThat(l.stateful()).isFalse();
        assertThat(l.notes()).noneMatch(n -> n.startsWith("warning"));
        assertThat(new Strategy.AsIs().layout(seqs(401), 1).notes()).anyMatch(n -> n.startsWith("warning") && n.contains("401"));
    }

    @Test
    void packedBalancesRowsLongestFirst() {
        Layout l = new Strategy.Packed(2).layout(seqs(9, 3, 4, 5, 2), 2);
        // 9 -> row 0; 5 -> row 1; 4 -> row 1 (9); 3 -> row 0 (12); 2 -> row 1 (11)
        assertThat(l.steps()).isEqualTo(12);
        assertThat(at(l, 0, 9)).isEqualTo("1:0");
        assertThat(at(l, 1, 5)).isEqualTo("2:0");
        assertThat(at(l, 1, 11)).isEqualTo("-");
        assertThat(l.resets()).isEqualTo(5);
    }

    @Test
    void oneStepAndDecoupledSetTheirTruncation() {
        assertThat(new Strategy.OneStep().layout(seqs(7, 4), 2).k1()).isEqualTo(1);
        Layout d = new Strategy.Decoupled(5, 20).layout(seqs(30), 1);
        assertThat(d.k1()).isEqualTo(5);
        assertThat(d.k2()).isEqualTo(20);
        Plan p = Plan.of("x", new Task.Forecast(new int[] {0}, new int[] {0}, 1), seqs(30), d);
        assertThat(p.kerasResets()).contains("no Keras equivalent");
    }

    @Test
    void sentencesBecomeSamples() {
        double[] x = new double[10];
        double[] y = new double[10];
        boolean[] loss = new boolean[10];
        java.util.Arrays.fill(loss, true);
        Sequence text = new Sequence("t", 10, 1, 1, x, y, loss, new int[] {2, 8});
        Layout pad = new Strategy.Sentences(Strategy.Sentences.Mode.PAD, 0).layout(List.of(text), 1);
        assertThat(pad.sampleLength()).isEqualTo(6); // sentences of 3, 6 and 1 steps
        assertThat(pad.steps()).isEqualTo(18);
        assertThat(at(pad, 0, 6)).isEqualTo("0:3");
        assertThat(pad.resets()).isEqualTo(3);
        Layout mean = new Strategy.Sentences(Strategy.Sentences.Mode.MEAN, 0).layout(List.of(text), 1);
        assertThat(mean.sampleLength()).isEqualTo(3);
        assertThat(mean.realSteps()).isEqualTo(10);
    }

    @Test
    void gridCandidatesPutFactorsFirst() {
        assertThat(Lengths.candidates(100, 2, 50, 6)).startsWith(2).containsSubsequence(2, 50);
        assertThat(Lengths.candidates(100, 2, 50, 12).subList(0, 7)).allMatch(v -> 100 % v == 0);
        assertThat(Lengths.candidates(97, 2, 40, 4)).doesNotContain(97).allMatch(v -> v <= 40);
        assertThatThrownBy(() -> Lengths.candidates(10, 0, 5, 3)).hasMessageContaining("min");
    }

    @Test
    void wideInputsOfShortSequences() {
        // 12 features per step (Japanese vowels): rows must grow by values, not only by steps
        List<Sequence> seqs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = 7 + i;
            double[] x = new double[n * 12];
            java.util.Arrays.fill(x, i + 1);
            boolean[] loss = new boolean[n];
            loss[n - 1] = true;
            seqs.add(new Sequence("s" + i, n, 12, 1, x, new double[n], loss, new int[0]));
        }
        Layout l = new Strategy.AsIs().layout(seqs, 1);
        assertThat(l.steps()).isEqualTo(27);
        assertThat(l.x()[(9 + 7) * 12 + 11]).isEqualTo(2); // sequence 1 (8 steps from step 9): its last step, last feature
        assertThat(l.x()[(9 + 8) * 12]).isZero();            // then padding
        assertThat(l.lossSteps()).isEqualTo(3);
    }

    @Test
    void badArgumentsSayWhatToDo() {
        assertThatThrownBy(() -> new Strategy.Naive(0)).hasMessage("length = 0 is less than 1 step")
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.parameters()).containsExactly("length"));
        assertThatThrownBy(() -> new Strategy.Naive(50).layout(seqs(10, 20), 1)).hasMessageContaining("longest has 20");
        assertThatThrownBy(() -> new Strategy.AsIs().layout(seqs(10, 20), 3)).hasMessageContaining("give batch = 2 or less");
        assertThatThrownBy(() -> new Strategy.Naive(5).layout(seqs(20), 8)).hasMessageContaining("give batch = 4 or less");
    }
}
