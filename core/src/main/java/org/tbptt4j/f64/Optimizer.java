package org.tbptt4j.f64;

import org.tbptt4j.model.OptimizerConfig;

/**
 * An update rule over the flat parameter and gradient arrays, with PyTorch's definitions
 * ({@code torch.optim}); its state arrays are sized once. {@link #step} takes the learning rate
 * each time so that schedules and randomized window lengths can scale it. Every parameter's update
 * is independent of the others', so large models update in two halves on two threads
 * ({@link Parallel#halves}), with the same results.
 */
public abstract class Optimizer {

    protected final OptimizerConfig config;

    private Optimizer(OptimizerConfig config) {
        this.config = config;
    }

    /** The optimizer for {@code size} parameters. */
    public static Optimizer of(OptimizerConfig c, int size) {
        return switch (c.kind()) {
            case SGD -> new Sgd(c, size);
            case ADAM, ADAMW -> new Adam(c, size);
            case RMSPROP -> new RmsProp(c, size);
            case ADAGRAD -> new Adagrad(c, size);
        };
    }

    /** w -= update(g), with learning rate lr. g is not modified. */
    public abstract void step(double[] w, double[] g, /*wide*/ double lr);

    /** g + weightDecay * w, the L2-penalised gradient (PyTorch's weight_decay). */
    final double penalised(double[] w, double[] g, int i) {
        return config.weightDecay() == 0 ? g[i] : (double) (g[i] + config.weightDecay() * w[i]);
    }

    /** SGD: buf = momentum * buf + g (buf = g at the first step); d = g + momentum * buf (Nesterov) or buf. */
    static final class Sgd extends Optimizer {
        private final double[] buf;
        private boolean first = true;

        Sgd(OptimizerConfig c, int size) {
            super(c);
            buf = new double[c.momentum() > 0 ? size : 0];
        }

        @Override
        public void step(double[] w, double[] g, /*wide*/ double lr) {
            /*wide*/ double m = config.momentum();
            boolean firstStep = first;
            Parallel.halves(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double d = penalised(w, g, i);
                    if (m > 0) {
                        buf[i] = firstStep ? d : (double) (m * buf[i] + d);
                        d = config.nesterov() ? (double) (d + m * buf[i]) : buf[i];
                    }
                    w[i] -= (double) (lr * d);
                }
            });
            first = false;
        }
    }

    /** Adam (and AdamW: w *= 1 - lr * weightDecay first, no L2 term), with bias correction. */
    static final class Adam extends Optimizer {
        private final double[] m;
        private final double[] v;
        private int t;

        Adam(OptimizerConfig c, int size) {
            super(c);
            m = new double[size];
            v = new double[size];
        }

        @Override
        public void step(double[] w, double[] g, /*wide*/ double lr) {
            t++;
            boolean decoupled = config.kind() == OptimizerConfig.Kind.ADAMW;
            // the per-step constants in the engine's precision, so that the loop vectorises
            double b1 = (double) config.beta1();
            double b2 = (double) config.beta2();
            double c1 = (double) (1 - config.beta1());
            double c2 = (double) (1 - config.beta2());
            double stepSize = (double) (lr / (1 - Math.pow(config.beta1(), t)));
            double invSqrtBc2 = (double) (1 / Math.sqrt(1 - Math.pow(config.beta2(), t)));
            double eps = (double) config.eps();
            double decay = (double) (decoupled ? 1 - lr * config.weightDecay() : 1);
            double wd = (double) (decoupled ? 0 : config.weightDecay());
            Parallel.halves(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double wi = w[i] * decay;
                    double gi = g[i] + wd * wi;
                    double mi = b1 * m[i] + c1 * gi;
                    double vi = b2 * v[i] + c2 * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    w[i] = wi - stepSize * mi / ((double) Math.sqrt(vi) * invSqrtBc2 + eps);
                }
            });
        }
    }

    /** RMSprop: sq = alpha * sq + (1 - alpha) * g^2; with momentum buf = momentum * buf + g / (sqrt(sq) + eps). */
    static final class RmsProp extends Optimizer {
        private final double[] sq;
        private final double[] buf;

        RmsProp(OptimizerConfig c, int size) {
            super(c);
            sq = new double[size];
            buf = new double[c.momentum() > 0 ? size : 0];
        }

        @Override
        public void step(double[] w, double[] g, /*wide*/ double lr) {
            /*wide*/ double a = config.alpha();
            Parallel.halves(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = penalised(w, g, i);
                    sq[i] = (double) (a * sq[i] + (1 - a) * gi * gi);
                    /*wide*/ double d = gi / (Math.sqrt(sq[i]) + config.eps());
                    if (buf.length > 0) {
                        buf[i] = (double) (config.momentum() * buf[i] + d);
                        d = buf[i];
                    }
                    w[i] -= (double) (lr * d);
                }
            });
        }
    }

    /** Adagrad: sum += g^2; w -= lr * g / (sqrt(sum) + eps). */
    static final class Adagrad extends Optimizer {
        private final double[] sum;

        Adagrad(OptimizerConfig c, int size) {
            super(c);
            sum = new double[size];
        }

        @Override
        public void step(double[] w, double[] g, /*wide*/ double lr) {
            Parallel.halves(w.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = penalised(w, g, i);
                    sum[i] += gi * gi;
                    w[i] -= (double) (lr * gi / (Math.sqrt(sum[i]) + config.eps()));
                }
            });
        }
    }
}
