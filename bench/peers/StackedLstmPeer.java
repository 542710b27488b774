// A peer of `tbptt4j bench --layers N` on PyTorch 2.10 (libtorch through org.bytedeco:pytorch, from Maven
// Central): the shared peers (../shared/peers) train one LSTM layer and have no --layers, so this one trains a
// stack of N (torch::nn::LSTM with num_layers = N, no dropout) on the same workload and prints the same JSON
// line plus "layers". Run it through stacked-lstm-peer.sh beside this file.
//
// Workload: B streams x T steps of sin(t * fr + ph) + 0.1 * noise (phase and frequency drawn per stream and
// feature), F features; predict the next value through a linear head H -> F; MSE; Adam(lr 1e-3); TBPTT(k, k):
// the stream is cut into chunks of k steps, each chunk one update, the state carried between chunks and
// detached. k1 != k2 is refused (the shared peers' k1 != k2 recipes are not rebuilt here).
// steps_per_s = B x k x (updates after the first --warmup ones) / seconds between them.
import static org.bytedeco.pytorch.global.torch.manual_seed;
import static org.bytedeco.pytorch.global.torch.mse_loss;
import static org.bytedeco.pytorch.global.torch.set_num_threads;
import static org.bytedeco.pytorch.global.torch.zeros;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.LSTMImpl;
import org.bytedeco.pytorch.LSTMOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.T_TensorT_TensorTensor_T_T;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;

public final class StackedLstmPeer {

    /** The flags, their defaults (those of the shared peers, layers 1), in the order the JSON line prints them. */
    private static Map<String, Long> flags(String[] args) {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("threads", 2L);
        f.put("hidden", 128L);
        f.put("layers", 1L);
        f.put("batch", 32L);
        f.put("features", 1L);
        f.put("steps", 20000L);
        f.put("k1", 50L);
        f.put("k2", 50L);
        f.put("seed", 7L);
        f.put("warmup", 5L);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!f.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; the options are --" + String.join(" --", f.keySet()));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            try {
                f.put(name, Long.parseLong(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " takes a whole number, got " + args[i + 1]);
            }
        }
        for (String name : f.keySet()) {
            if (f.get(name) < (name.equals("warmup") ? 0 : 1)) {
                throw new IllegalArgumentException("--" + name + " must be " + (name.equals("warmup") ? "at least 0" : "positive")
                        + ", got " + f.get(name));
            }
        }
        if (!f.get("k1").equals(f.get("k2"))) {
            throw new IllegalArgumentException("--k1 " + f.get("k1") + " and --k2 " + f.get("k2") + " differ: this peer runs TBPTT(k, k) "
                    + "only; for k1 != k2 at one layer use ../shared/peers/libtorch/run.sh");
        }
        if (f.get("steps") / f.get("k1") <= f.get("warmup")) {
            throw new IllegalArgumentException("--steps " + f.get("steps") + " leaves no timed update: it needs more than k1 x warmup = "
                    + f.get("k1") * f.get("warmup") + " steps");
        }
        return f;
    }

    /** The streams, (B, T + 1, F) row-major: value t of stream b, feature f at (b * (T + 1) + t) * F + f. */
    private static float[] streams(int B, int T, int F, long seed) {
        Random rng = new Random(seed);
        float[] v = new float[B * (T + 1) * F];
        for (int b = 0; b < B; b++) {
            for (int f = 0; f < F; f++) {
                double ph = rng.nextDouble() * 6.283;
                double fr = 0.01 + 0.05 * rng.nextDouble();
                for (int t = 0; t <= T; t++) {
                    v[(b * (T + 1) + t) * F + f] = (float) (Math.sin(t * fr + ph) + 0.1 * rng.nextGaussian());
                }
            }
        }
        return v;
    }

    public static void main(String[] args) {
        Map<String, Long> a;
        try {
            a = flags(args);
        } catch (IllegalArgumentException e) {
            System.err.println("stacked-lstm-peer: " + e.getMessage());
            System.exit(2);
            return;
        }
        int H = a.get("hidden").intValue(), L = a.get("layers").intValue(), B = a.get("batch").intValue();
        int F = a.get("features").intValue(), T = a.get("steps").intValue(), k = a.get("k1").intValue();
        int warmup = a.get("warmup").intValue();
        set_num_threads(a.get("threads").intValue());
        manual_seed(a.get("seed"));

        Tensor series = Tensor.create(streams(B, T, F, a.get("seed")), B, T + 1, F);
        Tensor inputs = series.narrow(1, 0, T).contiguous();    // (B, T, F): values 0 .. T-1
        Tensor targets = series.narrow(1, 1, T).contiguous();   // (B, T, F): values 1 .. T

        LSTMOptions options = new LSTMOptions(F, H);
        options.num_layers().put(L);
        options.batch_first().put(true);
        Module model = new Module();
        LSTMImpl lstm = model.register_module("lstm", new LSTMImpl(options));
        LinearImpl head = model.register_module("head", new LinearImpl(H, F));
        Adam adam = new Adam(model.parameters(), new AdamOptions(1e-3));

        Tensor h = zeros(L, B, H), c = zeros(L, B, H);   // (L, B, H): every layer's state, carried across chunks
        int updates = T / k;
        double[] losses = new double[updates];
        long start = System.nanoTime();
        for (int u = 0; u < updates; u++) {
            T_TensorT_TensorTensor_T_T run = lstm.forward(inputs.narrow(1, (long) u * k, k), new T_TensorTensor_T(h.detach(), c.detach()));
            Tensor loss = mse_loss(head.forward(run.get0()), targets.narrow(1, (long) u * k, k));
            adam.zero_grad();
            loss.backward();
            adam.step();
            losses[u] = loss.item_float();
            h = run.get1().get0();
            c = run.get1().get1();
            if (u + 1 == warmup) {
                start = System.nanoTime();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double finalLoss = 0;
        int last = Math.min(10, updates);
        for (int u = updates - last; u < updates; u++) {
            finalLoss += losses[u] / last;
        }
        StringBuilder json = new StringBuilder("{\"impl\": \"libtorch-2.10.0\", \"peer\": \"bench/peers/StackedLstmPeer\"");
        a.forEach((name, value) -> json.append(", \"").append(name).append("\": ").append(value));
        json.append(String.format(Locale.ROOT, ", \"seconds\": %.3f, \"steps_per_s\": %.1f, \"final_loss\": %.5f}",
                seconds, (double) (updates - warmup) * k * B / seconds, finalLoss));
        System.out.println(json);
    }
}
