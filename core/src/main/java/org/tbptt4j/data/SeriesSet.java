package org.tbptt4j.data;

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
 * @param unread     columns of the file the reader left out, in file order, each with the reason
 *                   (non-numeric, no values, the id or time column), worded to follow the column's name;
 *                   empty when every column was read or for readers without columns
 * @param notes      what the reader did that the user should know (rows trimmed or dropped for missing values)
 */
public record SeriesSet(String source, List<String> columns, List<Series> series, List<String> vocabulary,
                        List<String> classes, Map<String, String> unread, List<String> notes) {

    public SeriesSet {
        unread = Collections.unmodifiableMap(new LinkedHashMap<>(unread));
        notes = List.copyOf(notes);
        columns = List.copyOf(columns);
        series = List.copyOf(series);
        vocabulary = List.copyOf(vocabulary);
        classes = List.copyOf(classes);
        for (Series s : series) {
            if (s.length() > 0 && s.width() != columns.size()) {
                throw new IllegalArgumentException(source + ": series " + s.id() + " has " + s.width()
                        + " values per step, expected " + columns.size() + " (" + columns + ")");
            }
        }
    }

    /** A set whose reader left no column out and has nothing to note. */
    public SeriesSet(String source, List<String> columns, List<Series> series, List<String> vocabulary, List<String> classes) {
        this(source, columns, series, vocabulary, classes, Map.of(), List.of());
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
