package org.tbptt4j.experiment;

import java.util.List;
import org.tbptt4j.model.ParameterException;

/**
 * A grid search: configurations, each repeated {@code repeats} times. Repeat r of every
 * configuration uses the same seed (common random numbers), so differences between
 * configurations are not differences of luck.
 *
 * @param configs  the configurations, in the order they are run and reported
 * @param repeats  trials per configuration (30 by default)
 * @param seed     base seed
 */
public record Grid(List<RunConfig> configs, int repeats, long seed) {

    /** The default number of repeats per configuration. */
    public static final int DEFAULT_REPEATS = 30;

    public Grid {
        configs = List.copyOf(configs);
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("the grid has no configuration");
        }
        if (repeats < 1) {
            throw new ParameterException("repeats = " + repeats + " is less than 1", "repeats");
        }
    }

    /** Trials in all. */
    public int size() {
        return configs.size() * repeats;
    }

    /** The seed of repeat r (the same for every configuration). */
    public long seedOf(int repeat) {
        return seed * 1_000_003L + repeat;
    }
}
