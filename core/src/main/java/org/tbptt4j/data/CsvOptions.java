package org.tbptt4j.data;

import java.util.List;

/**
 * How {@link CsvReader} reads a file. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with...} methods.
 *
 * @param columns    numeric columns to read, in this order; empty = every numeric column except the
 *                   id and time columns (numeric = only numbers and missing values in the first
 *                   {@value CsvReader#SAMPLE_ROWS} data rows, at least one number)
 * @param idColumn   null, or the column whose value names the sequence a row belongs to: the file
 *                   splits into one sequence per distinct value, in order of first appearance, each
 *                   keeping file order
 * @param timeColumn null, or the column each sequence is sorted by (stable). Numeric if the first
 *                   data row's value is a number, else compared as text (ISO dates and times sort
 *                   correctly as text)
 * @param missing    what to do with missing values, {@link Missing#FAIL} by default
 * @param delimiter  field separator, ',' by default
 * @param header     whether line 1 names the columns (default true); without a header the columns
 *                   are named c0, c1, ...
 * @param categorical columns read as {@link Categorical} level codes, whatever their cells hold (text,
 *                   or numbers used as classes); read besides {@code columns}. A missing cell in one
 *                   is an error: class labels are never filled in
 * @param labelColumn null, or the column holding each sequence's class label: the same on every row
 *                   of a sequence (a change is an error naming the sequence and line); it becomes
 *                   {@link Series#label()} and the set's classes, not a value column
 */
public record CsvOptions(List<String> columns, String idColumn, String timeColumn, Missing missing, char delimiter,
                         boolean header, List<String> categorical, String labelColumn) {

    public CsvOptions {
        if (columns == null) {
            throw new IllegalArgumentException("columns must not be null; use an empty list to read every numeric column");
        }
        columns = List.copyOf(columns);
        categorical = List.copyOf(categorical);
        if (labelColumn != null && (labelColumn.equals(idColumn) || labelColumn.equals(timeColumn)
                || columns.contains(labelColumn) || categorical.contains(labelColumn))) {
            throw new IllegalArgumentException("'" + labelColumn + "' is the label column; it cannot also be the id, the "
                    + "time or a value column");
        }
        for (String c : categorical) {
            if (c.equals(idColumn) || c.equals(timeColumn)) {
                throw new IllegalArgumentException("'" + c + "' is the " + (c.equals(idColumn) ? "id" : "time")
                        + " column; it cannot also be a categorical value column");
            }
        }
        if (missing == null) {
            throw new IllegalArgumentException("missing must not be null; choose FAIL, FFILL, INTERPOLATE or DROP");
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter " + printable(delimiter)
                    + " cannot separate fields; use ',', ';', '\\t', '|' or ' '");
        }
        if (idColumn != null && idColumn.equals(timeColumn)) {
            throw new IllegalArgumentException("'" + idColumn + "' is given as both the id and the time column; "
                    + "the id names the sequence, the time orders steps inside it");
        }
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            if (c.equals(idColumn) || c.equals(timeColumn)) {
                throw new IllegalArgumentException("'" + c + "' is the " + (c.equals(idColumn) ? "id" : "time")
                        + " column; it cannot also be a value column: leave it out of the columns");
            }
            if (columns.indexOf(c) != i) {
                throw new IllegalArgumentException("column '" + c + "' is listed twice in the columns " + columns);
            }
        }
    }

    /** Options without categorical or label columns. */
    public CsvOptions(List<String> columns, String idColumn, String timeColumn, Missing missing, char delimiter, boolean header) {
        this(columns, idColumn, timeColumn, missing, delimiter, header, List.of(), null);
    }

    /** Every numeric column, one sequence, file order, fail on a missing value, ',' and a header line. */
    public static CsvOptions defaults() {
        return new CsvOptions(List.of(), null, null, Missing.FAIL, ',', true);
    }

    /** The columns read as categorical level codes. */
    public CsvOptions withCategorical(List<String> names) {
        return new CsvOptions(columns, idColumn, timeColumn, missing, delimiter, header, names, labelColumn);
    }

    /** The column holding each sequence's class label (null = no label). */
    public CsvOptions withLabelColumn(String name) {
        return new CsvOptions(columns, idColumn, timeColumn, missing, delimiter, header, categorical, name);
    }

    /** The numeric columns to read, in this order (none = every numeric column). */
    public CsvOptions withColumns(String... names) {
        return new CsvOptions(List.of(names), idColumn, timeColumn, missing, delimiter, header, categorical, labelColumn);
    }

    /** The column naming the sequence of each row (null = one sequence). */
    public CsvOptions withIdColumn(String name) {
        return new CsvOptions(columns, name, timeColumn, missing, delimiter, header, categorical, labelColumn);
    }

    /** The column to sort each sequence by (null = file order). */
    public CsvOptions withTimeColumn(String name) {
        return new CsvOptions(columns, idColumn, name, missing, delimiter, header, categorical, labelColumn);
    }

    /** The missing-value policy. */
    public CsvOptions withMissing(Missing policy) {
        return new CsvOptions(columns, idColumn, timeColumn, policy, delimiter, header, categorical, labelColumn);
    }

    /** The field separator. */
    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(columns, idColumn, timeColumn, missing, d, header, categorical, labelColumn);
    }

    /** Whether line 1 names the columns. */
    public CsvOptions withHeader(boolean h) {
        return new CsvOptions(columns, idColumn, timeColumn, missing, delimiter, h, categorical, labelColumn);
    }

    private static String printable(char c) {
        return c == '\n' ? "'\\n'" : c == '\r' ? "'\\r'" : "'" + c + "'";
    }
}
