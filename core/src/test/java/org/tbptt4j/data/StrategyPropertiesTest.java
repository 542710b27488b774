package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For every strategy and random sets of sequences: every real step appears in the layout exactly
 * once, in order within its sequence and row, resets sit exactly at sequence starts (and sample
 * starts for as-is), masks are false exactly on padding (tasks here count every step).
 */
class StrategyPropertiesTest {

    /** Sequences with x = (sequence index, step) so the layout can be traced back. */
    static List<Sequence> sequences(List<Integer> lengths) {
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            int n = lengths.get(i);
            double[] x = new double[n * 2];
            double[] y = new double[n];
            boolean[] loss = new boolean[n];
            for (int t = 0; t < n; t++) {
                x[t * 2] = i;
                x[t * 2 + 1] = t;
                y[t] = 1000 * i + t;
                loss[t] = true;
            }
            out.add(new Sequence("s" + i, n, 2, 1, x, y, loss, new int[0]));
        }
        return out;
    }

    @Provide
    Arbitrary<List<Integer>> lengths() {
        return Arbitraries.integers().between(1, 60).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Strategy> strategies() {
        return Arbitraries.oneOf(
                Arbitraries.just(new Strategy.AsIs()),
                Arbitraries.integers().between(1, 9).map(Strategy.Naive::new),
                Arbitraries.just(new Strategy.OneStep()),
                Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, 12))
                        .as(Strategy.Decoupled::new),
                Arbitraries.integers().between(1, 9).map(Strategy.Packed::new));
    }

    @Property(tries = 300)
    void everyRealStepAppearsExactlyOnceInOrder(@ForAll("lengths") List<Integer> lengths, @ForAll("strategies") Strategy strategy,
                                                @ForAll @IntRange(min = 1, max = 5) int batch) {
        List<Sequence> seqs = sequences(lengths);
        int longest = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int len = strategy instanceof Strategy.Naive n ? n.length() : strategy instanceof Strategy.Packed p ? p.length() : 1;
        boolean tooFew = seqs.size() > 1 || strategy instanceof Strategy.AsIs ? batch > seqs.size() : seqs.get(0).length() / batch < len;
        if (len > longest || tooFew) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> strategy.layout(seqs, batch))
                    .isInstanceOf(IllegalArgumentException.class).satisfiesAnyOf(
                            e -> assertThat(e).hasMessageContaining("give length = " + longest + " or less"),
                            e -> assertThat(e).hasMessageContaining("give batch = "));
            return;
        }
        Layout l = strategy.layout(seqs, batch);
        int[][] seen = new int[seqs.size()][];
        for (int i = 0; i < seqs.size(); i++) {
            seen[i] = new int[seqs.get(i).length()];
        }
        for (int b = 0; b < l.rows(); b++) {
            int lastSeq = -1;
            int lastStep = -1;
            for (int t = 0; t < l.steps(); t++) {
                int i = t * l.rows() + b;
                int o = l.origin()[i];
                if (o < 0) {
                    assertThat(l.mask()[i]).as("padding is masked").isFalse();
                    assertThat(l.x()[i * 2]).isZero();
                    continue;
                }
                int step = l.originStep()[i];
                seen[o][step]++;
                assertThat(l.x()[i * 2]).isEqualTo(o);
                assertThat(l.x()[i * 2 + 1]).isEqualTo(step);
                assertThat(l.y()[i]).isEqualTo(1000 * o + step);
                assertThat(l.mask()[i]).as("real steps keep their loss").isTrue();
                boolean continues = o == lastSeq && step == lastStep + 1;
                boolean startsSample = !l.stateful() && step % l.sampleLength() == 0;
                if (step == 0 || startsSample || !continues) {
                    // a sequence start, an as-is sample start, or the start of one of B contiguous streams
                    assertThat(l.reset()[i]).as("reset at a start, row %d step %d", b, t).isTrue();
                } else {
                    assertThat(l.reset()[i]).as("no reset inside a sequence, row %d step %d", b, t).isFalse();
                }
                lastSeq = o;
                lastStep = step;
            }
        }
        for (int[] s : seen) {
            for (int c : s) {
                assertThat(c).as("every real step exactly once").isEqualTo(1);
            }
        }
        assertThat(l.realSteps()).isEqualTo(lengths.stream().mapToLong(Integer::longValue).sum());
        assertThat(l.steps() % l.sampleLength()).isZero();
    }
}
