package org.tbptt4j.data;

import java.util.List;

/**
 * What a reader produces: one or more raw series with the same named columns, plus, for text, the
 * vocabulary and, for labelled data, the class names.
 *
 * @param source     where the data came from (a file name), for messages and provenance
 * @param columns    names of the C columns of every series
 * @param series     the sequences, in file order
 * @param vocabulary token strings by id for text (index = id), else empty
 * @param classes    class names by label id for labelled data, else empty
 */
public record SeriesSet(String source, List<String> columns, List<Series> series, List<String> vocabulary,
                        List<String> classes) {

    public SeriesSet {
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

    /** Total steps over all series. */
    public long totalSteps() {
        long n = 0;
        for (Series s : series) {
            n += s.length();
        }
        return n;
    }

    /** Index of the named column; the message lists the columns there are. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": no column '" + name + "'; the columns are " + columns);
        }
        return i;
    }
}
