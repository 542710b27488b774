package org.tbptt4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tbptt4j.model.ParameterException;

/**
 * Carries out a {@link DataSpec}: read the file, split it in time order into training, validation
 * and test parts, fit the scaler on the training part only, and turn every part into supervised
 * sequences for the task. Strategies then lay the sequences out for training. A target column
 * whose training values all lie in [0, 1] (0/1 labels, probabilities) is never scaled, so binary
 * cross-entropy sees its targets as they are (see {@link UnitIntervalTargets}).
 *
 * @param spec       what was asked
 * @param parts      the raw training, validation and test parts (scaled)
 * @param task       the task the sequences were made with
 * @param scaler     the scaler fitted on the training part (null without scaling)
 * @param vocabulary text tokens by id (null for numeric data)
 * @param classes    class names by class code (classification: the labels; per-step classes: the target's levels)
 * @param train      supervised training sequences
 * @param validation supervised validation sequences (may be empty)
 * @param test       supervised test sequences (may be empty)
 * @param notes      what was done that the user should know (dropped sequences, defaults chosen)
 * @param columns    which columns are seen and predicted, which were left out and why, and how many values were imputed
 * @param oneHot     the categorical feature columns one-hot encoded, with the levels they were encoded with
 */
public record Preparation(DataSpec spec, List<SeriesSet> parts, Task task, Scaler scaler, Vocabulary vocabulary,
                          List<String> classes, List<Sequence> train, List<Sequence> validation, List<Sequence> test,
                          List<String> notes, ColumnUse columns, List<Categorical> oneHot) {

    /** Reads, splits, scales and applies the task; every user error is a clear IllegalArgumentException or IOException. */
    public static Preparation prepare(DataSpec spec) throws IOException {
        requireDataFile(spec.file(), "give the path of a CSV, .ts or text file");
        DataSpec.Format format = spec.format() != null ? spec.format() : DataSpec.Format.detect(spec.file(), firstLine(spec));
        DataSpec.TaskKind kind = spec.task() != null ? spec.task() : DataSpec.TaskKind.defaultFor(format);
        if (spec.horizon() != 1 && kind != DataSpec.TaskKind.FORECAST) {
            throw new IllegalArgumentException("a horizon of " + spec.horizon() + " steps applies to forecasting only, and the task is "
                    + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return prepare(spec, format, kind, read(spec, format, kind));
    }

    /**
     * Splits, scales and applies the task to data already read, e.g. arrays held in memory: the same
     * as {@link #prepare(DataSpec)} after reading. {@code spec.file()} names the data in messages, and
     * {@code spec.format()} (CSV when null) is how a model trained on it reads files later.
     */
    public static Preparation prepare(DataSpec spec, SeriesSet data) {
        DataSpec.Format format = spec.format() != null ? spec.format() : DataSpec.Format.CSV;
        DataSpec.TaskKind kind = spec.task() != null ? spec.task() : DataSpec.TaskKind.defaultFor(format);
        return prepare(spec, format, kind, data);
    }

    private static Preparation prepare(DataSpec spec, DataSpec.Format format, DataSpec.TaskKind kind, SeriesSet all) {
        List<String> notes = new ArrayList<>();
        if (all.series().isEmpty() || all.totalSteps() == 0) {
            throw new IllegalArgumentException(spec.file() + ": no data rows: the file holds no values to train on");
        }
        notes.addAll(all.notes());
        requireColumns(all, spec.features());   // before splitting: a wrong name is the first thing to hear about
        if (kind != DataSpec.TaskKind.CLASSIFY) {  // a CSV's sequence label column is read as the labels, not as a column
            requireColumns(all, spec.targets());
        }
        List<Categorical> oneHot = new ArrayList<>();
        all = encodeFeatures(spec, kind, all, oneHot, notes);
        List<SeriesSet> parts = all.series().size() == 1
                ? TimeSplit.splitSpan(all, spec.train(), spec.validation())
                : TimeSplit.splitBySequence(all, spec.train(), spec.validation(), spec.seed());
        Vocabulary vocab = all.vocabulary().isEmpty() ? null : Vocabulary.of(all.vocabulary());
        Task task;
        Scaler scaler = null;
        List<String> classes = all.classes();
        switch (kind) {
            case LANGUAGE_MODEL -> {
                if (vocab == null) {
                    throw new ParameterException(spec.file() + ": language modelling needs text; read it with format = chars or words",
                            "format");
                }
                task = new Task.LanguageModel(vocab.size());
                notes.add("vocabulary of " + vocab.size() + " tokens, built from the whole file");
            }
            case CLASSIFY -> {
                if (all.classes().isEmpty()) {
                    throw new ParameterException(spec.file() + ": classification needs class labels (a .ts file with "
                            + "@classLabel, or a CSV with idColumn = ID and the label column as targets = LABEL)", "idColumn", "targets");
                }
                int[] in = columns(all, encodedNames(spec.features(), oneHot), all.columns());
                scaler = fitScaler(spec, parts.get(0), numeric(all, in, oneHot));
                task = new Task.Classify(in, all.classes().size());
                if (format == DataSpec.Format.CSV) {
                    notes.add(classesNote(all.classes().size(), spec.targets().get(0), all.classes()));
                }
            }
            default -> {
                // forecasting predicts what it sees unless told otherwise: targets default to the features
                List<String> targetNames = spec.targets().isEmpty()
                        ? (kind == DataSpec.TaskKind.FORECAST ? without(spec.features().isEmpty() ? all.columns()
                                : encodedNames(spec.features(), oneHot), encodedNames(oneHot.stream().map(Categorical::column).toList(),
                                oneHot)) : List.of())
                        : spec.targets();
                if (targetNames.isEmpty()) {
                    throw new ParameterException("per-step targets need targets = COLUMN; the columns are " + all.columns(), "targets");
                }
                List<String> featureNames = spec.features().isEmpty()
                        ? (kind == DataSpec.TaskKind.FORECAST ? all.columns() : without(all.columns(), targetNames))
                        : encodedNames(spec.features(), oneHot);
                int[] in = columns(all, featureNames, all.columns());
                int[] out = columns(all, targetNames, all.columns());
                if (kind == DataSpec.TaskKind.PER_STEP) {
                    requireStepTargets(spec, all, targetNames);
                }
                Categorical target = classTarget(spec, kind, all, targetNames);
                if (spec.scale() != null) {
                    Set<Integer> used = new LinkedHashSet<>();
                    for (int c : in) {
                        used.add(c);
                    }
                    if (target == null) {
                        for (int c : out) {
                            used.add(c);
                        }
                    }
                    for (int c : out) {
                        if (target == null && UnitIntervalTargets.within(parts.get(0), c) && used.remove(c)) {
                            notes.add("target column '" + all.columns().get(c) + "' lies in [0, 1] (0/1 labels or "
                                    + "probabilities): left unscaled");
                        }
                    }
                    scaler = fitScaler(spec, parts.get(0), numeric(all, used.stream().mapToInt(Integer::intValue).toArray(), oneHot));
                }
                if (target != null) {
                    task = new Task.PerStepClasses(in, out[0], target.size());
                    classes = target.levels();
                    notes.add(classesNote(target.size(), target.column(), classes));
                } else {
                    task = kind == DataSpec.TaskKind.FORECAST ? new Task.Forecast(in, out, spec.horizon()) : new Task.PerStep(in, out);
                }
            }
        }
        List<SeriesSet> scaled = new ArrayList<>();
        for (SeriesSet p : parts) {
            scaled.add(scaler == null ? p : scaler.apply(p));
        }
        if (scaler != null) {
            notes.add(scaler.kind().name().toLowerCase(java.util.Locale.ROOT) + " scaling fitted on the training part only"
                    + (oneHot.isEmpty() && classes.isEmpty() ? "" : " (numeric columns only: categories and class labels are "
                    + "never scaled)"));
        }
        List<Sequence> train = task.applyAll(scaled.get(0), notes);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(spec.file() + ": the training part is too short for " + task.describe());
        }
        List<Sequence> validation = task.applyAll(scaled.get(1), notes);
        List<Sequence> test = task.applyAll(scaled.get(2), notes);
        ColumnUse use = ColumnUse.of(all, task, spec.csv().missing());
        notes.addAll(use.notes(train, validation, test));
        return new Preparation(spec, scaled, task, scaler, vocab, classes, train, validation, test, notes, use, oneHot);
    }

    /**
     * Fails unless {@code file} is a readable regular file: a directory or a missing path gets a
     * message saying which, ending in {@code what} (what to give instead).
     */
    public static void requireDataFile(java.nio.file.Path file, String what) throws IOException {
        // the file and the reason apart, so that the message states the reason once (getMessage() is "file: reason")
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "is a directory, not a data file; " + what
                    + " (a file inside it?)");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file; " + what);
        }
        if (!Files.isReadable(file)) {
            throw new java.nio.file.AccessDeniedException(file.toString(), null, "cannot be read (permission denied); " + what);
        }
    }

    private static SeriesSet read(DataSpec spec, DataSpec.Format format, DataSpec.TaskKind kind) throws IOException {
        if (format != DataSpec.Format.CSV && (!spec.csv().categorical().isEmpty() || spec.csv().labelColumn() != null)) {
            throw new IllegalArgumentException(spec.file() + ": categorical and label columns are read from CSV files; "
                    + "this file is read as " + format.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (format == DataSpec.Format.TS && kind == DataSpec.TaskKind.CLASSIFY && !spec.targets().isEmpty()) {
            throw new ParameterException(spec.file() + ": a .ts file carries its class labels (@classLabel), so a "
                    + "label column targets = " + String.join(",", spec.targets()) + " does not apply: leave it out", "targets");
        }
        return switch (format) {
            case CSV -> CsvReader.read(spec.file(), headerAware(spec.file(), csvOptions(spec, kind)));
            case TS -> TsReader.read(spec.file(), spec.csv().missing());
            case CHARS -> TextReader.characters(spec.file(), null);
            case WORDS -> TextReader.words(spec.file(), null);
        };
    }

    /**
     * The CSV options the task needs on top of the spec's: classification reads the one target as
     * the sequence label; per-step targets that hold text are read as classes.
     */
    private static CsvOptions csvOptions(DataSpec spec, DataSpec.TaskKind kind) throws IOException {
        CsvOptions o = spec.csv();
        if (kind == DataSpec.TaskKind.CLASSIFY) {
            if (spec.targets().size() != 1) {
                throw new ParameterException(spec.file() + ": classification of a CSV needs its label column: give "
                        + "one targets = LABEL" + (spec.targets().isEmpty() ? "" : ", not " + spec.targets()), "targets");
            }
            if (o.idColumn() == null) {
                throw new ParameterException(spec.file() + ": classification of a CSV needs many labelled sequences: "
                        + "name the sequence id column with idColumn = NAME (the label column is '" + spec.targets().get(0) + "')",
                        "idColumn");
            }
            List<String> categorical = new ArrayList<>(o.categorical());
            categorical.remove(spec.targets().get(0));
            return o.withCategorical(categorical).withLabelColumn(spec.targets().get(0));
        }
        if (kind == DataSpec.TaskKind.PER_STEP && !spec.targets().isEmpty()) {
            List<String> text = CsvReader.textColumns(spec.file(), headerAware(spec.file(), o));
            List<String> categorical = new ArrayList<>(o.categorical());
            for (String t : spec.targets()) {
                if (text.contains(t) && !categorical.contains(t)) {
                    categorical.add(t);
                }
            }
            return o.withCategorical(categorical);
        }
        return o;
    }

    /**
     * One-hot encodes the categorical columns that are features (added to {@code oneHot}); a
     * categorical column is a feature when named in the features, or when the features are not named
     * and it is not a target. Text columns left out are noted by {@link ColumnUse#notes}.
     */
    private static SeriesSet encodeFeatures(DataSpec spec, DataSpec.TaskKind kind, SeriesSet all, List<Categorical> oneHot,
                                            List<String> notes) {
        SeriesSet out = all;
        for (Categorical c : all.categorical()) {
            boolean target = spec.targets().contains(c.column());
            boolean feature = spec.features().isEmpty() ? !target : spec.features().contains(c.column());
            if (target && kind == DataSpec.TaskKind.FORECAST) {
                throw new ParameterException(spec.file() + ": column '" + c.column() + "' is categorical; forecasting "
                        + "predicts numbers: learn its classes per step with task = per-step and targets = " + c.column(),
                        "task", "targets");
            }
            if (feature && target) {
                throw new IllegalArgumentException(spec.file() + ": column '" + c.column() + "' cannot be both a feature "
                        + "and the target");
            }
            if (feature) {
                out = out.withOneHot(c);
                oneHot.add(c);
                notes.add("column '" + c.column() + "' one-hot encoded into " + c.size() + " features " + c.describeLevels());
            }
        }
        return out;
    }

    /**
     * The categorical per-step target, or null for numeric targets: one column, whole-number or
     * named classes, at least two, and not the same at every step of every sequence (that is a
     * sequence label: classification).
     */
    private static Categorical classTarget(DataSpec spec, DataSpec.TaskKind kind, SeriesSet all, List<String> targets) {
        Categorical c = null;
        for (String t : targets) {
            if (all.categorical(t) != null) {
                c = all.categorical(t);
            }
        }
        if (c == null || kind != DataSpec.TaskKind.PER_STEP) {
            return null;
        }
        if (targets.size() != 1) {
            throw new IllegalArgumentException(spec.file() + ": column '" + c.column() + "' holds classes; per-step classes "
                    + "take one target column, not " + targets);
        }
        String fraction = c.firstFraction();
        if (c.numeric() && fraction != null) {
            throw new ParameterException(spec.file() + ": column '" + c.column() + "' holds numbers such as " + fraction
                    + ", not class labels; cross-entropy needs class labels (names or whole numbers): use loss = mse or mae "
                    + "for a numeric target", "loss");
        }
        if (c.size() < 2) {
            throw new IllegalArgumentException(spec.file() + ": column '" + c.column() + "' has one class only ("
                    + c.levels() + "); classes need at least two");
        }
        return c;
    }

    /** Per-step targets change within sequences: a target that is the same at every step of every sequence is a sequence label. */
    private static void requireStepTargets(DataSpec spec, SeriesSet all, List<String> targets) {
        for (String t : targets) {
            int col = all.column(t);
            if (all.series().size() > 1 && all.series().stream().allMatch(s -> constant(s, col))) {
                throw new ParameterException(spec.file() + ": column '" + t + "' is the same at every step of every "
                        + "sequence: it is a sequence label, not a target per step; use task = classify and targets = " + t,
                        "task", "targets");
            }
        }
    }

    private static boolean constant(Series s, int col) {
        for (int t = 1; t < s.length(); t++) {
            if (s.at(t, col) != s.at(0, col)) {
                return false;
            }
        }
        return true;
    }

    /** The spec's scaler fitted on the training part's numeric columns; null without scaling or numbers to scale. */
    private static Scaler fitScaler(DataSpec spec, SeriesSet train, int[] numeric) {
        return spec.scale() == null || numeric.length == 0 ? null : Scaler.fit(spec.scale(), train, numeric);
    }

    /** The names with every one-hot encoded column replaced by its indicator columns. */
    private static List<String> encodedNames(List<String> names, List<Categorical> oneHot) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Categorical c = oneHot.stream().filter(e -> e.column().equals(n)).findFirst().orElse(null);
            if (c == null) {
                out.add(n);
            } else {
                out.addAll(c.oneHotNames());
            }
        }
        return out;
    }

    /** The columns of {@code used} that hold numbers: not categorical, not one-hot indicators. */
    private static int[] numeric(SeriesSet all, int[] used, List<Categorical> oneHot) {
        Set<String> encoded = new java.util.HashSet<>();
        for (Categorical c : oneHot) {
            encoded.addAll(c.oneHotNames());
        }
        return java.util.Arrays.stream(used).filter(i -> all.categorical(all.columns().get(i)) == null
                && !encoded.contains(all.columns().get(i))).toArray();
    }

    private static String classesNote(int k, String column, List<String> classes) {
        return k + " classes from column '" + column + "', codes 0.." + (k - 1) + " in this order: "
                + (classes.size() <= 10 ? classes : classes.subList(0, 10) + "...");
    }

    /** The options with the header turned off when the file's first line is numbers (data, not a header). */
    public static CsvOptions headerAware(java.nio.file.Path file, CsvOptions o) throws IOException {
        return o.header() && !looksLikeHeader(firstLine(file)) ? o.withHeader(false) : o;
    }

    /** A first line that is one or more numbers is data, not a header. */
    private static boolean looksLikeHeader(String line) {
        if (line == null) {
            return true;
        }
        for (String cell : line.split("[,;\\t]")) {
            try {
                Double.parseDouble(cell.trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(DataSpec spec) throws IOException {
        return firstLine(spec.file());
    }

    /** The file's first line without a byte-order mark, or null when it is empty or not UTF-8 text. */
    static String firstLine(java.nio.file.Path file) throws IOException {
        requireDataFile(file, "give the path of a CSV, .ts or text file");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? null : line.replace("\uFEFF", "");
        } catch (java.nio.charset.MalformedInputException e) {
            return null;
        }
    }

    // every name once, and a column of the set (the message says why a column of the file was not read)
    private static void requireColumns(SeriesSet set, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw new IllegalArgumentException("column '" + DataFormatException.excerpt(names.get(i)) + "' is named twice in "
                        + CsvReader.excerpts(names) + "; name each column once");
            }
            String c = names.get(i);
            if (set.textColumns().contains(c)) {
                throw new ParameterException(set.source() + ": column '" + DataFormatException.excerpt(c) + "' "
                        + set.unread().get(c) + ": it holds text (categories), not numbers; use it as a feature with categorical = "
                        + c + ", or learn it as a class per step with task = per-step and targets = " + c, "categorical", "task",
                        "targets");
            }
            set.column(c);
        }
    }

    private static int[] columns(SeriesSet set, List<String> names, List<String> all) {
        List<String> use = names.isEmpty() ? all : names;
        requireColumns(set, use);
        int[] out = new int[use.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.column(use.get(i));
        }
        return out;
    }

    private static List<String> without(List<String> all, List<String> drop) {
        List<String> out = new ArrayList<>(all);
        out.removeAll(drop);
        return out;
    }
}
