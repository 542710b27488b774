package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * One finished trial, one line of {@code trials.jsonl}: a configuration of the grid trained once
 * with one seed. Written and read by {@link GridFiles#JSON} from the components (snake_case).
 *
 * @param schema      {@link GridFiles#SCHEMA} of the writer
 * @param trial       the trial's id, {@code c003-r07}
 * @param key         its identity ({@link TrialKey}): a resumed grid skips the keys already journalled
 * @param configIndex the configuration's number in the grid that ran it
 * @param repeat      the repeat's number
 * @param seed        the seed the run forked its random generators from
 * @param label       the configuration in words, {@code naive L=50 (10,50) lstm H=32}
 * @param config      the configuration as given (k1 = k2 = 0: the layout's)
 * @param trainedK1   k1 as trained (the layout's where the configuration left it at 0)
 * @param trainedK2   k2 as trained
 * @param status      {@code ok} or {@code diverged}
 * @param metric      the metric's value; null when diverged
 * @param metricName  {@code validation_loss}, or {@code train_loss} without validation data
 * @param message     why it diverged; null otherwise
 * @param epochs      one record per epoch trained
 * @param seconds     wall time of the trial
 * @param provenance  what ran it, and on which data
 * @param finishedAt  ISO-8601 instant
 * @param updates     updates made in all (the cost, with {@code seconds} and the epochs); 0 in journals written
 *                    before it was recorded
 * @param stop        why training ended: {@code completed} (every epoch), {@code early_stopping}, {@code budget}
 *                    or {@code diverged}; null in older journals
 */
public record TrialRecord(int schema, String trial, String key, int configIndex, int repeat, long seed, String label,
                          RunConfig config, int trainedK1, int trainedK2, String status, Double metric, String metricName,
                          String message, List<Epoch> epochs, double seconds, Provenance provenance, String finishedAt,
                          long updates, String stop) {

    public TrialRecord {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /** Epochs trained, the last one partial when a budget of updates or time ended it. */
    public int epochsTrained() {
        return epochs.size();
    }

    /** Whether the trial diverged (it then has no metric). */
    public boolean diverged() {
        return "diverged".equals(status) || metric == null;
    }

    /**
     * One epoch of a trial; a loss is null where it was not computed (no validation data) or not finite.
     *
     * @param updates the epoch's updates (0 in journals written before they were recorded)
     * @param k2      the k2 its updates used (it changes between epochs with adaptive truncation); null in journals
     *                written before it was recorded
     */
    public record Epoch(int epoch, double seconds, Double trainLoss, Double validationLoss, long updates, Integer k2) {
    }

    /**
     * What ran a trial: the results of two trials are comparable bit for bit when these agree.
     *
     * @param tbptt4j      the library version, from the build
     * @param java         {@code java.version}
     * @param kernels      the matrix kernels ({@code MatMul.fastKernels()})
     * @param dataChecksum SHA-256 of the data file's bytes, hex
     */
    public record Provenance(String tbptt4j, String java, String kernels, String dataChecksum) {

        /** This JVM's, for data of that checksum. */
        public static Provenance here(String dataChecksum) {
            return new Provenance(GridFiles.libraryVersion(), System.getProperty("java.version"),
                    org.tbptt4j.f32.MatMul.fastKernels(), dataChecksum);
        }
    }

    /**
     * Reads a journal line of any schema: version 1 as written; release 0.1's records (no
     * {@code schema}) are carried over: the configuration from the key (which held all of it), the
     * label and trained k1, k2 from its {@code config}, the provenance from its top-level fields.
     *
     * @throws IOException              when the line is not JSON
     * @throws IllegalArgumentException when it is JSON but not a trial record (the message says what is missing)
     */
    public static TrialRecord fromJson(String line) throws IOException {
        JsonNode n = GridFiles.JSON.readTree(line);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!o.hasNonNull("key") || !o.hasNonNull("trial")) {
            throw new IllegalArgumentException("no \"trial\" id or no \"key\"");
        }
        int schema = o.path("schema").asInt(0);
        if (schema > GridFiles.SCHEMA) {
            throw new IllegalArgumentException("written by a newer tbptt4j (schema " + schema + "; this one reads up to "
                    + GridFiles.SCHEMA + "): use that version");
        }
        if (schema == 0) {
            return fromRelease01(o);
        }
        TrialRecord t = GridFiles.JSON.treeToValue(o, TrialRecord.class);
        if (t.config() == null || t.provenance() == null) {
            throw new IllegalArgumentException("no \"config\" or no \"provenance\"");
        }
        return t;
    }

    private static TrialRecord fromRelease01(ObjectNode o) throws IOException {
        String key = o.get("key").asText();
        RunConfig config = TrialKey.parse(key);
        JsonNode c = o.path("config");
        List<Epoch> epochs = GridFiles.JSON.readerForListOf(Epoch.class).readValue(o.path("epochs"));
        return new TrialRecord(0, o.get("trial").asText(), key, o.path("config_index").asInt(), o.path("repeat").asInt(),
                o.path("seed").asLong(), c.path("label").asText(GridSearch.label(config)), config, c.path("k1").asInt(),
                c.path("k2").asInt(), o.path("status").asText("ok"), o.path("metric").isNumber() ? o.get("metric").asDouble() : null,
                o.path("metric_name").asText(), o.path("message").isTextual() ? o.get("message").asText() : null, epochs,
                o.path("seconds").asDouble(), new Provenance(o.path("tbptt4j").asText(), o.path("java").asText(),
                        o.path("kernels").asText(), o.path("data_checksum").asText()), o.path("finished_at").asText(), 0, null);
    }

    /** The record as one journal line, without its newline. */
    public String toJson() throws IOException {
        return GridFiles.JSON.writeValueAsString(this);
    }
}
