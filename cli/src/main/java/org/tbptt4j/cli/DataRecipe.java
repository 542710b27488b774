package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Categorical;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.CsvReader;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Series;
import org.tbptt4j.data.SeriesSet;
import org.tbptt4j.data.Task;
import org.tbptt4j.data.TextReader;
import org.tbptt4j.data.TsReader;
import org.tbptt4j.data.Vocabulary;

/**
 * How a model's data was prepared at training, saved with the model (under {@code extra.data}) so
 * that {@code evaluate} and {@code predict} read new files exactly the same way: the reader
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
record DataRecipe(DataSpec.Format format, DataSpec.TaskKind task, int horizon, String idColumn, String timeColumn,
                  Missing missing, List<String> features, List<String> targets, SavedScaler scaler, List<String> vocabulary,
                  List<String> classes, List<Categorical> oneHot) {

    /** A fitted scaler by column name (indices differ between files): x' = (x - center) / scale. */
    record SavedScaler(Scaler.Kind kind, List<String> columns, double[] center, double[] scale) {
    }

    /** A file read the model's way: the scaled raw series, the task with this file's column indices, and the scaler. */
    record Input(SeriesSet scaled, Task task, Scaler scaler) {
    }

    DataRecipe {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
        vocabulary = List.copyOf(vocabulary);
        classes = List.copyOf(classes);
        oneHot = List.copyOf(oneHot);
    }

    /** The recipe of a training preparation. */
    static DataRecipe of(Preparation prep) {
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
    Vocabulary vocabularyOrNull() {
        return vocabulary.isEmpty() ? null : Vocabulary.of(vocabulary);
    }

    /** A short description of the task, as the plan words it. */
    String describe() {
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
    Input read(Path file, boolean labels) throws IOException {
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
    boolean perStepClasses() {
        return task == DataSpec.TaskKind.PER_STEP && !classes.isEmpty();
    }

    /** The one-hot features, encoded with the training levels (a level the model does not know is an error). */
    private SeriesSet encode(SeriesSet raw) {
        SeriesSet out = raw;
        for (Categorical c : oneHot) {
            try {
                out = out.withOneHot(c);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.UserError(e.getMessage());
            }
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
                    throw new UserErrors.UserError(file + ": sequence " + s.id() + ", step " + (t + 1) + ": column '" + column
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
    CsvOptions csvOptions(Path file, boolean labels) throws IOException {
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
                throw new UserErrors.UserError(file + ": no column '" + names.get(i) + "', which the model needs (it sees "
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
                    throw new UserErrors.UserError(file + ": sequence " + s.id() + " has class '" + name
                            + "', which the model does not know; its classes are " + classes);
                }
            } else if (required) {
                throw new UserErrors.UserError(file + ": sequence " + s.id() + " has no class label; evaluation needs "
                        + "labelled data (a .ts file with @classLabel true, or a CSV with the label column " + targets + "); use predict "
                        + "for unlabelled data");
            }
            out.add(s.withValues(s.values(), label));
        }
        return new SeriesSet(set.source(), set.columns(), out, set.vocabulary(), classes, set.categorical(), set.unread(),
                set.notes());
    }

    /** The recipe as JSON (what {@link #fromJson} reads). */
    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("format", format.name().toLowerCase(Locale.ROOT));
        o.put("task", task.name().toLowerCase(Locale.ROOT));
        o.put("horizon", horizon);
        o.put("id_column", idColumn);
        o.put("time_column", timeColumn);
        o.put("missing", missing.option());
        o.set("features", strings(features));
        o.set("targets", strings(targets));
        // the kind alone too, so that a lost scaler is told apart from a model trained unscaled
        o.put("scale", scaler == null ? "none" : scaler.kind().name().toLowerCase(Locale.ROOT));
        if (scaler == null) {
            o.putNull("scaler");
        } else {
            ObjectNode s = o.putObject("scaler");
            s.put("kind", scaler.kind().name().toLowerCase(Locale.ROOT));
            s.set("columns", strings(scaler.columns()));
            ArrayNode center = s.putArray("center");
            ArrayNode scale = s.putArray("scale");
            for (int i = 0; i < scaler.center().length; i++) {
                center.add(scaler.center()[i]);
                scale.add(scaler.scale()[i]);
            }
        }
        o.set("vocabulary", strings(vocabulary));
        o.set("classes", strings(classes));
        ArrayNode encoded = o.putArray("one_hot");
        for (Categorical c : oneHot) {
            ObjectNode e = encoded.addObject();
            e.put("column", c.column());
            e.set("levels", strings(c.levels()));
        }
        return o;
    }

    /**
     * The recipe saved in a model's {@code extra.data}.
     *
     * @param where names the model in messages
     */
    static DataRecipe fromJson(JsonNode o, String where) {
        if (o == null || !o.isObject()) {
            throw new UserErrors.UserError(where + " has no data recipe (extra.data in config.json), so its data cannot be "
                    + "prepared the way it was trained; train it with 'tbptt4j train', which saves one");
        }
        try {
            DataSpec.Format format = DataSpec.Format.parse(text(o, "format"));
            DataSpec.TaskKind task = DataSpec.TaskKind.valueOf(text(o, "task").toUpperCase(Locale.ROOT));
            Missing missing = null;
            for (Missing m : Missing.values()) {
                if (m.option().equals(text(o, "missing"))) {
                    missing = m;
                }
            }
            if (missing == null) {
                throw new IllegalArgumentException("unknown missing-value policy " + o.get("missing"));
            }
            SavedScaler scaler = null;
            JsonNode s = o.get("scaler");
            if (s != null && s.isObject()) {
                scaler = new SavedScaler(Scaler.Kind.valueOf(text(s, "kind").toUpperCase(Locale.ROOT)), list(s, "columns"),
                        doubles(s, "center"), doubles(s, "scale"));
            }
            String scaled = nullableText(o, "scale");
            if (scaler == null && scaled != null && !scaled.equals("none")) {
                throw new IllegalArgumentException("the features were scaled (" + scaled + ") at training, but the fitted "
                        + "scaler (extra.data.scaler) is missing, so new data cannot be scaled the same way");
            }
            return new DataRecipe(format, task, o.path("horizon").asInt(1), nullableText(o, "id_column"),
                    nullableText(o, "time_column"), missing, list(o, "features"), list(o, "targets"), scaler,
                    list(o, "vocabulary"), list(o, "classes"), oneHot(o));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UserErrors.UserError(where + ": the data recipe in config.json (extra.data) is damaged (" + e.getMessage()
                    + "); train the model again or restore an intact copy");
        }
    }

    private static List<Categorical> oneHot(JsonNode o) {
        List<Categorical> out = new ArrayList<>();
        o.path("one_hot").forEach(e -> out.add(new Categorical(text(e, "column"), list(e, "levels"))));
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v.asText();
    }

    private static String nullableText(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode o, String key) {
        List<String> out = new ArrayList<>();
        o.path(key).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static double[] doubles(JsonNode o, String key) {
        JsonNode a = o.path(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
