package org.tbptt4j.train;

/**
 * Learning rate per epoch. Immutable.
 *
 * @param kind   constant, step decay (times {@code factor} every {@code every} epochs) or cosine
 *               annealing from the base rate to {@code factor} times it over the run
 * @param every  step decay period in epochs
 * @param factor step decay multiplier, or the cosine schedule's final fraction of the base rate
 */
public record LrSchedule(Kind kind, int every, double factor) {

    public enum Kind { CONSTANT, STEP, COSINE }

    public LrSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is missing: use constant, step or cosine");
        }
        if (kind == Kind.STEP && every < 1) {
            throw new IllegalArgumentException("a step schedule needs a period of at least 1 epoch, got " + every);
        }
        if (kind != Kind.CONSTANT && !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("the schedule's factor must be in (0, 1], got " + factor);
        }
    }

    public static LrSchedule constant() {
        return new LrSchedule(Kind.CONSTANT, 1, 1);
    }

    /** lr * factor^(epoch / every). */
    public static LrSchedule step(int every, double factor) {
        return new LrSchedule(Kind.STEP, every, factor);
    }

    /** Cosine from lr down to lr * finalFraction at the last epoch. */
    public static LrSchedule cosine(double finalFraction) {
        return new LrSchedule(Kind.COSINE, 1, finalFraction);
    }

    /** The rate for 0-based {@code epoch} of {@code epochs}. */
    public double at(int epoch, double base, int epochs) {
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(factor, epoch / every);
            case COSINE -> {
                double progress = epochs <= 1 ? 0 : (double) epoch / (epochs - 1);
                yield base * (factor + (1 - factor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
            }
        };
    }
}
