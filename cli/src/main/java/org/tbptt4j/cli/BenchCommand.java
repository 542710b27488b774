package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Optimizer;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.f32.TbpttTrainer;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.model.TbpttConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j bench}: the workload of the PyTorch peer benchmark (the peer script in the shared folder, {@code peers/}),
 * with the same flags and the same JSON keys: B streams of a noisy sine mixture, one LSTM layer of H
 * units (or a stack of {@code --layers} of them), a linear head to F outputs (next-step prediction), MSE,
 * Adam(1e-3), TBPTT(k1, k2). steps_per_s counts rows x steps trained after the warm-up updates.
 * The shared peers train one layer only; {@code bench/peers/stacked-lstm-peer.sh} is the stacked peer.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark: TBPTT training throughput on the PyTorch peer benchmark's workload.",
                "Prints one JSON line with the peer's keys (impl, steps_per_s, final_loss, ...), one per --rounds."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--hidden", defaultValue = "128", description = "LSTM hidden units. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked LSTM layers of --hidden units each, no dropout "
            + "(the shared PyTorch peers train 1; bench/peers/stacked-lstm-peer.sh trains more). Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--batch", defaultValue = "32", description = "Parallel streams (rows). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "20000", description = "Steps per stream. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--features", defaultValue = "1", description = "Input features = outputs. Default: ${DEFAULT-VALUE}.")
    int features;

    @Option(names = "--k1", defaultValue = "50", description = "Steps between updates. Default: ${DEFAULT-VALUE}.")
    int k1;

    @Option(names = "--k2", defaultValue = "50", description = "Steps of backpropagation. Default: ${DEFAULT-VALUE}.")
    int k2;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "split-rows", description = "How the products run: "
            + "split-rows (the batch's rows split between the two threads for a whole block forward and a whole window down the "
            + "backward chain, then each step's weight gradients split by gate units), per-step (every product per step, the "
            + "reference), or batched (each block's input parts and each window's weight gradients one product per layer, "
            + "Appleyard et al. 2016). The first two give the same bits. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--warmup", defaultValue = "5", description = "Updates run before the clock starts. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--rounds", defaultValue = "1", description = "Times the whole run is repeated in this JVM, from the "
            + "same initial weights on the same data, one JSON line each: later rounds run on kernels the JIT has already "
            + "compiled, so the last line is the engine's speed without the JVM's warm-up. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Mixin
    ThreadOptions threadOptions;

    @Override
    public Integer call() {
        threadOptions.apply();
        if (hidden < 1 || batch < 1 || features < 1 || k1 < 1 || k2 < 1 || warmup < 0) {
            throw new UserErrors.UserError("--hidden, --batch, --features, --k1 and --k2 must be positive, --warmup >= 0");
        }
        if (rounds < 1) {
            throw new UserErrors.UserError("--rounds must be at least 1 (runs of the whole workload in this JVM), got " + rounds);
        }
        if (layers < 1) {
            throw new UserErrors.UserError("--layers must be at least 1 (stacked LSTM layers), got " + layers);
        }
        if (steps < k1 * (warmup + 1)) {
            throw new UserErrors.UserError("--steps " + steps + " is too short: it needs at least k1 x (warmup + 1) = "
                    + k1 * (warmup + 1) + " steps");
        }
        TbpttTrainer.Path products = switch (path) {
            case "split-rows" -> TbpttTrainer.Path.SPLIT_ROWS;
            case "per-step" -> TbpttTrainer.Path.PER_STEP;
            case "batched" -> TbpttTrainer.Path.BATCHED;
            default -> throw new UserErrors.UserError("--path " + path + " is not a path: use split-rows, per-step or batched");
        };
        PrintWriter out = spec.commandLine().getOut();
        StreamBatch data = series(batch, steps, features, seed); // every round trains on the same data
        for (int round = 1; round <= rounds; round++) {
            runRound(round, products, data, out);
        }
        return 0;
    }

    /** One run of the workload on data from the initial weights: trains it, then prints its JSON line. */
    private void runRound(int round, TbpttTrainer.Path products, StreamBatch data, PrintWriter out) {
        TbpttTrainer trainer = workload(features, hidden, layers, batch, k1, k2, seed);
        trainer.setPath(products);
        int updates = steps / k1;
        double[] losses = new double[updates];
        long[] clock = {System.nanoTime()};
        trainer.setListener((u, loss, count, norm) -> {
            losses[(int) u] = loss;
            if (u + 1 == warmup) {
                clock[0] = System.nanoTime();
            }
        });
        trainer.feed(data.slice(0, updates * k1)); // whole updates only, as the peer does
        double seconds = (System.nanoTime() - clock[0]) / 1e9;
        long done = (long) (updates - warmup) * k1 * batch;
        double last = 0;
        int n = Math.min(10, updates);
        for (int i = updates - n; i < updates; i++) {
            last += losses[i] / n;
        }
        out.printf(Locale.ROOT, "{\"impl\": \"tbptt4j-%s\", \"threads\": %d, \"device\": \"cpu\", \"hidden\": %d, \"layers\": %d, "
                        + "\"batch\": %d, \"features\": %d, \"steps\": %d, \"k1\": %d, \"k2\": %d, \"seconds\": %.3f, "
                        + "\"steps_per_s\": %.1f, \"final_loss\": %.5f, \"java\": \"%s\", \"path\": \"%s\", \"round\": %d}%n",
                version(), threadOptions.threads, hidden, layers, batch, features, steps, k1, k2, seconds, done / seconds, last,
                System.getProperty("java.version"), path, round);
        out.flush();
    }

    /**
     * The peer benchmark's model and training: {@code layers} stacked LSTM layers of H units (the peers' default
     * is one), a linear head to F outputs, MSE, Adam(1e-3), TBPTT(k1, k2), PyTorch's default initialisation from the seed.
     */
    static TbpttTrainer workload(int features, int hidden, int layers, int batch, int k1, int k2, long seed) {
        ModelConfig model = ModelConfig.of(CellType.LSTM, features, hidden, layers, features);
        Network net = new Network(model);
        net.setParameters(Initializer.pytorchDefault().initialise(model, seed));
        return new TbpttTrainer(net, TbpttConfig.of(k1, k2), Loss.of(LossType.MSE),
                Optimizer.of(OptimizerConfig.adam(1e-3), net.params.length), 1e-3, batch, seed);
    }

    /** B streams of a noisy sine mixture (random phase and frequency per stream and feature); target = next value. */
    static StreamBatch series(int batch, int steps, int features, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] phase = new double[batch][features];
        double[][] freq = new double[batch][features];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < features; f++) {
                phase[b][f] = rng.nextDouble() * 6.283;
                freq[b][f] = 0.01 + 0.05 * rng.nextDouble();
            }
        }
        double[] v = new double[(steps + 1) * batch * features];
        for (int t = 0; t <= steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int f = 0; f < features; f++) {
                    v[(t * batch + b) * features + f] = Math.sin(t * freq[b][f] + phase[b][f]) + 0.1 * rng.nextGaussian();
                }
            }
        }
        StreamBatch s = new StreamBatch(batch, steps, features, features);
        int w = batch * features;
        for (int i = 0; i < steps * w; i++) {
            s.x[i] = (float) v[i];
            s.y[i] = (float) v[i + w];
        }
        java.util.Arrays.fill(s.mask, true);
        return s;
    }

    private static String version() {
        return org.tbptt4j.experiment.GridFiles.libraryVersion();
    }
}
