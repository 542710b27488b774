package org.tbptt4j.report;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One finished trial, one line of {@code trials.jsonl}: a configuration trained once with one seed.
 *
 * @param trial        the trial's id, e.g. {@code c003-r07}
 * @param configIndex  the configuration's number in the grid
 * @param repeat       the repeat's number
 * @param seed         the seed the run forked its random generator from
 * @param config       the configuration
 * @param status       {@code ok} or {@code diverged}
 * @param metric       the metric's value; null when diverged
 * @param metricName   the metric's name, e.g. {@code validation_loss}
 * @param epochs       one record per epoch trained
 * @param seconds      wall time of the trial
 * @param dataChecksum SHA-256 of the data file, hex
 * @param tbptt4j      the library version that ran it
 * @param java         the Java version that ran it
 * @param finishedAt   ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trial(String trial, int configIndex, int repeat, long seed, TrialConfig config, String status,
                    Double metric, String metricName, List<Epoch> epochs, double seconds, String dataChecksum,
                    String tbptt4j, String java, String finishedAt) {

    public Trial {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /** Whether the trial diverged (it then has no metric). */
    public boolean diverged() {
        return "diverged".equals(status) || metric == null;
    }

    /** One epoch of a trial; a loss is null where it was not computed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Epoch(int epoch, Double trainLoss, Double validationLoss, double seconds) {
    }
}
