package org.tbptt4j.model;

import java.util.Locale;

/**
 * An optimizer and its hyper-parameters, with PyTorch's definitions and defaults. Immutable; build
 * one with the static factories and adjust with the {@code with...} methods.
 *
 * @param kind        which update rule
 * @param lr          learning rate
 * @param momentum    SGD momentum (0 = none); RMSprop momentum
 * @param nesterov    SGD: Nesterov momentum
 * @param beta1       Adam/AdamW first-moment decay
 * @param beta2       Adam/AdamW second-moment decay
 * @param eps         the denominator's epsilon (Adam 1e-8, RMSprop 1e-8, Adagrad 1e-10)
 * @param weightDecay L2 penalty added to the gradient (SGD, Adam, RMSprop, Adagrad); decoupled decay for AdamW
 * @param alpha       RMSprop smoothing constant
 */
public record OptimizerConfig(Kind kind, double lr, double momentum, boolean nesterov, double beta1, double beta2,
                              double eps, double weightDecay, double alpha) {

    public enum Kind {
        SGD, ADAM, ADAMW, RMSPROP, ADAGRAD;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id().equalsIgnoreCase(s.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown optimizer '" + s + "': use sgd, adam, adamw, rmsprop or adagrad");
        }
    }

    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind is missing: use sgd, adam, adamw, rmsprop or adagrad");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0) || !(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("eps must be > 0, weight decay >= 0 and alpha in [0, 1)");
        }
    }

    /** Plain SGD, w -= lr * g (the fixtures' optimizer). */
    public static OptimizerConfig sgd(double lr) {
        return new OptimizerConfig(Kind.SGD, lr, 0, false, 0.9, 0.999, 1e-8, 0, 0.99);
    }

    /** SGD with (optionally Nesterov) momentum, PyTorch's: buf = m * buf + g. */
    public static OptimizerConfig sgd(double lr, double momentum, boolean nesterov) {
        return new OptimizerConfig(Kind.SGD, lr, momentum, nesterov, 0.9, 0.999, 1e-8, 0, 0.99);
    }

    /** Adam with betas (0.9, 0.999), eps 1e-8. */
    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig(Kind.ADAM, lr, 0, false, 0.9, 0.999, 1e-8, 0, 0.99);
    }

    /** AdamW with decoupled weight decay (PyTorch's default 0.01). */
    public static OptimizerConfig adamW(double lr, double weightDecay) {
        return new OptimizerConfig(Kind.ADAMW, lr, 0, false, 0.9, 0.999, 1e-8, weightDecay, 0.99);
    }

    /** RMSprop with alpha 0.99, eps 1e-8. */
    public static OptimizerConfig rmsprop(double lr) {
        return new OptimizerConfig(Kind.RMSPROP, lr, 0, false, 0.9, 0.999, 1e-8, 0, 0.99);
    }

    /** Adagrad with eps 1e-10. */
    public static OptimizerConfig adagrad(double lr) {
        return new OptimizerConfig(Kind.ADAGRAD, lr, 0, false, 0.9, 0.999, 1e-10, 0, 0.99);
    }

    /** The default for the given kind and learning rate. */
    public static OptimizerConfig of(Kind kind, double lr) {
        return switch (kind) {
            case SGD -> sgd(lr);
            case ADAM -> adam(lr);
            case ADAMW -> adamW(lr, 0.01);
            case RMSPROP -> rmsprop(lr);
            case ADAGRAD -> adagrad(lr);
        };
    }

    public OptimizerConfig withLr(double v) {
        return new OptimizerConfig(kind, v, momentum, nesterov, beta1, beta2, eps, weightDecay, alpha);
    }

    public OptimizerConfig withWeightDecay(double v) {
        return new OptimizerConfig(kind, lr, momentum, nesterov, beta1, beta2, eps, v, alpha);
    }

    public OptimizerConfig withMomentum(double v, boolean nest) {
        return new OptimizerConfig(kind, lr, v, nest, beta1, beta2, eps, weightDecay, alpha);
    }
}
