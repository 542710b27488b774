package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.TbpttTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j bench-memory}: trains on one long stream, generated chunk by chunk so that the
 * data itself takes no memory, and reports the heap retained (after a full GC) at checkpoints. With
 * the activation ring buffer the retained heap must not grow with the stream's length.
 */
@Command(name = "bench-memory", mixinStandardHelpOptions = true,
        description = {"Benchmark: heap use of TBPTT training on one long stream, at checkpoints.",
                "Prints one line per checkpoint and a closing JSON line; the heap must stay flat."})
final class BenchMemoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "1000000", description = "Stream length in steps. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--checkpoint", defaultValue = "100000", description = "Steps between heap readings. Default: ${DEFAULT-VALUE}.")
    long checkpoint;

    @Option(names = "--k1", defaultValue = "100", description = "Steps between updates. Default: ${DEFAULT-VALUE}.")
    int k1;

    @Option(names = "--k2", defaultValue = "100", description = "Steps of backpropagation. Default: ${DEFAULT-VALUE}.")
    int k2;

    @Option(names = "--hidden", defaultValue = "32", description = "LSTM hidden units. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--batch", defaultValue = "1", description = "Rows of the stream. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (steps < 1 || checkpoint < 1 || checkpoint > steps) {
            throw new UserErrors.UserError("--steps and --checkpoint must be positive, with --checkpoint <= --steps");
        }
        PrintWriter out = spec.commandLine().getOut();
        TbpttTrainer trainer = BenchCommand.workload(1, hidden, 1, batch, k1, k2, seed);
        int chunk = 1000;
        StreamBatch s = new StreamBatch(batch, chunk, 1, 1);
        java.util.Arrays.fill(s.mask, true);
        SplittableRandom noise = new SplittableRandom(seed);
        long first = -1;
        long last = 0;
        long max = 0;
        // the first printf loads formatting classes and caches onto the heap: do it before any reading
        out.printf(Locale.ROOT, "TBPTT(%d, %d), LSTM H=%d, B=%d, %,d steps; heap readings after full GC%n", k1, k2, hidden, batch, steps);
        out.printf(Locale.ROOT, "steps %,d  retained heap %.2f MiB  loss %.5f%n", 0L, retainedHeap() / 1048576.0, Double.NaN);
        long start = System.nanoTime();
        for (long done = 0; done < steps; ) {
            int n = (int) Math.min(chunk, steps - done);
            StreamBatch piece = n == chunk ? s : s.slice(0, n);
            fillSine(piece, done, noise);
            trainer.feed(piece);
            done += n;
            if (done % checkpoint == 0 || done == steps) {
                long used = retainedHeap();
                first = first < 0 ? used : first;
                last = used;
                max = Math.max(max, used);
                out.printf(Locale.ROOT, "steps %,d  retained heap %.2f MiB  loss %.5f%n", done, used / 1048576.0, trainer.lastLoss());
                out.flush();
            }
        }
        trainer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "{\"bench\":\"memory\",\"steps\":%d,\"k1\":%d,\"k2\":%d,\"hidden\":%d,\"batch\":%d,"
                        + "\"retained_first_mib\":%.3f,\"retained_last_mib\":%.3f,\"retained_max_mib\":%.3f,"
                        + "\"growth\":%.4f,\"jvm_peak_heap_mib\":%.2f,\"max_heap_mib\":%.1f,\"seconds\":%.1f}%n",
                steps, k1, k2, hidden, batch, first / 1048576.0, last / 1048576.0, max / 1048576.0,
                (double) max / first - 1, peakHeap() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, seconds);
        out.flush();
        return 0;
    }

    /** Inputs: a noisy sine mixture per row; target: the next value. */
    private static void fillSine(StreamBatch s, long offset, SplittableRandom noise) {
        for (int t = 0; t < s.steps; t++) {
            for (int b = 0; b < s.batch; b++) {
                double u = (offset + t) * 0.05 + b;
                s.x[t * s.batch + b] = (float) (Math.sin(u) + 0.5 * Math.sin(3.1 * u) + 0.1 * noise.nextGaussian());
                s.y[t * s.batch + b] = (float) (Math.sin(u + 0.05) + 0.5 * Math.sin(3.1 * (u + 0.05)));
            }
        }
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
