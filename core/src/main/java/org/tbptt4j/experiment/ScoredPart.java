package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TimeSplit;
import org.tbptt4j.model.ParameterException;

/**
 * The part of a data file a saved model is scored on: all of it, or its training, validation or
 * test part cut as the model's training data was cut (the fractions and seed saved with it): one
 * series by time spans, its validation and test parts scored after the model has run over the spans
 * before them, as the grid scores them ({@link Experiment#scored}); many sequences by whole
 * sequences with the saved seed, each from a fresh state.
 *
 * @param name        "all", "train", "validation" or "test"
 * @param description what was scored, in words
 * @param parts       the file's training, validation and test parts; the whole file alone for "all"
 * @param index       which of {@code parts} is scored
 */
public record ScoredPart(String name, String description, List<SeriesSet> parts, int index) {

    /** The part names, in the order of {@link TimeSplit#PARTS}, then "all". */
    public static final List<String> NAMES = List.of("train", "validation", "test", "all");

    /**
     * The part {@code name} of the file's data.
     *
     * @param all      the whole file as the model reads it
     * @param training the model's training record ({@code extra.training} of its config.json)
     * @param file     the file, for messages
     * @throws IllegalArgumentException for an unknown part, a model without its split, or data that cannot be cut so
     */
    public static ScoredPart of(String name, SeriesSet all, JsonNode training, Path file) {
        String p = name.trim().toLowerCase(Locale.ROOT);
        if (p.equals("all")) {
            return new ScoredPart(p, "the whole file", List.of(all), 0);
        }
        int index = TimeSplit.PARTS.indexOf(p);
        if (index < 0) {
            throw new ParameterException("part = '" + name + "': use train, validation, test or all", "part");
        }
        if (!training.path("split_train").isNumber() || !training.path("split_validation").isNumber()) {
            throw new ParameterException("part = " + p + ": the model does not record its training split (extra.training."
                    + "split_train and split_validation); score part = all, or train it again", "part");
        }
        double train = training.get("split_train").asDouble();
        double validation = training.get("split_validation").asDouble();
        long seed = training.path("split_seed").asLong();
        List<SeriesSet> parts;
        try {
            parts = all.series().size() == 1 ? TimeSplit.splitSpan(all, train, validation)
                    : TimeSplit.splitBySequence(all, train, validation, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": cannot cut it as the model's data was cut (" + e.getMessage() + ")", e);
        }
        double share = index == 0 ? train : index == 1 ? validation : 1 - train - validation;
        String how = all.series().size() == 1 ? String.format(Locale.ROOT, "%.0f%% of the series in time (%,d steps)", 100 * share,
                parts.get(index).totalSteps()) : String.format(Locale.ROOT, "%d of the %d sequences (%.0f%%, split seed %d)",
                parts.get(index).series().size(), all.series().size(), 100 * share, seed);
        return new ScoredPart(p, "the " + p + " part as the model's training split cut it: " + how, parts, index);
    }

    /** The sequences scored, made by the model's task (a part of one series with its warm-up first). */
    public List<Sequence> sequences(Task task, List<String> notes) {
        return parts.size() == 1 ? task.applyAll(parts.get(0), notes) : Experiment.scored(task, parts, index, notes);
    }

    /** Steps run, unscored, before the part to warm the model's state up: the spans before it when one series is cut in time. */
    public long warmUpSteps() {
        long n = 0;
        for (int k = 0; k < index && parts.size() > 1 && TimeSplit.isSpanSplit(parts); k++) {
            n += parts.get(k).totalSteps();
        }
        return n;
    }

    /** Where the model's state starts, in words. */
    public String start() {
        return parts.size() == 1 ? "from a fresh state" : Experiment.warmUp(parts, index);
    }
}
