package org.tbptt4j.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.analysis.Horizon;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.f32.LagGradients;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.train.AdaptiveK2;
import org.tbptt4j.train.TrainingHistory;

/**
 * The memory horizon in a grid (issue 17): before the search, one configuration of the grid is
 * trained as its trial r00 trains it (repeat 0's seed, the same budget per trial), its horizon is
 * measured by {@link LagGradients} on the validation part when its stream holds twice the max lag
 * (else on the training part, laid out as validation is; at most half the stream's steps are
 * measured, so that as many loss positions remain), and the suggested window K becomes one more
 * configuration of the grid, compared under the same budget and repeats as the others:
 * TBPTT(K, 2K - 1) ({@code decoupled}, the warm-up's model and training), an update every K steps
 * with every loss reaching at least K steps back (k2 = K + k1 - 1, {@link AdaptiveK2#k2ForWindow}),
 * as the issue pairs lag 10 with TBPTT(10, 19). Its first name is {@code horizon: ...}.
 *
 * <p>The warm-up is a full trial, not a few epochs: the horizon of a network that has not learnt its
 * memory yet is short (the copy task with lag 10 suggested 8 after 2 epochs and 17 after 15).
 * When the analysis gives no reliable suggestion (the gradient does not decay geometrically within
 * the max lag) or finds no long memory, nothing is added and the summary says why.
 */
public final class GridHorizon {

    /** The pseudo-strategy name that asks a grid for the horizon's configuration. */
    public static final String NAME = "horizon";
    /** The first name of the horizon's configuration in the grid, before its label. */
    public static final String PREFIX = NAME + ": ";
    /** The default relative truncation bias the suggestion keeps under. */
    public static final double DEFAULT_TOLERANCE = 0.1;
    /** The default lags measured (fewer when the measured stream is shorter). */
    public static final int DEFAULT_MAX_LAG = 100;
    /** Loss positions sampled along the measured stream (each with every row). */
    public static final int POSITIONS = 64;
    /**
     * The strategies whose configurations the horizon is measured on, in order of preference:
     * one-step (TBPTT(1,1)) is not among them, a network it trains has learnt no memory to measure.
     */
    public static final List<String> WARMS_UP = List.of(StrategySpec.Domain.NAME, StrategySpec.Naive.NAME, StrategySpec.Packed.NAME,
            StrategySpec.Decoupled.NAME, StrategySpec.AsIs.NAME);

    private GridHorizon() {
    }

