package org.tbptt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.TimeSplit;
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

    @Option(names = "--missing", paramLabel = "POLICY",
            description = {"Missing values: fail, ffill, interpolate or drop. Default: fail.",
                    "ffill and interpolate never invent values outside the observed span: steps before every column's first value "
                            + "(interpolate: after any column's last) are trimmed; filled-in targets are left out of the loss and metrics."})
    String missing;

    @Option(names = "--task", paramLabel = "TASK", description = "forecast, per-step, classify or lm. Default: forecast for CSV, classify for .ts, lm for text.")
    String task;

    @Option(names = "--horizon", paramLabel = "H", description = "Forecast H steps ahead (forecasting only). Default: 1.")
    Integer horizon;

    @Option(names = "--scale", paramLabel = "S",
            description = "standard, minmax or none; fitted on the training part only. Default: standard (none for text).")
    String scale;

    @Option(names = "--split", split = ",", defaultValue = "0.7,0.15", paramLabel = "TRAIN,VALID",
            description = "Training and validation fractions, in time order; the rest is test. Default: ${DEFAULT-VALUE}.")
    List<Double> split;

    @Option(names = "--split-seed", paramLabel = "SEED",
            description = "Seed for splitting many sequences into parts (one series is cut in time, without a seed). Default: 1.")
    Long splitSeed;

    /**
     * The data read and prepared as these options say ({@link #spec(LossType)}); refuses
     * {@code --split-seed} where nothing was split by sequence (one series cut in time).
     */
    Preparation prepare(LossType loss) throws java.io.IOException {
        Preparation prep = Preparation.prepare(spec(loss));
        if (splitSeed != null && TimeSplit.isSpanSplit(prep.parts())) {
            throw new IllegalArgumentException("--split-seed " + splitSeed + " does not apply: " + file.getFileName()
                    + " is one series, cut into parts in time by --split, which takes no seed; leave --split-seed out");
        }
        return prep;
    }

    /**
     * The data spec these options describe; bad values give messages that name the option, and an
     * option that does not apply to the file's format or the task is refused.
     */
    DataSpec spec() throws java.io.IOException {
        return spec(null);
    }

    /**
     * The data spec, with per-step targets read as classes when the loss is cross-entropy (class
     * labels: numbers used as classes are categorical too).
     */
    DataSpec spec(LossType loss) throws java.io.IOException {
        DataSpec.Format f = format == null ? null : DataSpec.Format.parse(format);
        requireOnce("--columns", features);
        requireOnce("--target", targets);
        Missing m = missing == null ? Missing.FAIL : parseMissing(missing);
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
        requireApplicable(f != null ? f : DataSpec.Format.detect(file), kind);
        Scaler.Kind s = scale == null ? Scaler.Kind.STANDARD : switch (scale.toLowerCase(java.util.Locale.ROOT)) {
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
        return new DataSpec(file, f, csv, seen, targets, kind, horizon == null ? 1 : horizon, s, split.get(0), split.get(1),
                splitSeed == null ? 1 : splitSeed);
    }

    private static void requireOnce(String option, List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.indexOf(columns.get(i)) != i) {
                throw new IllegalArgumentException(option + " names column '" + columns.get(i) + "' twice ("
                        + String.join(",", columns) + "); name each column once");
            }
        }
    }

    /** Refuses the options that the format (text has one token column; .ts cases are the sequences) or the task cannot use. */
    private void requireApplicable(DataSpec.Format f, DataSpec.TaskKind kind) {
        String name = file.getFileName().toString();
        if (f == DataSpec.Format.CHARS || f == DataSpec.Format.WORDS) {
            String why = " does not apply to text (" + name + " is read as " + (f == DataSpec.Format.CHARS ? "characters" : "words")
                    + ", one token per step)";
            refuse("--columns", !features.isEmpty(), why + "; leave it out, or give --format csv if the file is a table");
            refuse("--target", !targets.isEmpty(), why + ": the target is always the next token");
            refuse("--id-column", idColumn != null, why);
            refuse("--time-column", timeColumn != null, why);
            refuse("--missing", missing != null, why + ": text has no missing values");
            refuse("--scale", scale != null && !scale.equalsIgnoreCase("none"), why + ": tokens are ids, never scaled");
            refuse("--one-hot", !oneHot.isEmpty(), why);
        }
        if (f == DataSpec.Format.TS) {
            String why = " does not apply to a .ts file (" + name + "): each of its cases is one sequence, in time order";
            refuse("--id-column", idColumn != null, why);
            refuse("--time-column", timeColumn != null, why);
        }
        DataSpec.TaskKind k = kind != null ? kind : DataSpec.TaskKind.defaultFor(f);
        refuse("--horizon", horizon != null && k != DataSpec.TaskKind.FORECAST, " applies to forecasting only, and the task is "
                + k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "; leave it out, or give --task forecast");
    }

    private static void refuse(String option, boolean given, String why) {
        if (given) {
            throw new IllegalArgumentException(option + why);
        }
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
