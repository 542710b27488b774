package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.tbptt4j.data.Layout;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.model.ParameterException;

/** The one definition of the strategies: names, parameters, checks, defaults, and the flat form journals keep. */
class StrategySpecTest {

    @Test
    void everyNameReadsAsItsRecordAndTheFlatFormRoundTrips() {
        List<StrategySpec> specs = List.of(StrategySpec.asIs(), StrategySpec.naive(20), new StrategySpec.Naive(OptionalInt.empty()),
                StrategySpec.domain(), StrategySpec.domain().withLength(12), StrategySpec.oneStep(), StrategySpec.decoupled(10, 50),
                StrategySpec.packed(), StrategySpec.packed(30));
        assertThat(specs.stream().map(StrategySpec::name).distinct()).containsExactlyElementsOf(StrategySpec.NAMES);
        for (StrategySpec s : specs) {
            RunConfig c = RunConfig.defaults().withStrategy(s);
            assertThat(c.spec()).as(s.label()).isEqualTo(s);
            assertThat(StrategySpec.of(c.strategy(), c.length(), c.k1(), c.k2())).isEqualTo(s);
        }
        // the flat form, as journals have always had it
        RunConfig d = RunConfig.defaults().withStrategy(StrategySpec.decoupled(10, 50));
        assertThat(List.of(d.strategy(), d.length(), d.k1(), d.k2())).containsExactly("decoupled", 0, 10, 50);
        RunConfig n = RunConfig.defaults().withStrategy(StrategySpec.naive(20)).withTruncation(5, 10);
        assertThat(List.of(n.strategy(), n.length(), n.k1(), n.k2())).containsExactly("naive", 20, 5, 10);
        assertThat(n.spec()).isEqualTo(StrategySpec.naive(20));
        // the labels journals and summaries have always shown
        assertThat(List.of(n.label(), d.label(), RunConfig.defaults().withStrategy(StrategySpec.domain()).label(),
                RunConfig.defaults().withStrategy(StrategySpec.oneStep()).label()))
                .containsExactly("naive L=20 (5,10)", "decoupled (10,50)", "domain", "one-step");
        assertThat(StrategySpec.of("  Naive ", null, null, null)).isEqualTo(new StrategySpec.Naive(OptionalInt.empty()));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        List<Sequence> one = List.of(ramp(400));
        assertThat(((Strategy.Naive) new StrategySpec.Naive(OptionalInt.empty()).strategy(one, 2)).length())
                .isEqualTo(StrategySpec.DEFAULT_LENGTH).isEqualTo(50);
        assertThat(((Strategy.Packed) StrategySpec.packed().strategy(one, 2)).length()).isEqualTo(50);
        assertThat(StrategySpec.domain().withLength(8).strategy(one, 2)).isEqualTo(new Strategy.Domain(8, "the given length"));
        Layout l = Experiment.trainingLayout(one, RunConfig.defaults().withStrategy(StrategySpec.decoupled(4, 12)).withBatch(2));
        assertThat(List.of(l.k1(), l.k2())).containsExactly(4, 12);
        // a truncation on top of a strategy's own
        Layout t = Experiment.trainingLayout(one, RunConfig.defaults().withStrategy(StrategySpec.naive(20)).withTruncation(5, 10)
                .withBatch(2));
        assertThat(List.of(t.sampleLength(), t.k1(), t.k2())).containsExactly(20, 5, 10);
    }

    @Test
    void aParameterThatDoesNotApplyIsRefusedNamingIt() {
        refused(() -> StrategySpec.of("zigzag", null, null, null), "strategy",
                "strategy = zigzag is not a strategy: use as-is, naive, domain, one-step, decoupled, packed");
        refused(() -> StrategySpec.of("one-step", 20, null, null), "length",
                "length = 20 does not apply to strategy = one-step, which is TBPTT(1,1)");
        refused(() -> StrategySpec.of("one-step", null, null, 5), "k2", "k2 = 5 does not apply to strategy = one-step");
        refused(() -> StrategySpec.of("as-is", 5, null, null), "length", "length = 5 does not apply to strategy = as-is");
        refused(() -> StrategySpec.of("decoupled", 5, 2, 4), "length", "length = 5 does not apply to strategy = decoupled");
        refused(() -> StrategySpec.of("decoupled", null, 2, null), "strategy", "strategy = decoupled needs both k1 = K1");
        refused(() -> StrategySpec.of("naive", 0, null, null), "length", "length = 0 is less than 1 step");
        refused(() -> StrategySpec.decoupled(0, 5), "k1", "k1 = 0 is less than 1 step");
        // the configuration refuses them too, whichever way it is made
        refused(() -> RunConfig.defaults().withStrategy("as-is", 50, 0, 0), "length", "length = 50 does not apply to strategy = as-is");
        refused(() -> RunConfig.defaults().withStrategy(StrategySpec.oneStep()).withTruncation(1, 5), "k1",
                "k1 = 1 does not apply to strategy = one-step");
    }

    private static void refused(Runnable r, String parameter, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ParameterException.class,
                e -> assertThat(e.parameters()).first().isEqualTo(parameter)).hasMessageStartingWith(message);
    }

    private static Sequence ramp(int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = Math.sin(0.3 * t);
            y[t] = Math.sin(0.3 * (t + 1));
        }
        boolean[] loss = new boolean[n];
        java.util.Arrays.fill(loss, true);
        return new Sequence("ramp", n, 1, 1, x, y, loss, new int[0]);
    }
}