    /**
     * The configuration to warm up: the grid's first {@code domain} configuration (the one the ACF
     * chose), else its first naive, packed, decoupled or as-is one ({@link #WARMS_UP}); -1 when it has none.
     */
    public static int warmUpIndex(List<RunConfig> configs) {
        for (String s : WARMS_UP) {
            for (int i = 0; i < configs.size(); i++) {
                if (configs.get(i).strategy().equals(s)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Trains the grid's configuration {@code warmUp} with {@code seed} (repeat 0's: what its trial
     * r00 trains) and measures its horizon.
     *
     * @param tolerance the relative truncation bias allowed, in (0, 1)
     * @param maxLag    lags to measure, at least 1; fewer when the measured stream is shorter
     */
    public static GridSummary.MemoryHorizon measure(Preparation prep, RunConfig warmUp, long seed, double tolerance,
                                                     int maxLag) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("the horizon tolerance is a relative bias in (0, 1), got " + tolerance);
        }
        if (maxLag < 1) {
            throw new IllegalArgumentException("the horizon's max lag is at least 1, got " + maxLag);
        }
        Experiment.Outcome o = Experiment.run(prep, warmUp.withSeed(seed), null);
        StreamBatch stream = null;
        String part = "training";
        if (!prep.validation().isEmpty()) {
            stream = StreamBatch.fromLayout(Experiment.validationLayout(prep.validation(), warmUp.batch()));
            part = "validation";
        }
        if (stream == null || stream.steps < 2 * maxLag) {
            // too short to hold maxLag lags behind as many loss positions: the training part, laid out as validation is
            stream = StreamBatch.fromLayout(Experiment.validationLayout(prep.train(), warmUp.batch()));
            part = "training";
        }
        TrainingHistory h = o.history();
        if (h.stop() == TrainingHistory.Stop.DIVERGED && h.bestEpoch() == 0) {
            return none(warmUp, seed, h.epochs().size(), part, maxLag, tolerance, "the warm-up training diverged (" + h.message()
                    + "): no network to measure");
        }
        int lags = Math.max(1, Math.min(maxLag, stream.steps / 2));
        Horizon.Analysis a;
        try {
            a = LagGradients.horizon(o.net(), Loss.of(o.loss()), List.of(stream), lags, POSITIONS, tolerance);
        } catch (IllegalArgumentException e) {
            return none(warmUp, seed, h.epochs().size(), part, lags, tolerance, "the horizon could not be measured: "
                    + e.getMessage());
        }
        Horizon.Choice c = a.suggestions().get(0);
        List<String> warnings = new ArrayList<>(a.warnings());
        if (lags < maxLag) {
            warnings.add(0, "the " + part + " part's stream has " + stream.steps + " steps: measured " + lags + " lags (half of"
                    + " them), not " + maxLag);
        }
        String reason = null;
        RunConfig config = null;
        if (c.k2() < 1) {
            reason = "no reliable suggestion: " + (a.warnings().isEmpty() ? "the gradient does not decay" : a.warnings().get(0));
        } else if (a.noLongMemory()) {
            reason = String.format(Locale.ROOT, "no long memory: a window of %d steps keeps all but %.0f%% of the gradient's reach"
                    + " (suggested K = %d), so no longer window is worth comparing", Horizon.FEW_LAGS,
                    100 * a.bias()[Math.min(Horizon.FEW_LAGS, a.maxLag())], c.k2());
        } else {
            RunConfig tbptt = warmUp.withStrategy(StrategySpec.decoupled(c.k2(), AdaptiveK2.k2ForWindow(c.k2(), c.k2())));
            try {
                Experiment.check(prep, tbptt);
                config = tbptt;
            } catch (IllegalArgumentException e) {
                reason = "TBPTT(" + tbptt.k1() + ", " + tbptt.k2() + ") for the suggested K = " + c.k2() + " does not fit the data: "
                        + e.getMessage();
            }
        }
        return new GridSummary.MemoryHorizon(GridSearch.label(warmUp), TrialKey.prefix(warmUp), seed, h.epochs().size(), part,
                a.maxLag(), maxLag, a.samples(), tolerance, a.phi(), a.lowerQuartile(), a.upperQuartile(), a.fit(), c.k2(), Double.isFinite(c.bias()) ? c.bias() : null, a.noLongMemory(), warnings,
                rule(a, c, part), config, reason);
    }

    private static GridSummary.MemoryHorizon none(RunConfig warmUp, long seed, int epochs, String part, int maxLag,
                                                  double tolerance, String reason) {
        return new GridSummary.MemoryHorizon(GridSearch.label(warmUp), TrialKey.prefix(warmUp), seed, epochs, part, maxLag, maxLag,
                0, tolerance, null, null, null, null, 0, null, false, List.of(), rule(tolerance), null, reason);
    }

    /**
     * The horizon an earlier run of this grid measured, read from its summary, when it measured the
     * same: the same warm-up configuration and seed, tolerance, lags asked and data. A resumed grid
     * reuses it, so its horizon configuration (and the trials journalled for it) stays the same even
     * where training is not repeatable (a budget of time), and the warm-up is not trained again.
     *
     * @return the earlier measurement, or null when there is none, it differs, or the summary cannot be read
     */
    public static GridSummary.MemoryHorizon earlier(java.nio.file.Path summary, RunConfig warmUp, long seed, double tolerance,
                                                    int maxLag, String checksum) {
        if (!java.nio.file.Files.isRegularFile(summary)) {
            return null;
        }
        try {
            GridSummary s = GridSummary.read(summary);
            GridSummary.MemoryHorizon h = s.horizon();
            boolean same = h != null && checksum.equals(s.data().checksum()) && TrialKey.prefix(warmUp).equals(h.warmUpKeyPrefix())
                    && h.seed() == seed && h.tolerance() == tolerance && h.maxLagAsked() == maxLag;
            return same ? h : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;   // an unreadable summary is rewritten by this run; the horizon is measured again
        }
    }

    /** The rule in words, without numbers: what {@code tolerance} asks of K. */
    static String rule(double tolerance) {
        return String.format(Locale.ROOT, "gradient horizon: the smallest K with bias(K) <= %s, bias(K) = the share of"
                + " sum_k phi_k at lags >= K, phi_k = mean ||dL_t/dS_(t-k)|| (beyond the max lag: phi_k ~ C beta^k)", tolerance);
    }

    /** The rule with the fit behind the suggestion. */
    private static String rule(Horizon.Analysis a, Horizon.Choice c, String part) {
        Horizon.Fit f = a.fit();
        String fit = f == null ? "no tail fit" : String.format(Locale.ROOT, "beta = %.3f [%.3f, %.3f] from lags %d-%d, R^2 %.2f",
                f.beta(), f.betaLow(), f.betaHigh(), f.from(), f.to(), f.r2());
        return rule(c.tolerance()) + "; " + fit + "; " + a.samples() + " loss samples, " + a.maxLag() + " lags, " + part
                + " part" + (c.extrapolated() ? "; K lies past the max lag (extrapolated)" : "");
    }

    /**
     * The grid with the horizon's configuration added (last, first named {@code horizon: ...}); when
     * the grid has that configuration already, its names gain the horizon's. Unchanged without one.
     */
    public static Grid withHorizon(Grid grid, GridSummary.MemoryHorizon h) {
        if (h == null || h.config() == null) {
            return grid;
        }
        List<RunConfig> configs = new ArrayList<>(grid.configs());
        List<List<String>> names = new ArrayList<>(grid.names());
        String prefix = TrialKey.prefix(h.config());
        String name = PREFIX + GridSearch.label(h.config());
        for (int i = 0; i < configs.size(); i++) {
            if (TrialKey.prefix(configs.get(i)).equals(prefix)) {
                List<String> n = new ArrayList<>(names.get(i));
                n.add(name);
                names.set(i, n);
                return new Grid(configs, grid.repeats(), grid.seed(), names, grid.raceRound());
            }
        }
        configs.add(h.config());
        names.add(List.of(name));
        return new Grid(configs, grid.repeats(), grid.seed(), names, grid.raceRound());
    }
}
