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

/**
 * Carries out a {@link DataSpec}: read the file, split it in time order into training, validation
 * and test parts, fit the scaler on the training part only, and turn every part into supervised
 * sequences for the task. Strategies then lay the sequences out for training.
 *
 * @param spec       what was asked
 * @param parts      the raw training, validation and test parts (scaled)
 * @param task       the task the sequences were made with
 * @param scaler     the scaler fitted on the training part (null without scaling)
 * @param vocabulary text tokens by id (null for numeric data)
 * @param classes    class names (empty unless classification)
 * @param train      supervised training sequences
 * @param validation supervised validation sequences (may be empty)
 * @param test       supervised test sequences (may be empty)
 * @param notes      what was done that the user should know (dropped sequences, defaults chosen)
 * @param columns    which columns are seen and predicted, which were left out and why, and how many values were imputed
 */
public record Preparation(DataSpec spec, List<SeriesSet> parts, Task task, Scaler scaler, Vocabulary vocabulary,
                          List<String> classes, List<Sequence> train, List<Sequence> validation, List<Sequence> test,
                          List<String> notes, ColumnUse columns) {

    /** Reads, splits, scales and applies the task; every user error is a clear IllegalArgumentException or IOException. */
    public static Preparation prepare(DataSpec spec) throws IOException {
        requireDataFile(spec.file(), "give the path of a CSV, .ts or text file");
        List<String> notes = new ArrayList<>();
        DataSpec.Format format = spec.format() != null ? spec.format() : DataSpec.Format.detect(spec.file(), firstLine(spec));
        DataSpec.TaskKind kind = spec.task() != null ? spec.task() : DataSpec.TaskKind.defaultFor(format);
        if (spec.horizon() != 1 && kind != DataSpec.TaskKind.FORECAST) {
            throw new IllegalArgumentException("a horizon of " + spec.horizon() + " steps applies to forecasting only, and the task is "
                    + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        SeriesSet all = read(spec, format);
        if (all.series().isEmpty() || all.totalSteps() == 0) {
            throw new IllegalArgumentException(spec.file() + ": no data rows: the file holds no values to train on");
        }
        notes.addAll(all.notes());
        requireColumns(all, spec.features());   // before splitting: a wrong name is the first thing to hear about
        requireColumns(all, spec.targets());
        List<SeriesSet> parts = all.series().size() == 1
                ? TimeSplit.splitSpan(all, spec.train(), spec.validation())
                : TimeSplit.splitBySequence(all, spec.train(), spec.validation(), spec.seed());
        Vocabulary vocab = all.vocabulary().isEmpty() ? null : Vocabulary.of(all.vocabulary());
        Task task;
        Scaler scaler = null;
        switch (kind) {
            case LANGUAGE_MODEL -> {
                if (vocab == null) {
                    throw new IllegalArgumentException(spec.file() + ": language modelling needs text; read it with --format chars or words");
                }
                task = new Task.LanguageModel(vocab.size());
                notes.add("vocabulary of " + vocab.size() + " tokens, built from the whole file");
            }
            case CLASSIFY -> {
                if (all.classes().isEmpty()) {
                    throw new IllegalArgumentException(spec.file() + ": classification needs class labels (a .ts file with @classLabel)");
                }
                int[] in = columns(all, spec.features(), all.columns());
                scaler = spec.scale() == null ? null : Scaler.fit(spec.scale(), parts.get(0), in);
                task = new Task.Classify(in, all.classes().size());
            }
            default -> {
                // forecasting predicts what it sees unless told otherwise: targets default to the features
                List<String> targetNames = spec.targets().isEmpty()
                        ? (kind == DataSpec.TaskKind.FORECAST ? (spec.features().isEmpty() ? all.columns() : spec.features()) : List.of())
                        : spec.targets();
                if (targetNames.isEmpty()) {
                    throw new IllegalArgumentException("per-step targets need --target COLUMN; the columns are " + all.columns());
                }
                List<String> featureNames = spec.features().isEmpty()
                        ? (kind == DataSpec.TaskKind.FORECAST ? all.columns() : without(all.columns(), targetNames))
                        : spec.features();
                int[] in = columns(all, featureNames, all.columns());
                int[] out = columns(all, targetNames, all.columns());
                if (spec.scale() != null) {
                    Set<Integer> used = new LinkedHashSet<>();
                    for (int c : in) {
                        used.add(c);
                    }
                    for (int c : out) {
                        used.add(c);
                    }
                    scaler = Scaler.fit(spec.scale(), parts.get(0), used.stream().mapToInt(Integer::intValue).toArray());
                }
                task = kind == DataSpec.TaskKind.FORECAST ? new Task.Forecast(in, out, spec.horizon()) : new Task.PerStep(in, out);
            }
        }
        List<SeriesSet> scaled = new ArrayList<>();
        for (SeriesSet p : parts) {
            scaled.add(scaler == null ? p : scaler.apply(p));
        }
        if (scaler != null) {
            notes.add(scaler.kind().name().toLowerCase(java.util.Locale.ROOT) + " scaling fitted on the training part only");
        }
        List<Sequence> train = task.applyAll(scaled.get(0), notes);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(spec.file() + ": the training part is too short for " + task.describe());
        }
        List<Sequence> validation = task.applyAll(scaled.get(1), notes);
        List<Sequence> test = task.applyAll(scaled.get(2), notes);
        ColumnUse use = ColumnUse.of(all, task, spec.csv().missing());
        notes.addAll(use.notes(train, validation, test));
        return new Preparation(spec, scaled, task, scaler, vocab, all.classes(), train, validation, test, notes, use);
    }

    /**
     * Fails unless {@code file} is a readable regular file: a directory or a missing path gets a
     * message saying which, ending in {@code what} (what to give instead).
     */
    public static void requireDataFile(java.nio.file.Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file + ": is a directory, not a data file; " + what + " (a file inside it?)");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": no such file; " + what);
        }
        if (!Files.isReadable(file)) {
            throw new java.nio.file.AccessDeniedException(file + ": cannot be read (permission denied); " + what);
        }
    }

    private static SeriesSet read(DataSpec spec, DataSpec.Format format) throws IOException {
        return switch (format) {
            case CSV -> CsvReader.read(spec.file(), headerAware(spec.file(), spec.csv()));
            case TS -> TsReader.read(spec.file(), spec.csv().missing());
            case CHARS -> TextReader.characters(spec.file(), null);
            case WORDS -> TextReader.words(spec.file(), null);
        };
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
            set.column(names.get(i));
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
