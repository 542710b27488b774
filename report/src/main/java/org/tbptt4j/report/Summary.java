package org.tbptt4j.report;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The grid's {@code summary.json}: the data, its autocorrelation analysis, and every configuration
 * with the statistics of its metric, sorted by rank. Read it with {@link SummaryFile#read}.
 *
 * @param data          the data set the grid ran on
 * @param analysis      ACF/PACF analysis; null where the grid had none (text, classification)
 * @param metric        the metric's name, e.g. {@code validation_loss}
 * @param lowerIsBetter whether a lower metric ranks better
 * @param repeats       repeats planned per configuration
 * @param trialsDone    trials finished
 * @param trialsTotal   trials planned
 * @param stoppedEarly  whether the grid stopped before running every trial
 * @param stopReason    why it stopped early, empty otherwise
 * @param configs       the configurations, best rank first
 * @param best          the recommended configuration; null when no trial finished
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Summary(Data data, Analysis analysis, String metric, boolean lowerIsBetter, int repeats,
                      int trialsDone, int trialsTotal, boolean stoppedEarly, String stopReason,
                      List<ConfigResult> configs, Best best) {

    public Summary {
        configs = configs == null ? List.of() : List.copyOf(configs);
        stopReason = stopReason == null ? "" : stopReason;
        metric = metric == null ? "metric" : metric;
    }

    /**
     * The data at a glance.
     *
     * @param firstValues up to 500 training target values, for a line chart
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String file, String checksum, String task, int sequences, long steps, double[] firstValues) {
        public Data {
            firstValues = firstValues == null ? new double[0] : firstValues;
        }
    }

    /**
     * The autocorrelation analysis of the training series.
     *
     * @param acf         r_0..r_K, r_0 = 1
     * @param acfBand     Bartlett 95% half-width per lag (0 at lag 0); the band is 0 ± acfBand[k]
     * @param pacf        pacf_0..pacf_P, pacf_0 = 1
     * @param pacfBand    95% half-width of every PACF lag >= 1
     * @param suggestions candidate subsequence lengths with the rule behind each
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Analysis(int n, double[] acf, double[] acfBand, double[] pacf, double pacfBand,
                           List<Suggestion> suggestions) {
        public Analysis {
            acf = acf == null ? new double[0] : acf;
            acfBand = acfBand == null ? new double[0] : acfBand;
            pacf = pacf == null ? new double[0] : pacf;
            suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        }
    }

    /** A suggested subsequence length and the rule, in words, that produced it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Suggestion(int length, String rule) {
    }

    /**
     * One configuration's results over its repeats. Statistics are null when no repeat finished.
     *
     * @param index          the configuration's number in the grid
     * @param n              repeats with a metric value
     * @param ciLow          lower end of the 95% confidence interval of the mean
     * @param ciHigh         upper end of that interval
     * @param rank           1 = best
     * @param tie            whether another configuration shares this rank
     * @param pValueVsBest   p-value of the test against the best configuration
     * @param values         the n metric values
     * @param diverged       repeats that diverged (no metric)
     * @param curve          mean loss per epoch over the repeats
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigResult(int index, String label, TrialConfig config, int n, Double mean, Double sd,
                               Double median, Double ciLow, Double ciHigh, int rank, boolean tie,
                               Double pValueVsBest, double[] values, int diverged, Curve curve) {
        public ConfigResult {
            values = values == null ? new double[0] : values;
            curve = curve == null ? new Curve(null, null) : curve;
        }
    }

    /** Mean training and validation loss per epoch (epoch 1 first). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Curve(double[] train, double[] validation) {
        public Curve {
            train = train == null ? new double[0] : train;
            validation = validation == null ? new double[0] : validation;
        }
    }

    /** The recommended configuration and the command line that trains it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Best(int index, String label, String command) {
    }
}
