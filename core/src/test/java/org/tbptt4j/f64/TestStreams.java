package org.tbptt4j.f64;

import java.util.SplittableRandom;
import org.tbptt4j.model.Initializer;
import org.tbptt4j.model.ModelConfig;

/** Random streams and models for the trainer's tests. */
final class TestStreams {

    private TestStreams() {
    }

    /** B rows of T steps, inputs N(0,1)-ish, targets uniform; with ragged = resets every few steps and masked tails. */
    static StreamBatch random(int batch, int steps, int features, int outputs, long seed, boolean ragged) {
        SplittableRandom rng = new SplittableRandom(seed);
        StreamBatch s = new StreamBatch(batch, steps, features, outputs);
        for (int i = 0; i < s.x.length; i++) {
            s.x[i] = rng.nextDouble(-1.5, 1.5);
        }
        for (int i = 0; i < s.y.length; i++) {
            s.y[i] = rng.nextDouble(-1, 1);
        }
        java.util.Arrays.fill(s.mask, true);
        if (ragged) {
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    s.reset[t * batch + b] = t > 0 && rng.nextInt(5) == 0;
                }
                int pad = rng.nextInt(3);
                for (int t = steps - pad; t < steps; t++) {
                    s.mask[t * batch + b] = false;
                }
            }
        }
        return s;
    }

    /** As {@link #random}, with a class id in [0, classes) per (row, step) as the target (cross-entropy). */
    static StreamBatch classes(int batch, int steps, int features, int classes, long seed, boolean ragged) {
        StreamBatch r = random(batch, steps, features, 1, seed, ragged);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (int i = 0; i < r.y.length; i++) {
            r.y[i] = rng.nextInt(classes);
        }
        return r;
    }

    /** A network with seeded PyTorch-default weights (scaled up so gradients are not tiny). */
    static Network network(ModelConfig c, long seed) {
        Network net = new Network(c, MatMul.fast());
        double[] w = Initializer.pytorchDefault().initialise(c, seed);
        for (int i = 0; i < w.length; i++) {
            w[i] *= 1.5;
        }
        net.setParameters(w);
        return net;
    }
}
