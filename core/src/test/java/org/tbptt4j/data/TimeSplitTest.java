package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    // one series of T steps, 2 columns: (t, -t)
    private static SeriesSet longOne(int T, int[] ends) {
        double[] v = new double[2 * T];
        for (int t = 0; t < T; t++) {
            v[2 * t] = t;
            v[2 * t + 1] = -t;
        }
        return new SeriesSet("one.csv", List.of("x", "y"), List.of(new Series("one", T, v, -1, ends)), List.of(), List.of());
    }

    private static SeriesSet many(int n) {
        List<Series> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(new Series("s" + i, 3, new double[] {i, i, i}, i % 2, new int[0]));
        }
        return new SeriesSet("many.ts", List.of("dim0"), s, List.of(), List.of("even", "odd"));
    }

    @Test
    void spansAreContiguousAndInTimeOrder() {
        List<SeriesSet> parts = TimeSplit.splitSpan(longOne(100, new int[] {10, 69, 70, 99}), 0.7, 0.15);
        assertThat(parts).hasSize(3);
        Series train = parts.get(0).series().get(0);
        Series valid = parts.get(1).series().get(0);
        Series test = parts.get(2).series().get(0);
        assertThat(List.of(train.length(), valid.length(), test.length())).containsExactly(70, 15, 15);
        assertThat(List.of(train.id(), valid.id(), test.id())).containsExactly("one/train", "one/validation", "one/test");
        assertThat(train.at(69, 0)).isEqualTo(69);
        assertThat(valid.at(0, 0)).isEqualTo(70);
        assertThat(valid.at(0, 1)).isEqualTo(-70);
        assertThat(test.at(0, 0)).isEqualTo(85);
        assertThat(test.at(14, 0)).isEqualTo(99);
        assertThat(train.sentenceEnds()).containsExactly(10, 69);
        assertThat(valid.sentenceEnds()).containsExactly(0);
        assertThat(test.sentenceEnds()).containsExactly(14);
        assertThat(parts.get(1).columns()).containsExactly("x", "y");
    }

    @Test
    void zeroValidationGivesAnEmptyPart() {
        List<SeriesSet> parts = TimeSplit.splitSpan(longOne(10, new int[0]), 0.8, 0);
        assertThat(parts.get(1).series()).isEmpty();
        assertThat(parts.get(2).series().get(0).length()).isEqualTo(2);
        List<SeriesSet> all = TimeSplit.splitSpan(longOne(10, new int[0]), 0.7, 0.3);
        assertThat(all.get(2).series()).isEmpty();
        assertThat(all.get(1).series().get(0).length()).isEqualTo(3);
    }

    @Test
    void spanErrors() {
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), 0.7, 0.04))
                .hasMessage("one.csv has 10 steps; the validation fraction 0.0400 gives it none. Use more data, a larger "
                        + "validation fraction, or fraction 0 to leave it out");
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), 0.9, 0.08))
                .hasMessageStartingWith("one.csv has 10 steps; the test fraction 0.0200 gives it none")
                .hasMessageContaining("(smaller train + validation)");
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), 0.8, 0.3))
                .hasMessageContaining("is more than 1");
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), 0, 0.3)).hasMessageContaining("must be in (0, 1]");
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), Double.NaN, 0.3)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> TimeSplit.splitSpan(longOne(10, new int[0]), 0.5, -0.1)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> TimeSplit.splitSpan(many(3), 0.5, 0.2))
                .hasMessage("many.ts has 3 series; splitSpan cuts one long series, use splitBySequence for a set of sequences");
    }

    @Test
    void sequencesAreSplitWholeSeededAndDisjoint() {
        SeriesSet set = many(20);
        List<SeriesSet> a = TimeSplit.splitBySequence(set, 0.6, 0.2, 42);
        List<SeriesSet> b = TimeSplit.splitBySequence(set, 0.6, 0.2, 42);
        List<SeriesSet> c = TimeSplit.splitBySequence(set, 0.6, 0.2, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a.get(0).series()).isNotEqualTo(c.get(0).series());
        assertThat(a.get(0).series()).hasSize(12);
        assertThat(a.get(1).series()).hasSize(4);
        assertThat(a.get(2).series()).hasSize(4);
        Set<String> seen = new HashSet<>();
        for (SeriesSet part : a) {
            List<Integer> order = new ArrayList<>();
            for (Series s : part.series()) {
                assertThat(seen.add(s.id())).isTrue();
                assertThat(s.length()).isEqualTo(3);   // never cut inside a sequence
                order.add(Integer.parseInt(s.id().substring(1)));
            }
            assertThat(order).isSorted();               // set order inside a part
            assertThat(part.classes()).containsExactly("even", "odd");
        }
        assertThat(seen).hasSize(20);
    }

    @Test
    void sequenceErrors() {
        assertThatThrownBy(() -> TimeSplit.splitBySequence(many(5), 0.7, 0.1, 1))
                .hasMessageStartingWith("many.ts has 5 sequences; the validation fraction 0.100 gives it none");
        assertThatThrownBy(() -> TimeSplit.splitBySequence(many(5), 1.2, 0, 1)).hasMessageContaining("must be in (0, 1]");
    }
}
