package org.tbptt4j.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tbptt4j.model.CellRunResult;
import org.tbptt4j.conformance.FixtureResult;
import org.tbptt4j.conformance.FixtureRunner;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Precision;

/**
 * What every recurrent cell must satisfy; each cell's test extends this and names its type.
 * Gradient checks run the float64 engine; the float32 engine is held to it.
 */
abstract class CellContractTest {

    abstract CellType type();

    private record Case(int batch, int steps, int in, int hidden, double[] params, double[] x, double[] h0,
                        double[] c0, double[] r) {
    }

    private Case randomCase(int batch, int steps, int in, int hidden, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int gh = type().gates * hidden;
        return new Case(batch, steps, in, hidden,
                GradientCheck.random(rng, gh * (in + hidden + 2), 0.6),
                GradientCheck.random(rng, batch * steps * in, 1.0),
                GradientCheck.random(rng, batch * hidden, 0.8),    // incoming state NOT zero
                GradientCheck.random(rng, batch * hidden, 0.8),
                GradientCheck.random(rng, batch * steps * hidden, 1.0));
    }

    private CellRunResult run(Case c, boolean withLoss) {
        return CellRun.run(type(), c.batch, c.steps, c.in, c.hidden, MatMul.fast(), c.params, c.x, c.h0, c.c0,
                withLoss ? c.r : null);
    }

    /** loss = sum output * R, recomputed from the case's current values. */
    private double loss(Case c) {
        double[] out = run(c, false).output();
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += out[i] * c.r[i];
        }
        return s;
    }

    @ParameterizedTest(name = "B={0} T={1} In={2} H={3}")
    @CsvSource({"3, 4, 2, 3", "1, 1, 2, 3", "1, 5, 3, 2", "3, 1, 1, 4", "2, 6, 4, 5"})
    void gradientsMatchFiniteDifferences(int batch, int steps, int in, int hidden) {
        Case c = randomCase(batch, steps, in, hidden, 17L * batch + 31L * steps + hidden);
        CellRunResult got = run(c, true);
        double[] dParams = concat(got);
        GradientCheck.check(type() + " params", dParams, c.params, () -> loss(c));
        GradientCheck.check(type() + " x", got.gradX(), c.x, () -> loss(c));
        GradientCheck.check(type() + " h0", got.gradH0(), c.h0, () -> loss(c));
        if (type() == CellType.LSTM) {
            GradientCheck.check(type() + " c0", got.gradC0(), c.c0, () -> loss(c));
        }
    }

    private static double[] concat(CellRunResult r) {
        return r.grads().values().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void carryingStateAcrossCallsEqualsOneLongRun() {
        Case whole = randomCase(2, 7, 3, 4, 5);
        CellRunResult all = run(whole, false);
        int first = 3;
        Case a = new Case(2, first, 3, 4, whole.params, sliceSteps(whole.x, 2, 7, 3, 0, first), whole.h0, whole.c0, null);
        CellRunResult ra = run(a, false);
        Case b = new Case(2, 7 - first, 3, 4, whole.params, sliceSteps(whole.x, 2, 7, 3, first, 7), ra.hFinal(),
                type() == CellType.LSTM ? ra.cFinal() : null, null);
        CellRunResult rb = run(b, false);
        assertThat(rb.hFinal()).containsExactly(all.hFinal(), within(0.0));
        assertThat(sliceSteps(all.output(), 2, 7, 4, first, 7)).containsExactly(rb.output(), within(0.0));
    }

    @Test
    void zeroStateIsAFreshStart() {
        Case c = randomCase(1, 3, 2, 3, 9);
        java.util.Arrays.fill(c.h0, 0);
        java.util.Arrays.fill(c.c0, 0);
        CellRunResult r = run(c, false);
        RecurrentCell cell = RecurrentCell.of(type(), 2, 3, 0, MatMul.naive());
        CellCache cache = cell.newCache(1);
        System.arraycopy(c.x, 0, cache.x, 0, 2);
        cell.forward(c.params, cache, new double[cell.scratchSize(1)]);
        assertThat(java.util.Arrays.copyOf(r.output(), 3)).containsExactly(cache.h, within(1e-15));
    }

    @Test
    void fastAndNaiveProductsAgree() {
        Case c = randomCase(3, 5, 4, 6, 21);
        CellRunResult fast = run(c, true);
        CellRunResult naive = CellRun.run(type(), 3, 5, 4, 6, MatMul.naive(), c.params, c.x, c.h0, c.c0, c.r);
        assertThat(fast.output()).containsExactly(naive.output(), within(1e-12));
        assertThat(concat(fast)).containsExactly(concat(naive), within(1e-12));
        assertThat(fast.gradX()).containsExactly(naive.gradX(), within(1e-12));
    }

    @Test
    void float32EngineAgreesWithFloat64() {
        Case c = randomCase(3, 6, 2, 5, 33);
        CellRunResult d = run(c, true);
        CellRunResult f = org.tbptt4j.f32.CellRun.run(type(), 3, 6, 2, 5, org.tbptt4j.f32.MatMul.fast(), c.params,
                c.x, c.h0, c.c0, c.r);
        assertThat(f.output()).containsExactly(d.output(), within(1e-5));
        assertThat(concat(f)).containsExactly(concat(d), within(1e-4));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void conformanceFixturesPass(int index) {
        Path file = Fixtures.dir().resolve("cell_" + type().id() + "_" + index + ".json");
        for (Precision p : Precision.values()) {
            FixtureResult r = new FixtureRunner(p).run(file);
            assertThat(r.passed()).as(p + " " + r.line()).isTrue();
        }
    }

    private static double[] sliceSteps(double[] a, int batch, int steps, int width, int from, int to) {
        double[] out = new double[batch * (to - from) * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(a, (b * steps + from) * width, out, b * (to - from) * width, (to - from) * width);
        }
        return out;
    }
}
