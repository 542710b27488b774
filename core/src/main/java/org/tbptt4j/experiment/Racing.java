package org.tbptt4j.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Racing: a grid's repeats run in rounds of R, and after each round a configuration significantly
 * worse than the round's best stops receiving repeats, so the repeats go where the ranking is still
 * open. "Significantly worse" is the ranking's own test: Welch's t-test of its mean against the
 * best's over the repeats so far, the p-values of the round's comparisons Holm-adjusted, eliminated
 * below {@link GridSummary#TIE_P}. A configuration every one of whose repeats so far diverged is
 * eliminated too (it has no value to test).
 *
 * <p>The race is a function of the journal: {@link #eliminations} replays it from the trials, round
 * by round, using only the repeats before each round's end, so the grid that runs it, a resumed run
 * and {@code tbptt4j report} all find the same eliminations.
 */
public final class Racing {

    private Racing() {
    }

    /**
     * A configuration that stopped receiving repeats.
     *
     * @param index     its index in the grid
     * @param round     the round after which it was eliminated (1 = the first)
     * @param repeats   the repeats it ran: round x R
     * @param pHolm     its Holm-adjusted Welch p-value against the round's best (0 when every repeat diverged)
     * @param bestIndex the round's best configuration
     */
    public record Elimination(int index, int round, int repeats, double pHolm, int bestIndex) {
    }

    /**
     * Replays the race over the trials, up to the first round not every surviving configuration has finished.
     *
     * @param byConfig per configuration, its trials (repeats beyond a round's end are ignored for that round)
     * @param repeats  repeats per configuration without racing
     * @param round    repeats per round, at least 2
     */
    public static List<Elimination> eliminations(List<List<TrialRecord>> byConfig, int repeats, int round) {
        List<Elimination> out = new ArrayList<>();
        Set<Integer> eliminated = new HashSet<>();
        for (int r = 1; r * round < repeats; r++) {
            int end = r * round;
            List<Integer> alive = new ArrayList<>();
            List<Statistics.Summary> stats = new ArrayList<>();
            for (int i = 0; i < byConfig.size(); i++) {
                if (eliminated.contains(i)) {
                    continue;
                }
                List<Double> values = new ArrayList<>();
                int ran = 0;
                for (TrialRecord t : byConfig.get(i)) {
                    if (TrialKey.repeatOf(t.key()) < end) {
                        ran++;
                        if (!t.diverged()) {
                            values.add(t.metric());
                        }
                    }
                }
                if (ran < end) {
                    return out; // the round is not complete: nothing more is decided yet
                }
                alive.add(i);
                stats.add(Statistics.summarize(values.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            int best = -1;
            for (int a = 0; a < alive.size(); a++) {
                if (stats.get(a).n() > 0 && (best < 0 || stats.get(a).mean() < stats.get(best).mean())) {
                    best = a;
                }
            }
            if (alive.size() < 2 || best < 0) {
                return out;
            }
            double[] p = new double[alive.size()];
            for (int a = 0; a < alive.size(); a++) {
                p[a] = a == best ? Double.NaN : stats.get(a).n() == 0 ? 0 : Statistics.welchP(stats.get(a), stats.get(best));
            }
            double[] holm = Statistics.holm(p);
            for (int a = 0; a < alive.size(); a++) {
                boolean worse = stats.get(a).n() == 0 || stats.get(a).mean() > stats.get(best).mean();
                if (a != best && worse && holm[a] < GridSummary.TIE_P) {
                    eliminated.add(alive.get(a));
                    out.add(new Elimination(alive.get(a), r, end, holm[a], alive.get(best)));
                }
            }
        }
        return out;
    }

    /** The repeats each configuration may run: those before its elimination, or all {@code repeats}. */
    public static int[] allowed(int configs, int repeats, List<Elimination> eliminations) {
        int[] out = new int[configs];
        java.util.Arrays.fill(out, repeats);
        for (Elimination e : eliminations) {
            out[e.index()] = e.repeats();
        }
        return out;
    }
}
