package org.tbptt4j.data;

import java.util.List;

/**
 * A user error in a data file: the message names the file, the 1-based line and the column where
 * the problem is, what is wrong, and what to do about it, e.g.
 * {@code pollution.csv:line 5, column 'pm2.5': 'NA' is a missing value; choose missing = ffill|interpolate|drop, or clean the file},
 * in the library's words: a reader parameter ({@link CsvOptions}' components) as {@code name = value}, which a
 * command line maps to its option ({@link #parameters()}).
 */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The file's name, as shown in the message. */
    public final String file;
    /** 1-based line, 0 when the problem is not on one line (an empty file, a missing section). */
    public final long line;
    /** The column's name or 1-based number as text, null when the problem is not in one column. */
    public final String column;
    /** What is wrong and what to do, without the position. */
    public final String problem;

    /** The reader parameters the message names as {@code name = value} ({@link CsvOptions}' components), for a command line to map. */
    private final List<String> parameters;

    /**
     * A problem at a named column ({@code column 'pm2.5'}); column may be null.
     *
     * @param parameters the reader parameters the message names as {@code name = value}, e.g. {@code missing}
     */
    public DataFormatException(String file, long line, String column, String problem, String... parameters) {
        super(position(file, line, column == null ? null : "column '" + column + "'") + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.parameters = List.of(parameters);
    }

    /** A problem at a numbered column ({@code column 3}, 1-based), used where the file has no names. */
    public DataFormatException(String file, long line, int column, String problem, String... parameters) {
        super(position(file, line, "column " + column) + problem);
        this.file = file;
        this.line = line;
        this.column = Integer.toString(column);
        this.problem = problem;
        this.parameters = List.of(parameters);
    }

    /** The reader parameters the message names as {@code name = value}. */
    public List<String> parameters() {
        return parameters;
    }

    /** Longest cell text a message echoes; longer text is cut and its length given. */
    public static final int EXCERPT = 40;

    /**
     * Text from a file as a message may echo it: at most {@value #EXCERPT} characters (then "..."
     * and the full length), control characters as Java escapes (backslash, u, four hex digits), so one bad cell of any
     * size or content stays one short line.
     */
    public static String excerpt(CharSequence text) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(text.length(), EXCERPT);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > EXCERPT) {
            b.append("... (").append(String.format(java.util.Locale.ROOT, "%,d", text.length())).append(" characters)");
        }
        return b.toString();
    }

    private static String position(String file, long line, String column) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(":line ").append(line);
        }
        if (column != null) {
            b.append(line > 0 ? ", " : ": ").append(column);
        }
        return b.append(": ").toString();
    }
}
