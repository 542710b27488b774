package org.tbptt4j.experiment;

import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.model.ParameterException;

/**
 * A grid search: configurations, each repeated {@code repeats} times. Repeat r of every
 * configuration uses the same seed (common random numbers), so differences between
 * configurations are not differences of luck.
 *
 * @param configs   the configurations, in the order they are run and reported
 * @param repeats   trials per configuration (30 by default)
 * @param seed      base seed
 * @param names     per configuration, the labels of every configuration of the grid as asked that trains
 *                  exactly as it does, its own first ({@link GridSearch#mergeIdentical} merges them)
 * @param raceRound 0 = every configuration gets every repeat; R &gt; 0 = racing: repeats run in rounds of
 *                  R, and after each round a configuration significantly worse than the best gets no
 *                  more ({@link Racing})
 */
public record Grid(List<RunConfig> configs, int repeats, long seed, List<List<String>> names, int raceRound) {

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
        if (raceRound < 0 || raceRound == 1) {
            throw new IllegalArgumentException("a racing round has at least 2 repeats (Welch's test needs two values), got "
                    + raceRound);
        }
        List<List<String>> n = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            n.add(names != null && i < names.size() && !names.get(i).isEmpty() ? List.copyOf(names.get(i))
                    : List.of(GridSearch.label(configs.get(i))));
        }
        names = List.copyOf(n);
    }

    /** Every configuration once, each under its own label, without racing. */
    public Grid(List<RunConfig> configs, int repeats, long seed) {
        this(configs, repeats, seed, null, 0);
    }

    /** The same grid raced in rounds of {@code round} repeats (0 = no racing). */
    public Grid withRace(int round) {
        return new Grid(configs, repeats, seed, names, round);
    }

    /** Trials in all, without racing. */
    public int size() {
        return configs.size() * repeats;
    }

    /** The seed of repeat r (the same for every configuration). */
    public long seedOf(int repeat) {
        return seed * 1_000_003L + repeat;
    }
}
