package org.tbptt4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tbptt4j.f32.CellCache;
import org.tbptt4j.f32.MatMul;
import org.tbptt4j.f32.Parallel;
import org.tbptt4j.f32.RecurrentCell;
import org.tbptt4j.model.CellType;

/**
 * The kernels one LSTM step is made of, at the benchmark's shapes (batch 32, H hidden): the three
 * products of a step (forward x W^T, backward dA W, weight gradient dA^T x) for each MatMul, and a
 * whole cell step forward and backward. Run: {@code java --add-modules jdk.incubator.vector -jar
 * bench/jmh/target/benchmarks.jar} (the vector kernels need the module; without it MatMul.fast() is
 * the plain loops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBench {

    @Param({"32", "128", "512"})
    int hidden;

    @Param({"fast", "plain", "naive"})
    String kernel;

    /** Threads for large products (Parallel): 2 by default; 1 measures a kernel alone (and a busy second core disturbs it less). */
    @Param({"2"})
    int threads;

    static final int BATCH = 32;

    MatMul mm;
    float[] h;
    float[] w;
    float[] pre;
    float[] dA;
    float[] dH;
    float[] dW;
    RecurrentCell cell;
    CellCache cache;
    float[] scratch;
    float[] cellW;
    float[] cellDW;
    float[] dC;
    float[] dHPrev;
    float[] dCPrev;
    float[] dX;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        mm = switch (kernel) {
            case "fast" -> MatMul.fast();
            case "plain" -> MatMul.plain();
            default -> MatMul.naive();
        };
        int gh = 4 * hidden;
        SplittableRandom r = new SplittableRandom(1);
        h = random(r, BATCH * hidden);
        w = random(r, gh * hidden);
        pre = new float[BATCH * gh];
        dA = random(r, BATCH * gh);
        dH = new float[BATCH * hidden];
        dW = new float[gh * hidden];
        cell = RecurrentCell.of(CellType.LSTM, hidden, hidden, 0, mm);
        cache = cell.newCache(BATCH);
        System.arraycopy(h, 0, cache.x, 0, h.length);
        System.arraycopy(h, 0, cache.hPrev, 0, h.length);
        scratch = new float[cell.scratchSize(BATCH)];
        cellW = random(r, cell.parameterCount());
        cellDW = new float[cell.parameterCount()];
        dC = random(r, BATCH * hidden);
        dHPrev = new float[BATCH * hidden];
        dCPrev = new float[BATCH * hidden];
        dX = new float[BATCH * hidden];
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-0.5, 0.5);
        }
        return a;
    }

    /** pre (B x 4H) += h (B x H) W^T: the forward recurrent product. */
    @Benchmark
    public void forwardProductNT(Blackhole bh) {
        mm.mulAddNT(BATCH, 4 * hidden, hidden, h, 0, w, 0, pre, 0);
        bh.consume(pre);
    }

    /** dH (B x H) += dA (B x 4H) W: the gradient into the previous state. */
    @Benchmark
    public void backwardProductNN(Blackhole bh) {
        mm.mulAddNN(BATCH, hidden, 4 * hidden, dA, 0, w, 0, dH, 0);
        bh.consume(dH);
    }

    /** dW (4H x H) += dA^T h: the weight gradient of one step. */
    @Benchmark
    public void weightGradientTN(Blackhole bh) {
        mm.mulAddTN(4 * hidden, hidden, BATCH, dA, 0, h, 0, dW, 0);
        bh.consume(dW);
    }

    /** One LSTM step forward (products and gates). */
    @Benchmark
    public void lstmStepForward(Blackhole bh) {
        cell.forward(cellW, cache, scratch);
        bh.consume(cache.h);
    }

    /** One LSTM step backward (gates and the four products), into zeroed input and state gradients. */
    @Benchmark
    public void lstmStepBackward(Blackhole bh) {
        java.util.Arrays.fill(dX, 0);
        java.util.Arrays.fill(dHPrev, 0);
        java.util.Arrays.fill(dCPrev, 0);
        cell.backward(cellW, cache, dH, dC, cellDW, dX, dHPrev, dCPrev, scratch);
        bh.consume(cellDW);
    }
}
