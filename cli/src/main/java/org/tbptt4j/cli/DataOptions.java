package org.tbptt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.model.LossType;
import picocli.CommandLine.Option;

/** The reader and task options every data command shares (a picocli mixin). */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Data file: CSV (header row; or one number per line), UEA/UCR .ts, or plain text.")
    Path file;

    @Option(names = "--format", paramLabel = "F", description = "csv, ts, chars or words. Default: from the file (.ts, .csv; numbers or text).")
    String format;

    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Feature columns the network sees. Default: all (forecast) or all but the targets.")
    List<String> features = List.of();

    @Option(names = "--target", split = ",", paramLabel = "COL",
            description = "Target columns. Default for forecasting: the feature columns. --task classify on a CSV: the label "
                    + "column (one label per sequence, numbers or names); --task per-step: a column of text, or of whole "
                    + "numbers with --loss cross-entropy, is learnt as a class per step.")
    List<String> targets = List.of();

    @Option(names = "--one-hot", split = ",", paramLabel = "COL",
            description = "Categorical CSV columns (text or codes) to use as features, one 0/1 feature per level (named COL=level). "
                    + "Default: none; a text column not named here is dropped (plan and train say so).")
    List<String> oneHot = List.of();

    @Option(names = "--id-column", paramLabel = "COL", description = "CSV column whose value names the sequence of each row (many sequences in one file).")
    String idColumn;

    @Option(names = "--time-column", paramLabel = "COL", description = "CSV column to order each sequence by (not a feature).")
    String timeColumn;

    @Option(names = "--missing", defaultValue = "fail", paramLabel = "POLICY",
            description = "Missing values: fail, ffill, interpolate or drop. Default: ${DEFAULT-VALUE}.")
    String missing;

    @Option(names = "--task", paramLabel = "TASK", description = "forecast, per-step, classify or lm. Default: forecast for CSV, classify for .ts, lm for text.")
    String task;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "H", description = "Forecast H steps ahead. Default: ${DEFAULT-VALUE}.")
    int horizon;

    @Option(names = "--scale", defaultValue = "standard", paramLabel = "S",
            description = "standard, minmax or none; fitted on the training part only. Default: ${DEFAULT-VALUE} (none for text).")
    String scale;

    @Option(names = "--split", split = ",", defaultValue = "0.7,0.15", paramLabel = "TRAIN,VALID",
            description = "Training and validation fractions, in time order; the rest is test. Default: ${DEFAULT-VALUE}.")
    List<Double> split;

    @Option(names = "--split-seed", defaultValue = "1", paramLabel = "SEED", description = "Seed for splitting many sequences into parts. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    /** The data spec these options describe; bad values give messages that name the option. */
    DataSpec spec() {
        return spec(null);
    }

    /**
     * The data spec, with per-step targets read as classes when the loss is cross-entropy (class
     * labels: numbers used as classes are categorical too).
     */
    DataSpec spec(LossType loss) {
        DataSpec.Format f = format == null ? null : DataSpec.Format.parse(format);
        Missing m = parseMissing(missing);
        CsvOptions csv = CsvOptions.defaults().withMissing(m);
        if (idColumn != null) {
            csv = csv.withIdColumn(idColumn);
        }
        if (timeColumn != null) {
            csv = csv.withTimeColumn(timeColumn);
        }
        if (split.size() != 2) {
            throw new IllegalArgumentException("--split takes two fractions, TRAIN,VALID (e.g. 0.7,0.15), got " + split);
        }
        DataSpec.TaskKind kind = task != null ? DataSpec.TaskKind.parse(task)
                : f != null ? DataSpec.TaskKind.defaultFor(f) : null;
        Scaler.Kind s = switch (scale.toLowerCase(java.util.Locale.ROOT)) {
            case "standard" -> Scaler.Kind.STANDARD;
            case "minmax" -> Scaler.Kind.MINMAX;
            case "none" -> null;
            default -> throw new IllegalArgumentException("--scale: unknown scaling '" + scale + "': use standard, minmax or none");
        };
        List<String> categorical = new ArrayList<>(oneHot);
        if (loss == LossType.CROSS_ENTROPY && kind == DataSpec.TaskKind.PER_STEP) {
            categorical.addAll(targets);
        }
        List<String> seen = features;
        if (!features.isEmpty()) {
            seen = new ArrayList<>(features);
            for (String c : oneHot) {
                if (!seen.contains(c)) {
                    seen.add(c);
                }
            }
        }
        for (String c : oneHot) {
            if (targets.contains(c)) {
                throw new IllegalArgumentException("--one-hot " + c + ": '" + c + "' is a --target; one-hot columns are features");
            }
        }
        if (!categorical.isEmpty()) {
            csv = csv.withCategorical(categorical);
        }
        return new DataSpec(file, f, csv, seen, targets, kind, horizon, s, split.get(0), split.get(1), splitSeed);
    }

    private static Missing parseMissing(String s) {
        for (Missing m : Missing.values()) {
            if (m.option().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--missing: unknown policy '" + s + "': use fail, ffill, interpolate or drop");
    }
}
