package org.tbptt4j.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.io.OutputFile;

/**
 * {@code DIR/summary.json}: the grid's definition, and per configuration the statistics of its
 * repeats (mean, sd, median, 95% Student-t interval), the ranking by mean, ties (configurations
 * whose difference from the best is not significant by Welch's t-test, Holm-corrected over the
 * comparisons with the best, p >= 0.05), the mean cost of a trial (updates, epochs, seconds), mean
 * learning curves, the race's eliminations when the grid is raced, the data at a glance, the
 * autocorrelation analysis, and the recommended configuration with the command that trains it. Everything but the definition and the data is computed from the
 * journal ({@link #withTrials}), so a reader can bring a summary up to date without writing it.
 *
 * <p>A component added later (baselines, test scores) reads as null from older files.
 *
 * @param schema        {@link GridFiles#SCHEMA} of the writer
 * @param data          the data set the grid ran on
 * @param analysis      ACF/PACF analysis; null for text and classification
 * @param metric        the metric's name, {@code validation_loss} or {@code train_loss}
 * @param lowerIsBetter whether a lower metric ranks better (always, for losses)
 * @param repeats       trials per configuration
 * @param trialsDone    trials of this grid in the journal
 * @param trialsTotal   trials in the grid
 * @param stoppedEarly  whether trials are missing
 * @param stopReason    why, in words; empty when the grid ran to its end
 * @param dataArgs      the data options, repeated in each configuration's command
 * @param grid          the configurations, in grid order
 * @param configs       their results, best rank first
 * @param best          the recommended configuration; null when no trial finished
 * @param provenance    what wrote this summary (its data checksum is the grid's)
 * @param baselines     the deterministic baselines on the grid's metric, in the order they were fitted ({@link Scoring})
 * @param verdict       the recommended configuration against the best baseline, in words; null without baselines
 * @param test          the one scored test part: the recommended configuration and the baselines, in the data's units;
 *                      null until the search has ended (or when the data has no test part)
 * @param race          the race (repeats in rounds, the configurations eliminated); null when the grid is not raced
 * @param horizon       the memory horizon measured before the search ({@link GridHorizon}); null when the grid did not ask
 *                      for it (older files too)
 * @param advice        what the data and the gradients suggest, each with its rule and the configuration that tests it:
 *                      the ACF's length ({@code acf}) and the horizon's window ({@code horizon}); empty when neither applies
 */
