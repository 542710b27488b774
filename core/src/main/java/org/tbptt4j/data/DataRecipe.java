package org.tbptt4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a model's data was prepared at training, saved with the model (by {@code ModelStore}, under
 * {@code extra.data} in its {@code config.json}) so that evaluation and prediction read new files
 * exactly the same way, from Java ({@code org.tbptt4j.Model}) or the command line: the reader
 * options, the columns the network sees and predicts (by name), the task, the scaler fitted on the
 * training part (never refitted), the vocabulary and the class names.
 *
 * @param format     how files are read
 * @param task       what the model learnt
 * @param horizon    forecasting horizon (1 for other tasks)
 * @param idColumn   CSV sequence-id column, or null
 * @param timeColumn CSV time column, or null
 * @param missing    missing-value policy
 * @param features   the columns the network sees, in input order (empty for text)
 * @param targets    the columns it predicts, in output order (empty for classification and text)
 * @param scaler     the training scaler, by column name; null without scaling
 * @param vocabulary text tokens by id (empty for numeric data)
 * @param classes    class names by class id (empty unless classification or per-step classes)
 * @param oneHot     the categorical feature columns and the levels they were one-hot encoded with
 */
public record DataRecipe(DataSpec.Format format, DataSpec.TaskKind task, int horizon, String idColumn, String timeColumn,
                  Missing missing, List<String> features, List<String> targets, SavedScaler scaler, List<String> vocabulary,
                  List<String> classes, List<Categorical> oneHot) {

    /** A fitted scaler by column name (indices differ between files): x' = (x - center) / scale. */
    public record SavedScaler(Scaler.Kind kind, List<String> columns, double[] center, double[] scale) {
    }

    /** A file read the model's way: the scaled raw series, the task with this file's column indices, and the scaler. */
    public record Input(SeriesSet scaled, Task task, Scaler scaler) {
    }

    public DataRecipe {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
        vocabulary = List.copyOf(vocabulary);
        classes = List.copyOf(classes);
        oneHot = List.copyOf(oneHot);
    }

    /** The recipe of a training preparation. */
    public static DataRecipe of(Preparation prep) {
        DataSpec spec = prep.spec();
        List<String> columns = prep.parts().get(0).columns();
        Task t = prep.task();
        DataSpec.TaskKind kind;
        int horizon = 1;
        List<String> features = List.of();
        List<String> targets = List.of();
        if (t instanceof Task.Forecast f) {
            kind = DataSpec.TaskKind.FORECAST;
            horizon = f.horizon();
            features = names(columns, f.inputs());
            targets = names(columns, f.targets());
        } else if (t instanceof Task.PerStep p) {
            kind = DataSpec.TaskKind.PER_STEP;
            features = names(columns, p.inputs());
            targets = names(columns, p.targets());
        } else if (t instanceof Task.PerStepClasses p) {
            kind = DataSpec.TaskKind.PER_STEP;
            features = names(columns, p.inputs());
            targets = List.of(columns.get(p.target()));
        } else if (t instanceof Task.Classify c) {
            kind = DataSpec.TaskKind.CLASSIFY;
            features = names(columns, c.inputs());
            targets = spec.targets();   // a CSV's label column; none for .ts
        } else {
            kind = DataSpec.TaskKind.LANGUAGE_MODEL;
        }
        Scaler s = prep.scaler();
        SavedScaler saved = s == null ? null : new SavedScaler(s.kind(), names(columns, s.columns()), s.center(), s.scale());
        return new DataRecipe(formatOf(prep), kind, horizon, spec.csv().idColumn(), spec.csv().timeColumn(), spec.csv().missing(),
                features, targets, saved, prep.vocabulary() == null ? List.of() : prep.vocabulary().tokens(), prep.classes(),
                prep.oneHot());
    }

    /** The format the preparation read with: the one asked for, else what the readers detected. */
    private static DataSpec.Format formatOf(Preparation prep) {
        if (prep.spec().format() != null) {
            return prep.spec().format();
        }
        if (prep.vocabulary() != null) {
            return DataSpec.Format.CHARS;   // words are read only when asked for
        }
        String name = prep.spec().file().getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ts") ? DataSpec.Format.TS : DataSpec.Format.CSV;
    }

    private static List<String> names(List<String> columns, int[] indices) {
        List<String> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(columns.get(i));
        }
        return out;
    }

    /** The vocabulary as the readers use it (null for numeric data). */
    public Vocabulary vocabularyOrNull() {
        return vocabulary.isEmpty() ? null : Vocabulary.of(vocabulary);
    }

    /** A short description of the task, as the plan words it. */
    public String describe() {
        return switch (task) {
            case FORECAST -> horizon == 1 ? "next-step forecasting" : horizon + "-step-ahead forecasting";
            case PER_STEP -> perStepClasses() ? "per-step classes (" + classes.size() + " classes)" : "per-step targets";
            case CLASSIFY -> "sequence classification (" + classes.size() + " classes)";
            case LANGUAGE_MODEL -> "language modelling (" + vocabulary.size() + " tokens)";
        };
    }

    /**
     * Reads {@code file} the model's way: the same reader and options, the saved scaler applied
     * unchanged, the saved vocabulary (an unknown token is an error naming it and its line, unless
     * the vocabulary has {@value Vocabulary#UNK}), the class labels mapped onto the saved class ids.
     *
     * @param labels whether every sequence must carry a class label the model knows (evaluation)
     */
    public Input read(Path file, boolean labels) throws IOException {
        SeriesSet raw = readRaw(file, labels);
        return switch (task) {
            case LANGUAGE_MODEL -> new Input(raw, new Task.LanguageModel(vocabulary.size()), null);
            case CLASSIFY -> {
                SeriesSet encoded = encode(raw);
                int[] in = indices(encoded, features, file);
                Scaler s = scalerFor(encoded, file);
                SeriesSet labelled = relabel(encoded, file, labels);
                yield new Input(s == null ? labelled : s.apply(labelled), new Task.Classify(in, classes.size()), s);
            }
            default -> {
                SeriesSet encoded = encode(raw);
                int[] in = indices(encoded, features, file);
                int[] out = indices(encoded, targets, file);
                Scaler s = scalerFor(encoded, file);
                Task t;
                if (perStepClasses()) {
                    encoded = recode(encoded, targets.get(0), file, labels);
                    t = new Task.PerStepClasses(in, out[0], classes.size());
                } else {
                    t = task == DataSpec.TaskKind.FORECAST ? new Task.Forecast(in, out, horizon) : new Task.PerStep(in, out);
                }
                yield new Input(s == null ? encoded : s.apply(encoded), t, s);
            }
        };
    }

    /** Whether the model learnt a class per step (its target column's levels are the classes). */
    public boolean perStepClasses() {
        return task == DataSpec.TaskKind.PER_STEP && !classes.isEmpty();
    }

    /** The one-hot features, encoded with the training levels (a level the model does not know is an error). */
    private SeriesSet encode(SeriesSet raw) {
        SeriesSet out = raw;
        for (Categorical c : oneHot) {
            out = out.withOneHot(c);
        }
        return out;
    }

    /** The set with the class target's codes as the model's class ids (matched by name). */
    private SeriesSet recode(SeriesSet set, String column, Path file, boolean required) {
        Categorical own = set.categorical(column);
        int[] code = own.codesIn(classes);
        int col = set.column(column);
        List<Series> out = new ArrayList<>(set.series().size());
        for (Series s : set.series()) {
            double[] v = s.values().clone();
            for (int t = 0; t < s.length(); t++) {
                int k = code[(int) s.at(t, col)];
                if (k < 0 && required) {
                    throw new IllegalArgumentException(file + ": sequence " + s.id() + ", step " + (t + 1) + ": column '" + column
                            + "' has the class '" + own.level((int) s.at(t, col)) + "', which the model does not know; its "
                            + "classes are " + classes);
                }
                v[t * s.width() + col] = k;
            }
            out.add(s.withValues(v, s.label()));
        }
        return set.withSeries(out);
    }

    private SeriesSet readRaw(Path file, boolean labels) throws IOException {
        Preparation.requireDataFile(file, "give the path of a data file like the one the model was trained on");
        return switch (format) {
            case CSV -> CsvReader.read(file, csvOptions(file, labels));
            case TS -> TsReader.read(file, missing);
            case CHARS -> TextReader.characters(file, vocabularyOrNull());
            case WORDS -> TextReader.words(file, vocabularyOrNull());
        };
    }

    /** The CSV options of training; a file whose first line is numbers has no header (as Preparation decides). */
    public CsvOptions csvOptions(Path file, boolean labels) throws IOException {
        CsvOptions o = CsvOptions.defaults().withMissing(missing);
        if (idColumn != null) {
            o = o.withIdColumn(idColumn);
        }
        if (timeColumn != null) {
            o = o.withTimeColumn(timeColumn);
        }
        List<String> categorical = new ArrayList<>();
        oneHot.forEach(c -> categorical.add(c.column()));
        if (perStepClasses()) {
            categorical.addAll(targets);
        }
        o = Preparation.headerAware(file, o.withCategorical(categorical));
        // a CSV's sequence label: required to evaluate, read when present to predict
        if (task == DataSpec.TaskKind.CLASSIFY && !targets.isEmpty()
                && (labels || CsvReader.columns(file, o).contains(targets.get(0)))) {
            o = o.withLabelColumn(targets.get(0));
        }
        return o;
    }

    /** Indices of the named columns in this file; a missing one is a user error naming it and the file's columns. */
    private int[] indices(SeriesSet set, List<String> names, Path file) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.columns().indexOf(names.get(i));
            if (out[i] < 0) {
                throw new IllegalArgumentException(file + ": no column '" + names.get(i) + "', which the model needs (it sees "
                        + features + (targets.isEmpty() ? "" : " and predicts " + targets) + "); the file's columns are "
                        + set.columns() + ". Give a file with the columns of the training data");
            }
        }
        return out;
    }

    /** The saved scaler with this file's column indices. */
    private Scaler scalerFor(SeriesSet set, Path file) {
        if (scaler == null) {
            return null;
        }
        return Scaler.of(scaler.kind(), indices(set, scaler.columns(), file), scaler.center(), scaler.scale());
    }

    /** The set with labels as the model's class ids (matched by class name). */
    private SeriesSet relabel(SeriesSet set, Path file, boolean required) {
        List<Series> out = new ArrayList<>(set.series().size());
        for (Series s : set.series()) {
            int label = -1;
            if (s.label() >= 0) {
                String name = set.classes().get(s.label());
                label = classes.indexOf(name);
                if (label < 0 && required) {
                    throw new IllegalArgumentException(file + ": sequence " + s.id() + " has class '" + name
                            + "', which the model does not know; its classes are " + classes);
                }
            } else if (required) {
                throw new IllegalArgumentException(file + ": sequence " + s.id() + " has no class label; evaluation needs "
                        + "labelled data (a .ts file with @classLabel true, or a CSV with the label column " + targets + "); use predict "
                        + "for unlabelled data");
            }
            out.add(s.withValues(s.values(), label));
        }
        return new SeriesSet(set.source(), set.columns(), out, set.vocabulary(), classes, set.categorical(), set.unread(),
                set.notes());
    }
}
