package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader produces: one or more raw series with the same named columns, plus, for text, the
 * vocabulary and, for labelled data, the class names.
 *
 * @param source     where the data came from (a file name), for messages and provenance
 * @param columns    names of the C columns of every series
 * @param series     the sequences, in file order
 * @param vocabulary token strings by id for text (index = id), else empty
 * @param classes    class names by label id for labelled data, else empty
 * @param categorical the columns that hold level codes rather than numbers, with their levels
 *                    ({@link Categorical}); empty when every column is numeric
 * @param unread     columns of the file the reader left out, in file order, each with the reason
 *                   (non-numeric, no values, the id or time column), worded to follow the column's name;
 *                   empty when every column was read or for readers without columns
 * @param notes      what the reader did that the user should know (rows trimmed or dropped for missing values)
 */
public record SeriesSet(String source, List<String> columns, List<Series> series, List<String> vocabulary,
                        List<String> classes, List<Categorical> categorical, Map<String, String> unread, List<String> notes) {

    /** How the reason of a column left out for holding text begins (see {@link #textColumns}). */
    public static final String NON_NUMERIC = "is non-numeric";

    public SeriesSet {
        unread = Collections.unmodifiableMap(new LinkedHashMap<>(unread));
        notes = List.copyOf(notes);
        columns = List.copyOf(columns);
        series = List.copyOf(series);
        vocabulary = List.copyOf(vocabulary);
        classes = List.copyOf(classes);
        categorical = List.copyOf(categorical);
        for (Categorical c : categorical) {
            if (!columns.contains(c.column())) {
                throw new IllegalArgumentException(source + ": categorical column '" + c.column() + "' is not among " + columns);
            }
        }
        for (Series s : series) {
            if (s.length() > 0 && s.width() != columns.size()) {
                throw new IllegalArgumentException(source + ": series " + s.id() + " has " + s.width()
                        + " values per step, expected " + columns.size() + " (" + columns + ")");
            }
        }
    }

    /** A set of numeric columns only. */
    public SeriesSet(String source, List<String> columns, List<Series> series, List<String> vocabulary, List<String> classes) {
        this(source, columns, series, vocabulary, classes, List.of(), Map.of(), List.of());
    }

    /** The same set (columns, classes, levels) with other series: a part of it, or a scaled copy. */
    public SeriesSet withSeries(List<Series> other) {
        return new SeriesSet(source, columns, other, vocabulary, classes, categorical, unread, notes);
    }

    /** The levels of a categorical column, or null when the column is numeric. */
    public Categorical categorical(String column) {
        for (Categorical c : categorical) {
            if (c.column().equals(column)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The set with categorical column {@code encoding.column()} replaced, in place, by one 0/1
     * column per level of {@code encoding} (named {@code column=level}, see
     * {@link Categorical#oneHotNames}). The levels are matched by name, so a model's saved levels
     * encode a new file the way they encoded the training file; a level the encoding does not know
     * is an error naming it.
     */
    public SeriesSet withOneHot(Categorical encoding) {
        String name = encoding.column();
        int at = column(name);
        Categorical own = categorical(name);
        if (own == null) {
            throw new IllegalArgumentException(source + ": column '" + name + "' holds numbers; one-hot encoding is for "
                    + "categorical columns (text or class labels)");
        }
        int[] code = own.codesIn(encoding.levels());
        int C = columns.size();
        int K = encoding.size();
        List<Series> out = new ArrayList<>(series.size());
        for (Series s : series) {
            int T = s.length();
            double[] v = new double[T * (C - 1 + K)];    // (T x C') row-major
            boolean[] seen = s.observed() == null ? null : new boolean[v.length];
            for (int t = 0; t < T; t++) {
                int base = t * (C - 1 + K);
                System.arraycopy(s.values(), t * C, v, base, at);
                int k = code[(int) s.at(t, at)];
                if (k < 0) {
                    throw new IllegalArgumentException(source + ": sequence " + s.id() + ", step " + (t + 1) + ": column '"
                            + name + "' has the level '" + own.level((int) s.at(t, at)) + "', which the encoding does not know "
                            + "(its levels are " + encoding.describeLevels() + "); give data with the training data's levels");
                }
                v[base + at + k] = 1;
                System.arraycopy(s.values(), t * C + at + 1, v, base + at + K, C - at - 1);
                if (seen != null) {                       // categories are never filled in: the indicators are observed
                    System.arraycopy(s.observed(), t * C, seen, base, at);
                    java.util.Arrays.fill(seen, base + at, base + at + K, true);
                    System.arraycopy(s.observed(), t * C + at + 1, seen, base + at + K, C - at - 1);
                }
            }
            out.add(new Series(s.id(), T, v, s.label(), s.sentenceEnds(), seen));
        }
        List<String> names = new ArrayList<>(columns.subList(0, at));
        names.addAll(encoding.oneHotNames());
        names.addAll(columns.subList(at + 1, C));
        List<Categorical> rest = new ArrayList<>(categorical);
        rest.remove(own);
        return new SeriesSet(source, names, out, vocabulary, classes, rest, unread, notes);
    }

    /** The columns the reader left out for holding text (categories, dates): candidates for one-hot encoding. */
    public List<String> textColumns() {
        return unread.entrySet().stream().filter(e -> e.getValue().startsWith(NON_NUMERIC)).map(Map.Entry::getKey).toList();
    }

    /** Total steps over all series. */
    public long totalSteps() {
        long n = 0;
        for (Series s : series) {
            n += s.length();
        }
        return n;
    }

    /**
     * Index of the named column; the message says why a column of the file was not read (non-numeric,
     * no values), else lists the columns there are.
     */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            String why = unread.get(name);
            throw new IllegalArgumentException(why != null
                    ? source + ": column '" + name + "' " + why + "; leave it out of the feature and target columns"
                    : source + ": no column '" + DataFormatException.excerpt(name) + "'; the columns are " + columns);
        }
        return i;
    }

    /** Values filled in by the missing-value policy, per column (in column order), over every series. */
    public long[] imputed() {
        long[] n = new long[columns.size()];
        for (Series s : series) {
            for (int c = 0; c < n.length && s.length() > 0; c++) {
                n[c] += s.imputed(c);
            }
        }
        return n;
    }
}