public record GridSummary(int schema, Data data, Analysis analysis, String metric, boolean lowerIsBetter, int repeats,
                          int trialsDone, int trialsTotal, boolean stoppedEarly, String stopReason, String dataArgs,
                          List<GridEntry> grid, List<ConfigResult> configs, Best best, TrialRecord.Provenance provenance,
                          // answers (issue 14): baselines beside the configurations, the verdict, the scored test part
                          List<BaselineResult> baselines, Verdict verdict, Test test,
                          // fairness (issue 14): the race of a raced grid
                          Race race,
                          // the memory horizon (issue 17), and the suggestions beside each other
                          MemoryHorizon horizon, List<Advice> advice) {

    /**
     * Configurations not significantly worse than the best at this level are ties: Welch's p-value
     * against the best, Holm-adjusted over the comparisons with the best, at least this.
     */
    public static final double TIE_P = 0.05;

    /** The stop reason of a grid that has trials left. */
    public static final String UNFINISHED = "the grid has not run every trial yet: rerun tbptt4j grid with the same --out";

    public GridSummary {
        grid = grid == null ? List.of() : List.copyOf(grid);
        configs = configs == null ? List.of() : List.copyOf(configs);
        stopReason = stopReason == null ? "" : stopReason;
        metric = metric == null ? "metric" : metric;
        baselines = baselines == null ? List.of() : List.copyOf(baselines);
        advice = advice == null ? List.of() : List.copyOf(advice);
    }

    /**
     * The data at a glance.
     *
     * @param firstValues up to 500 training target values, for a line chart, in the data's units
     * @param column      the name of the column they come from (null in files written before it was recorded)
     */
    public record Data(String file, String checksum, String task, int sequences, long steps, double[] firstValues, String column) {
        public Data {
            firstValues = firstValues == null ? new double[0] : firstValues;
        }
    }

    /**
     * The autocorrelation analysis of the longest training series' first target.
     *
     * @param acf         r_0..r_K, r_0 = 1
     * @param acfBand     Bartlett 95% half-width per lag (0 at lag 0)
     * @param pacf        pacf_0..pacf_P, pacf_0 = 1
     * @param pacfBand    95% half-width of every PACF lag >= 1
     * @param suggestions candidate subsequence lengths with the rule behind each
     * @param pacfMethod  how the PACF was estimated and why (null in older files)
     * @param examined    which lags the suggestions examined (null in older files)
     * @param choice      the suggestion {@code --strategy domain} takes (null when none fits, and in older files)
     */
    public record Analysis(int n, double[] acf, double[] acfBand, double[] pacf, double pacfBand, List<Suggestion> suggestions,
                           String pacfMethod, String examined, Suggestion choice) {
        public Analysis {
            acf = acf == null ? new double[0] : acf;
            acfBand = acfBand == null ? new double[0] : acfBand;
            pacf = pacf == null ? new double[0] : pacf;
            suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        }
    }

    /** A suggested subsequence length and the rule, in words, that produced it. */
    public record Suggestion(int length, String rule) {
    }

    /**
     * The memory horizon of one configuration, measured before the search ({@link GridHorizon}):
     * the per-lag gradient norms phi_k of the network its trial r00 trains, the tail fit, and the
     * configuration the suggestion adds to the grid.
     *
     * @param warmUp          the configuration trained to measure it, in words
     * @param warmUpKeyPrefix its {@link TrialKey} prefix
     * @param seed            the seed it was trained with (repeat 0's)
     * @param epochs          epochs it trained
     * @param part            {@code validation} or {@code training}: the data the gradients were measured on
     * @param maxLag          K_max, the lags measured
     * @param maxLagAsked     the lags asked for (more than measured when the stream is short); 0 in files before it
     * @param samples         loss positions x rows measured
     * @param tolerance       the relative truncation bias the suggestion keeps under
     * @param phi             mean norm per lag 0..maxLag; null when nothing was measured
     * @param lowerQuartile   25% quantile per lag
     * @param upperQuartile   75% quantile per lag
     * @param fit             the geometric tail fit; null when none
     * @param window          the suggested window K: every loss needs K steps behind it; 0 when none is reliable
     * @param bias            the truncation bias at K (null when none)
     * @param noLongMemory    the reach lies within a few steps ({@link org.tbptt4j.analysis.Horizon#FEW_LAGS})
     * @param warnings        why the suggestion may not be reliable, in words
     * @param rule            the rule that produced K, with the fit's numbers
     * @param config          the configuration compared for it, TBPTT(K, 2K - 1) with the warm-up's model and training;
     *                        null when none is
     * @param reason          why none is compared (no reliable suggestion, no long memory); null when one is
     */
    public record MemoryHorizon(String warmUp, String warmUpKeyPrefix, long seed, int epochs, String part, int maxLag,
                                int maxLagAsked, int samples, double tolerance, double[] phi, double[] lowerQuartile, double[] upperQuartile,
                                org.tbptt4j.analysis.Horizon.Fit fit, int window, Double bias, boolean noLongMemory,
                                List<String> warnings, String rule, RunConfig config, String reason) {
        public MemoryHorizon {
            phi = phi == null ? new double[0] : phi;
            lowerQuartile = lowerQuartile == null ? new double[0] : lowerQuartile;
            upperQuartile = upperQuartile == null ? new double[0] : upperQuartile;
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /**
     * One suggestion beside the others.
     *
     * @param source        {@code acf} (the autocorrelation analysis' length, as {@code --strategy domain} takes it) or
     *                      {@code horizon} (the gradient horizon's window K)
     * @param length        the suggested length or window; 0 when the source suggests none
     * @param rule          the rule that produced it, in words; or why there is none
     * @param configuration the name of the grid's configuration that tests it; null when the grid has none
     */
    public record Advice(String source, int length, String rule, String configuration) {
    }

    /**
     * One configuration of the grid.
     *
     * @param keyPrefix every repeat's {@link TrialKey} starts with it
     * @param command   the command line that trains it
     * @param names     the labels of every configuration asked for that trains identically, its own first
     *                  ({@link GridSearch#mergeIdentical}); older summaries: its label alone
     */
    public record GridEntry(int index, String label, String keyPrefix, String command, RunConfig config, List<String> names) {
        public GridEntry {
            names = names == null || names.isEmpty() ? (label == null ? List.of() : List.of(label)) : List.copyOf(names);
        }
    }

    /**
     * One configuration's results over its repeats; statistics are null and rank is 0 while no repeat has a value.
     *
     * @param trainedK1    k1 as its trials trained (the layout's where the configuration says 0); null before a trial
     * @param trainedK2    k2 as trained
     * @param n            repeats with a metric value
     * @param ciLow        lower end of the 95% confidence interval of the mean
     * @param ciHigh       upper end of that interval
     * @param rank         1 = best; 0 = not ranked
     * @param tie          rank 1: whether another configuration is tied with it; below: whether it is not
     *                     significantly worse than the best (Holm-adjusted p &gt;= {@link #TIE_P})
     * @param pValueVsBest Welch's p-value against the best configuration
     * @param values       the n metric values
     * @param diverged     repeats that diverged (no metric)
     * @param curve        mean loss per epoch over the repeats
     * @param pValueHolm   {@code pValueVsBest} Holm-adjusted over every comparison with the best; what {@code tie} is judged on
     * @param cost         the mean cost of its trials (updates, epochs, seconds)
     */
    public record ConfigResult(int index, String label, RunConfig config, Integer trainedK1, Integer trainedK2, int n, Double mean,
                               Double sd, Double median, Double ciLow, Double ciHigh, int rank, boolean tie, Double pValueVsBest,
                               double[] values, int diverged, Curve curve, Double pValueHolm, Cost cost) {
        public ConfigResult {
            values = values == null ? new double[0] : values;
            curve = curve == null ? new Curve(null, null) : curve;
            cost = cost == null ? new Cost(0, null, null, null) : cost;
        }

        /** "tied with #1" for a configuration not significantly worse than the best; "#1, tied" for the best with such; else "". */
        public String tieNote() {
            return !tie || rank < 1 ? "" : rank == 1 ? "#1, tied" : "tied with #1";
        }
    }

    /**
     * What a configuration's trials cost on average: updates, epochs (the last one partial when a
     * budget ended it) and wall seconds; null where no trial recorded it (journals before 0.2 have no updates).
     *
     * @param trials the trials averaged, diverged ones included (they spent their cost too)
     */
    public record Cost(int trials, Double updates, Double epochs, Double seconds) {
    }

    /**
     * The race of a raced grid ({@link Racing}).
     *
     * @param round               repeats per round
     * @param trialsWithoutRacing trials the grid would run without racing (configurations x repeats)
     * @param trialsSaved         trials the eliminations spared: trialsWithoutRacing - trialsTotal
     * @param eliminations        the configurations that stopped receiving repeats, in the order they did
     */
    public record Race(int round, int trialsWithoutRacing, int trialsSaved, List<Racing.Elimination> eliminations) {
        public Race {
            eliminations = eliminations == null ? List.of() : List.copyOf(eliminations);
        }
    }

    /** Mean training and validation loss per epoch (epoch 1 first), as far as some repeat has a finite value. */
    public record Curve(double[] train, double[] validation) {
        public Curve {
            train = train == null ? new double[0] : train;
            validation = validation == null ? new double[0] : validation;
        }
    }

    /** The recommended configuration and the command line that trains it. */
    public record Best(int index, String label, String command) {
    }

    // ---- answers (issue 14): the baselines, the verdict and the scored test part ----

    /**
     * A deterministic baseline beside the recurrent configurations (it runs once per grid).
     *
     * @param name      short name for tables, {@code AR(5)}
     * @param rule      how it predicts and how any parameter was chosen
     * @param metric    its value of the grid's metric (validation MSE on the targets as the model sees them, or the
     *                  validation log loss for classification); null when the data has no validation part
     * @param rankAmong where it ranks among the configurations: 1 + the ranked configurations with a better mean;
     *                  0 when it has no metric
     */
    public record BaselineResult(String name, String rule, Double metric, int rankAmong) {
    }

    /**
     * The recommended configuration against the best baseline on the grid's metric.
     *
     * @param baseline       the best baseline's name
     * @param baselineMetric its metric
     * @param bestMean       the recommended configuration's mean metric (null while no trial finished)
     * @param recurrentWins  whether that mean is better than the baseline's value
     * @param text           the verdict in one plain sentence
     */
    public record Verdict(String baseline, Double baselineMetric, Double bestMean, boolean recurrentWins, String text) {
    }

    /**
     * The test part scored once, after the search, in the data's units.
     *
     * @param part        which part, in words ("the last 15% of the series", "the test part: 30 sequences")
     * @param model       what was scored for the recurrent row, and why
     * @param configIndex the recommended configuration that was scored
     * @param seed        the seed it was trained with
     * @param columns     the target columns' names (forecasting), or the class column (classification)
     * @param rows        the recommended configuration first, then each baseline
     * @param actual      up to 500 test targets of the first column, in the data's units (forecasting; else empty)
     * @param predicted   the recommended configuration's predictions of them
     * @param note        what the reader should know (the masking of warm-up steps, a missing part)
     */
    public record Test(String part, String model, int configIndex, long seed, List<String> columns, List<TestRow> rows,
                       double[] actual, double[] predicted, String note) {
        public Test {
            columns = columns == null ? List.of() : List.copyOf(columns);
            rows = rows == null ? List.of() : List.copyOf(rows);
            actual = actual == null ? new double[0] : actual;
            predicted = predicted == null ? new double[0] : predicted;
        }
    }

    /**
     * One predictor's test scores. Forecasting: per target column RMSE, MAE and MASE (MAE over the
     * MAE of persistence on the training part, Hyndman and Koehler's scale), in the data's units;
     * classification (of sequences or of steps): accuracy, macro F1 and log loss; text: the log loss
     * (nats per token) and bits per token. What does not apply is null (empty for the arrays).
     */
    public record TestRow(String name, boolean baseline, long count, double[] rmse, double[] mae, double[] mase, Double accuracy,
                          Double macroF1, Double logLoss, Double bitsPerToken) {
        public TestRow {
            rmse = rmse == null ? new double[0] : rmse;
            mae = mae == null ? new double[0] : mae;
            mase = mase == null ? new double[0] : mase;
        }
    }

    /** This summary with the grid's baselines (computed once, {@link Scoring#baselines}); ranks and the verdict follow. */
    public GridSummary withBaselines(List<BaselineResult> results) {
        GridSummary s = new GridSummary(schema, data, analysis, metric, lowerIsBetter, repeats, trialsDone, trialsTotal,
                stoppedEarly, stopReason, dataArgs, grid, configs, best, provenance, results, null, test, race, horizon, advice);
        return s.withAnswers();
    }

    /** This summary with its scored test part. */
    public GridSummary withTest(Test scored) {
        return new GridSummary(schema, data, analysis, metric, lowerIsBetter, repeats, trialsDone, trialsTotal, stoppedEarly,
                stopReason, dataArgs, grid, configs, best, provenance, baselines, verdict, scored, race, horizon, advice);
    }

    /** This summary with the memory horizon measured before the search (null: none); the advice follows. */
    public GridSummary withHorizon(MemoryHorizon measured) {
        return new GridSummary(schema, data, analysis, metric, lowerIsBetter, repeats, trialsDone, trialsTotal, stoppedEarly,
                stopReason, dataArgs, grid, configs, best, provenance, baselines, verdict, test, race, measured, advice)
                .withAnswers();
    }

    /**
     * The baselines' places among the ranked configurations and the verdict, from the current
     * ranking; a test part scored for another configuration than the recommended one is dropped.
     */
    private GridSummary withAnswers() {
        List<ConfigResult> ranked = configs.stream().filter(r -> r.rank() > 0).toList();
        List<BaselineResult> placed = new ArrayList<>();
        BaselineResult bestBaseline = null;
        for (BaselineResult b : baselines) {
            int rank = 0;
            if (b.metric() != null) {
                rank = 1 + (int) ranked.stream().filter(r -> r.mean() < b.metric()).count();
                if (bestBaseline == null || b.metric() < bestBaseline.metric()) {
                    bestBaseline = b;
                }
            }
            placed.add(new BaselineResult(b.name(), b.rule(), b.metric(), rank));
        }
        Verdict v = bestBaseline == null ? null : verdict(bestBaseline, best == null ? null : result(best.index()));
        Test t = test != null && best != null && test.configIndex() == best.index() ? test : null;
        return new GridSummary(schema, data, analysis, metric, lowerIsBetter, repeats, trialsDone, trialsTotal, stoppedEarly,
                stopReason, dataArgs, grid, configs, best, provenance, placed, v, t, race, horizon, currentAdvice());
    }

    /**
     * The ACF's length and the horizon's window side by side, each with its rule and the grid's
     * configuration that tests it: the ACF's is the grid's domain configuration, the horizon's the
     * one first named {@link GridHorizon#PREFIX}. Neither applies (empty) without an analysis or a horizon.
     */
    private List<Advice> currentAdvice() {
        List<Advice> out = new ArrayList<>();
        if (analysis != null) {
            Suggestion c = analysis.choice();
            out.add(c == null ? new Advice("acf", 0, "ACF: no suggested length fits the streams", null)
                    : new Advice("acf", c.length(), "ACF: " + c.rule(), configurationNamed(n -> n.startsWith("domain"))));
        }
        if (horizon != null) {
            out.add(new Advice("horizon", horizon.config() == null ? 0 : horizon.window(),
                    horizon.reason() == null ? horizon.rule() : horizon.rule() + "; " + horizon.reason(),
                    configurationNamed(n -> n.startsWith(GridHorizon.PREFIX))));
        }
        return out;
    }

    /** The names (joined) of the first grid configuration with a name that passes; null when none has. */
    private String configurationNamed(java.util.function.Predicate<String> test) {
        return grid.stream().filter(e -> e.names().stream().anyMatch(test)).findFirst()
                .map(e -> String.join(" = ", e.names())).orElse(null);
    }

    private ConfigResult result(int index) {
        return configs.stream().filter(r -> r.index() == index).findFirst().orElse(null);
    }

    /** The plain sentence: does the recommended configuration beat the best baseline, and by how much. */
    private Verdict verdict(BaselineResult b, ConfigResult r) {
        String base = String.format(Locale.ROOT, "the best baseline, %s, has %s %.4g", b.name(), metric, b.metric());
        if (r == null || r.mean() == null) {
            return new Verdict(b.name(), b.metric(), null, false, "No recurrent configuration has a finished trial yet; " + base + ".");
        }
        boolean wins = r.mean() < b.metric();
        String text;
        if (wins) {
            boolean surely = r.ciHigh() != null && r.ciHigh() < b.metric();
            text = String.format(Locale.ROOT, "The recommended configuration beats the best baseline: its mean %s %.4g is %.1f%% below "
                    + "%s's %.4g%s.", metric, r.mean(), 100 * (1 - r.mean() / b.metric()), b.name(), b.metric(),
                    surely ? " (the whole 95% interval of the mean lies below it)"
                            : "; but the 95% interval of the mean reaches above it, so the margin is not sure");
        } else {
            text = String.format(Locale.ROOT, "No recurrent configuration beats the best baseline: %s has %s %.4g, and the best "
                    + "configuration's mean is %.4g (%.3gx); use %s, or give the networks more capacity, epochs or data.",
                    b.name(), metric, b.metric(), r.mean(), r.mean() / b.metric(), b.name());
        }
        return new Verdict(b.name(), b.metric(), r.mean(), wins, text);
    }

    /**
     * The summary of a grid from the journal's trials.
     *
     * @param dataArgs   the data options to repeat in the commands
     * @param stopReason why trials are missing ("" when none is, {@link #UNFINISHED} is used when "" is given for an unfinished grid)
     */
    public static GridSummary build(Preparation prep, Grid grid, List<TrialRecord> trials, String dataArgs, String stopReason)
            throws IOException {
        String checksum = GridSearch.sha256(prep.spec().file());
        List<GridEntry> entries = new ArrayList<>();
        for (int i = 0; i < grid.configs().size(); i++) {
            RunConfig c = grid.configs().get(i);
            // the command trains repeat 0's seed: what the grid's first trial of it ran, and what the test part scores
            entries.add(new GridEntry(i, GridSearch.label(c), TrialKey.prefix(c), command(c.withSeed(grid.seedOf(0)), dataArgs), c,
                    grid.names().get(i)));
        }
        String metric = prep.validation().isEmpty() ? "train_loss" : "validation_loss"; // as GridSearch.trial measures
        GridSummary empty = new GridSummary(GridFiles.SCHEMA, data(prep, checksum), analysis(prep, domainBatch(grid)), metric, true,
                grid.repeats(), 0, grid.size(), true, stopReason, dataArgs.trim(), entries, List.of(), null,
                TrialRecord.Provenance.here(checksum), List.of(), null, null,
                grid.raceRound() > 0 ? new Race(grid.raceRound(), grid.size(), 0, null) : null, null, null);
        return empty.withTrials(trials, stopReason);
    }

    /**
     * This grid's statistics, ranking and recommendation computed again from the trials (of a journal
     * that has grown, or lost lines, since); trials of other configurations, or repeats beyond
     * {@link #repeats()}, do not count.
     *
     * @param stopReason why trials are missing; "" for the default ({@link #UNFINISHED} while any is)
     */
    public GridSummary withTrials(List<TrialRecord> trials, String stopReason) {
        List<List<TrialRecord>> byConfig = GridSearch.byConfig(grid.stream().map(GridEntry::keyPrefix).toList(), trials, repeats);
        Race raced = null;
        int[] allowed = new int[grid.size()];
        java.util.Arrays.fill(allowed, repeats);
        if (race != null) {
            List<Racing.Elimination> out = Racing.eliminations(byConfig, repeats, race.round());
            allowed = Racing.allowed(grid.size(), repeats, out);
            int planned = java.util.Arrays.stream(allowed).sum();
            raced = new Race(race.round(), repeats * grid.size(), repeats * grid.size() - planned, out);
        }
        int done = 0;
        String metricName = metric;
        List<ConfigResult> results = new ArrayList<>();
        for (GridEntry e : grid) {
            int limit = allowed[e.index()];
            List<TrialRecord> counted = byConfig.get(e.index()).stream().filter(t -> TrialKey.repeatOf(t.key()) < limit).toList();
            done += counted.size();
            if (!counted.isEmpty()) {
                metricName = counted.get(counted.size() - 1).metricName();
            }
            results.add(result(e, counted));
        }
        results = rank(results);
        Best recommended = null;
        for (ConfigResult r : results) {
            if (r.rank() == 1) {
                GridEntry e = grid.get(r.index());
                recommended = new Best(e.index(), e.label(), e.command());
            }
        }
        int total = java.util.Arrays.stream(allowed).sum();
        String reason = done < total && stopReason.isEmpty() ? UNFINISHED : done < total ? stopReason : "";
        return new GridSummary(schema, data, analysis, metricName, lowerIsBetter, repeats, done, total, done < total, reason,
                dataArgs, grid, results, recommended, provenance, baselines, verdict, test, raced, horizon, advice).withAnswers();
    }

    /** One configuration's statistics over its finished trials. */
    private static ConfigResult result(GridEntry e, List<TrialRecord> trials) {
        List<Double> values = new ArrayList<>();
        List<TrialRecord> finished = new ArrayList<>();
        int diverged = 0;
        for (TrialRecord t : trials) {
            if (t.diverged()) {
                diverged++;
            } else {
                values.add(t.metric());
                finished.add(t);
            }
        }
        Statistics.Summary s = Statistics.summarize(values.stream().mapToDouble(Double::doubleValue).toArray());
        TrialRecord first = trials.isEmpty() ? null : trials.get(0);
        Curve curve = new Curve(meanCurve(finished, TrialRecord.Epoch::trainLoss), meanCurve(finished, TrialRecord.Epoch::validationLoss));
        return new ConfigResult(e.index(), e.label(), e.config(), first == null ? null : first.trainedK1(),
                first == null ? null : first.trainedK2(), s.n(), finite(s.mean()), finite(s.sd()), finite(s.median()),
                finite(s.ciLow()), finite(s.ciHigh()), 0, false, null, values.stream().mapToDouble(Double::doubleValue).toArray(),
                diverged, curve, null, cost(trials));
    }

    /** The mean cost of the trials; updates only over trials that recorded them (journals before 0.2 did not). */
    private static Cost cost(List<TrialRecord> trials) {
        if (trials.isEmpty()) {
            return new Cost(0, null, null, null);
        }
        List<TrialRecord> counted = trials.stream().filter(t -> t.updates() > 0).toList();
        return new Cost(trials.size(), counted.isEmpty() ? null : counted.stream().mapToLong(TrialRecord::updates).average().orElseThrow(),
                trials.stream().mapToInt(TrialRecord::epochsTrained).average().orElseThrow(),
                trials.stream().mapToDouble(TrialRecord::seconds).average().orElseThrow());
    }

    /**
     * Ranks by mean (lower is better), best first. Every other configuration is compared with the best
     * by Welch's t-test; the p-values are Holm-adjusted over those comparisons, and a configuration
     * whose adjusted p is at least {@link #TIE_P} is tied with the best (and the best is then marked tied).
     */
    private static List<ConfigResult> rank(List<ConfigResult> results) {
        List<ConfigResult> ranked = new ArrayList<>(results.stream().filter(r -> r.n() > 0 && r.mean() != null).toList());
        ranked.sort(Comparator.comparingDouble((ConfigResult r) -> r.mean()).thenComparingInt(ConfigResult::index));
        List<ConfigResult> out = new ArrayList<>();
        Statistics.Summary best = ranked.isEmpty() ? null : stats(ranked.get(0));
        double[] p = new double[ranked.size()];
        if (p.length > 0) {
            p[0] = Double.NaN; // the best is not compared with itself
        }
        for (int i = 1; i < ranked.size(); i++) {
            p[i] = Statistics.welchP(stats(ranked.get(i)), best);
        }
        double[] holm = Statistics.holm(p);
        boolean anyTie = false;
        for (int i = 1; i < ranked.size(); i++) {
            anyTie |= Double.isFinite(holm[i]) && holm[i] >= TIE_P;
        }
        for (int i = 0; i < ranked.size(); i++) {
            ConfigResult r = ranked.get(i);
            boolean tie = i == 0 ? anyTie : Double.isFinite(holm[i]) && holm[i] >= TIE_P;
            out.add(new ConfigResult(r.index(), r.label(), r.config(), r.trainedK1(), r.trainedK2(), r.n(), r.mean(), r.sd(),
                    r.median(), r.ciLow(), r.ciHigh(), i + 1, tie, i == 0 ? null : finite(p[i]), r.values(), r.diverged(),
                    r.curve(), i == 0 ? null : finite(holm[i]), r.cost()));
        }
        results.stream().filter(r -> !ranked.contains(r)).forEach(out::add);
        return out;
    }

    private static Statistics.Summary stats(ConfigResult r) {
        return new Statistics.Summary(r.n(), r.mean(), r.sd() == null ? Double.NaN : r.sd(), r.median(),
                r.ciLow() == null ? Double.NaN : r.ciLow(), r.ciHigh() == null ? Double.NaN : r.ciHigh());
    }

    /** The mean over the trials of one loss per epoch, up to the first epoch where none has a finite value. */
    private static double[] meanCurve(List<TrialRecord> trials, java.util.function.Function<TrialRecord.Epoch, Double> loss) {
        List<Double> out = new ArrayList<>();
        for (int e = 0; ; e++) {
            double sum = 0;
            int n = 0;
            for (TrialRecord t : trials) {
                Double v = e < t.epochs().size() ? loss.apply(t.epochs().get(e)) : null;
                if (v != null && Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n == 0) {
                return out.stream().mapToDouble(Double::doubleValue).toArray();
            }
            out.add(sum / n);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The data at a glance: the first training targets of the first target column, back in the data's units. */
    private static Data data(Preparation prep, String checksum) {
        Sequence s = prep.train().get(0);
        double[] first = new double[Math.min(500, s.length())];
        int[] targets = Experiment.targetColumns(prep.task());
        for (int t = 0; t < first.length; t++) {
            double v = s.y()[t * s.targetWidth()];
            first[t] = prep.scaler() != null && targets.length > 0 ? prep.scaler().inverse(v, targets[0]) : v;
        }
        return new Data(prep.spec().file().getFileName().toString(), checksum, prep.task().describe(), prep.train().size(),
                prep.train().stream().mapToLong(Sequence::length).sum(), first, Scoring.targetName(prep));
    }

    /** The batch the ACF's choice is fitted to: the grid's first domain configuration's, else its first configuration's. */
    private static int domainBatch(Grid grid) {
        return grid.configs().stream().filter(c -> c.strategy().equals("domain")).findFirst().orElse(grid.configs().get(0)).batch();
    }

    /**
     * The ACF/PACF analysis of the longest training sequence's first target, for numeric forecasting
     * tasks, with the length {@code --strategy domain} takes for streams of {@code batch} rows.
     */
    private static Analysis analysis(Preparation prep, int batch) {
        if (Experiment.hasClasses(prep.task())) {
            return null;
        }
        if (prep.train().stream().mapToInt(Sequence::length).max().orElse(0) < 8) {
            return null;
        }
        org.tbptt4j.analysis.Analysis a;
        try {
            a = DomainSplit.analyse(prep.train());
        } catch (IllegalArgumentException e) {
            return null; // a constant series has no autocorrelation to show
        }
        org.tbptt4j.analysis.Suggestion chosen = DomainSplit.choice(a, prep.train(), batch);
        return new Analysis(a.n(), a.acf(), a.acfBand(), a.pacf(), a.pacfBand(),
                a.suggestions().stream().map(g -> new Suggestion(g.length(), g.rule())).toList(), a.pacfMethod(), a.examined(),
                chosen == null ? null : new Suggestion(chosen.length(), chosen.rule()));
    }

    /** The command line that trains a configuration. */
    static String command(RunConfig c, String dataArgs) {
        StringBuilder s = new StringBuilder("bin/tbptt4j train ").append(dataArgs.trim());
        s.append(" --strategy ").append(c.strategy());
        if (c.length() > 0) {
            s.append(" --length ").append(c.length());
        }
        if (c.k1() > 0) {
            s.append(" --k1 ").append(c.k1());
        }
        if (c.k2() > 0) {
            s.append(" --k2 ").append(c.k2());
        }
        s.append(String.format(Locale.ROOT, " --batch %d --cell %s --hidden %d --layers %d", c.batch(), c.cell().id(), c.hidden(),
                c.layers()));
        if (c.budget().limited()) {
            s.append(" --budget ").append(c.budget().text()); // epochs repeat until the budget is spent
        } else {
            s.append(" --epochs ").append(c.epochs()).append(c.patience() > 0 ? " --patience " + c.patience() : "");
        }
        RunConfig d = RunConfig.defaults();
        if (c.dropout() != d.dropout()) {
            s.append(" --dropout ").append(c.dropout());
        }
        if (c.embedding() != d.embedding()) {
            s.append(" --embedding ").append(c.embedding());
        }
        if (c.loss() != null) {
            s.append(" --loss ").append(c.loss().id);
        }
        if (c.clipNorm() != d.clipNorm()) {
            s.append(" --clip-norm ").append(c.clipNorm());
        }
        s.append(String.format(Locale.ROOT, " --optimizer %s --lr %s --seed %d --out model", c.optimizer().id(), c.lr(), c.seed()));
        return s.toString();
    }

    /** Writes DIR/summary.json atomically; call it only while holding the folder's {@link FolderLock}. */
    public void write(FolderLock lock) throws IOException {
        OutputFile.writeString(lock.dir().resolve(GridFiles.SUMMARY), GridFiles.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(this) + "\n");
    }

    /**
     * Reads a summary of any schema (release 0.1's carries over: each configuration from its key
     * prefix; its statistics are left for {@link #withTrials} to compute from the journal).
     *
     * @throws GridFileException when the file is missing or is not a summary (the message names it)
     */
    public static GridSummary read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new GridFileException(file, "no such file; run `tbptt4j grid ... --out DIR` first", null);
        }
        try {
            JsonNode n = GridFiles.JSON.readTree(file.toFile());
            if (!(n instanceof ObjectNode root) || !root.path("data").isObject()) {
                throw new GridFileException(file, "not a grid summary (no \"data\" object); rerun `tbptt4j grid ... --out DIR`"
                        + " to rewrite it", null);
            }
            int schema = root.path("schema").asInt(0);
            if (schema > GridFiles.SCHEMA) {
                throw new GridFileException(file, "written by a newer tbptt4j (schema " + schema + "; this one reads up to "
                        + GridFiles.SCHEMA + "): use that version", null);
            }
            if (schema == 0) {
                fromRelease01(root);
            }
            return GridFiles.JSON.treeToValue(root, GridSummary.class);
        } catch (JacksonException e) {
            throw new GridFileException(file, "not a valid grid summary (" + e.getOriginalMessage()
                    + "); rerun `tbptt4j grid ... --out DIR` to rewrite it", e);
        } catch (GridFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new GridFileException(file, "not a valid grid summary (" + e.getMessage() + ")", e);
        }
    }

    /** Release 0.1's summary in place: grid entries get their configuration from the key prefix; results are recomputed. */
    private static void fromRelease01(ObjectNode root) {
        ArrayNode grid = root.withArray("grid");
        for (JsonNode d : grid) {
            ObjectNode e = (ObjectNode) d;
            RunConfig c = TrialKey.parse(e.path("key_prefix").asText() + "0");
            e.put("label", e.path("config").path("label").asText(GridSearch.label(c)));
            e.set("config", GridFiles.JSON.valueToTree(c));
        }
        root.remove("configs");
        root.remove("best");
    }
}
