package org.tbptt4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads numeric columns of a CSV file (UTF-8, RFC 4180) into a {@link SeriesSet}: one series, or one
 * per id value when {@link CsvOptions#idColumn()} is set; each series is T x C with C = the read
 * columns, in time order. Blank lines are skipped (a missing value in a one-column file must be
 * written as e.g. {@code NA}). Missing values: see {@link Numbers} for the spellings and
 * {@link Missing} for the policies. Columns left out (text, no values) are in
 * {@link SeriesSet#unread()} with the reason; what a policy trimmed or dropped is in {@link SeriesSet#notes()}.
 *
 * <p>Cost: one pass over the characters (two over the first {@value #SAMPLE_ROWS} rows when the
 * numeric columns are found automatically, and two over the whole file when a column has no value
 * in those rows, to tell a column that starts late from one that has no values); memory about 8 bytes per value read, plus up to half
 * again while an array grows. Numeric cells are parsed from the scanner's char buffer.
 */
public final class CsvReader {

    /** Data rows looked at to decide which columns are numeric when none are named. */
    public static final int SAMPLE_ROWS = 1000;

    static final int TIME_NONE = 0;
    static final int TIME_NUMBER = 1;
    static final int TIME_TEXT = 2;

    private CsvReader() {
    }

    /** Reads the file; every problem in it is a {@link DataFormatException} naming line and column. */
    public static SeriesSet read(Path file, CsvOptions o) throws IOException {
        String name = file.getFileName().toString();
        try (CsvScanner s = open(file, name, o)) {
            if (!s.next()) {
                throw new DataFormatException(name, 0, null, "the file is empty (or only blank lines); expected "
                        + (o.header() ? "a header line naming the columns, then data rows" : "data rows"));
            }
            List<String> header = header(s, name, o);
            long headerLine = s.recordLine;
            if (o.header() && !s.next()) {
                throw new DataFormatException(name, headerLine, null, "the header is the only line; add data rows "
                        + "below it, or read with header=false if line " + headerLine + " is data");
            }
            Map<String, String> unread = new LinkedHashMap<>();
            List<String> read = new ArrayList<>(o.columns().isEmpty() ? numericColumns(file, name, o, header, unread) : o.columns());
            for (String c : o.categorical()) {
                if (!read.contains(c)) {
                    read.add(c);
                }
                unread.remove(c);
            }
            read.remove(o.labelColumn());
            unread.remove(o.labelColumn());
            return new Layout(name, header, read, o, headerLine).readRows(s, unread);
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
    }

    /**
     * The columns that hold text (not id, time or label), judged as {@link #read} does when no
     * columns are named: by their first non-missing value.
     */
    public static List<String> textColumns(Path file, CsvOptions o) throws IOException {
        Map<String, String> unread = new LinkedHashMap<>();
        try {
            numericColumns(file, file.getFileName().toString(), o, columns(file, o), unread);
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
        return unread.entrySet().stream().filter(e -> e.getValue().startsWith(SeriesSet.NON_NUMERIC))
                .map(Map.Entry::getKey).toList();
    }

    /** The column names of the file (line 1, or c0, c1, ... without a header); reads one record. */
    public static List<String> columns(Path file, CsvOptions o) throws IOException {
        String name = file.getFileName().toString();
        try (CsvScanner s = open(file, name, o)) {
            return s.next() ? header(s, name, o) : List.of();
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
    }
    private static CsvScanner open(Path file, String name, CsvOptions o) throws IOException {
        BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return new CsvScanner(r, name, o.delimiter());
    }

    // names from line 1, or c0, c1, ... (an empty header cell is named the same way)
    private static List<String> header(CsvScanner s, String name, CsvOptions o) {
        List<String> names = new ArrayList<>(s.fields);
        Map<String, Integer> seen = new HashMap<>();
        for (int f = 0; f < s.fields; f++) {
            String n = o.header() && s.length[f] > 0 ? s.text(f) : "c" + f;
            Integer before = seen.put(n, f);
            if (before != null) {
                throw new DataFormatException(name, s.recordLine, n, "the header names this column twice (fields "
                        + (before + 1) + " and " + (f + 1) + "); rename one so every column has its own name");
            }
            names.add(n);
        }
        return names;
    }

    // the columns whose first non-missing value is a number: a column of text (a date, a category) is
    // left out, while a stray text cell in a numeric column is an error when read. The first SAMPLE_ROWS
    // data rows decide; a column with no value in them is decided by its first value further on, and
    // one with none at all is left out as having no values. Each column left out goes into unread with why.
    private static List<String> numericColumns(Path file, String name, CsvOptions o, List<String> header,
                                               Map<String, String> unread) throws IOException {
        int F = header.size();
        boolean[] number = new boolean[F];
        String[] text = new String[F];   // why a column is text: its first non-missing cell and line
        int undecided = F;
        try (CsvScanner s = open(file, name, o)) {
            if (o.header()) {
                s.next();
            }
            for (int r = 0; undecided > 0 && s.next() && s.fields == F; r++) {
                if (r >= SAMPLE_ROWS && !anyUndecided(number, text, header, o)) {
                    break;
                }
                for (int f = 0; f < F; f++) {
                    if (number[f] || text[f] != null) {
                        continue; // decided by its first non-missing value
                    }
                    try {
                        if (!Double.isNaN(Numbers.parse(s.chars, s.start[f], s.length[f]))) {
                            number[f] = true;
                            undecided--;
                        }
                    } catch (NumberFormatException e) {
                        text[f] = "'" + DataFormatException.excerpt(s.text(f)) + "' on line " + s.recordLine;
                        undecided--;
                    }
                }
            }
        }
        List<String> read = new ArrayList<>();
        for (int f = 0; f < F; f++) {
            String n = header.get(f);
            if (n.equals(o.labelColumn())) {
                continue;
            }
            if (n.equals(o.idColumn()) || n.equals(o.timeColumn())) {
                unread.put(n, n.equals(o.idColumn()) ? "is the sequence id column" : "is the time column");
            } else if (number[f]) {
                read.add(n);
            } else {
                unread.put(n, text[f] != null ? SeriesSet.NON_NUMERIC + " (" + text[f] + ")" : "has no values (every cell is missing)");
            }
        }
        if (read.isEmpty() && o.categorical().isEmpty()) {
            throw new DataFormatException(name, 0, null, "no column starts with a number (the columns are "
                    + excerpts(header) + "); name the columns to read with columns = NAME,...", "columns");
        }
        return read;
    }

    /** Level codes of one categorical column by first appearance, while reading; {@link #ordered} at the end. */
    private static final class LevelCodes {
        final String column;
        final Map<String, Integer> codes = new HashMap<>();
        final List<String> seen = new ArrayList<>();

        LevelCodes(String column) {
            this.column = column;
        }

        /** The code of field f of the current record; a missing cell is an error (classes are never filled in). */
        int code(CsvScanner s, int f, String file) {
            if (Numbers.isMissing(s.chars, s.start[f], s.start[f] + s.length[f])) {
                throw new DataFormatException(file, s.recordLine, column, "'" + DataFormatException.excerpt(s.text(f)) + "' is a missing value in a "
                        + "categorical column; class labels and categories are never filled in: fill in the cell, or remove the row");
            }
            String v = s.text(f);
            Integer c = codes.get(v);
            if (c == null) {
                c = seen.size();
                codes.put(v, c);
                seen.add(v);
            }
            return c;
        }

        String level(int code) {
            return seen.get(code);
        }

        Categorical ordered() {
            return Categorical.of(column, seen);
        }

        /** code[first-appearance code] = the code in c. */
        int[] codesIn(Categorical c) {
            return new Categorical(column, seen).codesIn(c.levels());
        }
    }

    // a value column with no value yet (the id and time columns are not read as values)
    private static boolean anyUndecided(boolean[] number, String[] text, List<String> header, CsvOptions o) {
        for (int f = 0; f < number.length; f++) {
            String n = header.get(f);
            if (!number[f] && text[f] == null && !n.equals(o.idColumn()) && !n.equals(o.timeColumn())) {
                return true;
            }
        }
        return false;
    }

    /** Column names as a message may list them, each cut to an excerpt. */
    static List<String> excerpts(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(DataFormatException.excerpt(n));
        }
        return out;
    }

    /** Where each read column is in a record, and the reading of the data rows. */
    private static final class Layout {
        final String name;
        final List<String> header;
        final List<String> read;
        final CsvOptions o;
        final boolean autoColumns;
        final int[] fieldOf;        // (C) field index of read column j
        final int idField;          // -1 when one sequence
        final int timeField;        // -1 when file order
        final int labelField;       // -1 without a sequence label
        final LevelCodes[] levels;  // (C) level codes of categorical read column j, null when numeric
        final LevelCodes labels;    // the sequence labels' codes, null without a label column
        int timeKind = TIME_NONE;   // decided by the first data row

        Layout(String name, List<String> header, List<String> read, CsvOptions o, long headerLine) {
            this.name = name;
            this.header = header;
            this.read = List.copyOf(read);
            this.o = o;
            this.autoColumns = o.columns().isEmpty();
            fieldOf = new int[read.size()];
            for (int j = 0; j < read.size(); j++) {
                fieldOf[j] = field(read.get(j), headerLine);
            }
            idField = o.idColumn() == null ? -1 : field(o.idColumn(), headerLine);
            timeField = o.timeColumn() == null ? -1 : field(o.timeColumn(), headerLine);
            labelField = o.labelColumn() == null ? -1 : field(o.labelColumn(), headerLine);
            levels = new LevelCodes[read.size()];
            for (int j = 0; j < read.size(); j++) {
                levels[j] = o.categorical().contains(read.get(j)) ? new LevelCodes(read.get(j)) : null;
            }
            labels = labelField < 0 ? null : new LevelCodes(o.labelColumn());
        }

        private int field(String column, long headerLine) {
            int f = header.indexOf(column);
            if (f < 0) {
                throw new DataFormatException(name, o.header() ? headerLine : 0, DataFormatException.excerpt(column),
                        "no such column; the columns are " + excerpts(header) + (o.header() ? "" : " (the file is read without a header)"));
            }
            return f;
        }

        /** Reads the current record and every one after it. */
        SeriesSet readRows(CsvScanner s, Map<String, String> unread) throws IOException {
            Map<String, CsvSequence> byId = new LinkedHashMap<>();
            CsvSequence last = null;
            int C = fieldOf.length;
            int fields = header.size();
            if (timeField >= 0) {
                timeKind = isNumber(s, timeField) ? TIME_NUMBER : TIME_TEXT;
            }
            do {
                if (s.fields != fields) {
                    throw new DataFormatException(name, s.recordLine, null, "expected " + fields + " fields as in "
                            + (o.header() ? "the header" : "the first row") + ", got " + s.fields
                            + "; check for a missing or extra '" + o.delimiter() + "' (quote a field that contains one)");
                }
                CsvSequence q = last != null && (idField < 0 || sameId(s, last)) ? last : sequence(s, byId, C);
                last = q;
                int base = q.nextRow();
                boolean missing = false;
                for (int j = 0; j < C; j++) {
                    double x = levels[j] != null ? levels[j].code(s, fieldOf[j], name) : number(s, fieldOf[j]);
                    if (Double.isNaN(x)) {
                        if (o.missing() == Missing.FAIL) {
                            throw new DataFormatException(name, s.recordLine, read.get(j), "'"
                                    + DataFormatException.excerpt(s.text(fieldOf[j])) + "' is a missing value; choose missing = ffill|interpolate|drop, or clean the file", "missing");
                        }
                        missing = true;
                    }
                    q.values[base + j] = x;
                }
                if (timeKind != TIME_NONE) {
                    time(s, q);
                }
                if (labels != null) {
                    label(s, q);
                }
                q.rows++;
                if (missing) {
                    q.noteMissing(s.recordLine);
                }
            } while (s.next());
            // level codes by first appearance -> codes in the documented order
            List<Categorical> categorical = new ArrayList<>();
            for (int j = 0; j < C; j++) {
                if (levels[j] != null) {
                    Categorical c = levels[j].ordered();
                    int[] code = levels[j].codesIn(c);
                    for (CsvSequence q : byId.values()) {
                        for (int r = 0; r < q.rows; r++) {
                            q.values[r * C + j] = code[(int) q.values[r * C + j]];
                        }
                    }
                    categorical.add(c);
                }
            }
            Categorical classes = labels == null ? null : labels.ordered();
            int[] classCode = labels == null ? null : labels.codesIn(classes);
            List<Series> series = new ArrayList<>(byId.size());
            MissingFill.Report report = new MissingFill.Report();
            for (CsvSequence q : byId.values()) {
                Series f = finish(q, report);
                series.add(classCode == null ? f : f.withValues(f.values(), classCode[q.label]));
            }
            return new SeriesSet(name, read, series, List.of(), classes == null ? List.of() : classes.levels(), categorical,
                    unread, report.notes(name, idField >= 0));
        }

        // the row's sequence label: the same on every row of its sequence
        private void label(CsvScanner s, CsvSequence q) {
            int code = labels.code(s, labelField, name);
            if (q.label < 0) {
                q.label = code;
                q.labelLine = s.recordLine;
            } else if (code != q.label) {
                throw new DataFormatException(name, s.recordLine, o.labelColumn(), describe(q) + "the label changes from '"
                        + TsReader.shorten(labels.level(q.label)) + "' (line " + q.labelLine + ") to '" + TsReader.shorten(s.text(labelField))
                        + "'; a sequence label is the same on every row of its sequence: fix the file, or learn a class per "
                        + "step (per-step targets) if the label belongs to each step");
            }
        }

        private boolean sameId(CsvScanner s, CsvSequence q) {
            return Arrays.equals(s.chars, s.start[idField], s.start[idField] + s.length[idField],
                    q.idChars, 0, q.idChars.length);
        }

        private CsvSequence sequence(CsvScanner s, Map<String, CsvSequence> byId, int C) {
            String id = idField < 0 ? name : s.text(idField);
            if (idField >= 0 && Numbers.isMissing(s.chars, s.start[idField], s.start[idField] + s.length[idField])) {
                throw new DataFormatException(name, s.recordLine, o.idColumn(), "the sequence id is missing ('"
                        + DataFormatException.excerpt(id) + "'); every row needs the id of the sequence it belongs to");
            }
            return byId.computeIfAbsent(id, k -> new CsvSequence(k, s.recordLine, C, timeKind));
        }

        private double number(CsvScanner s, int f) {
            try {
                return Numbers.parse(s.chars, s.start[f], s.length[f]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name, s.recordLine, header.get(f), e.getMessage() + "; " + (autoColumns
                        ? "this column looked numeric in the first " + SAMPLE_ROWS + " rows: fix the cell, or name the columns to read "
                        + "with columns = NAME,..." : "fix the cell, or leave this column out of the columns read (columns = NAME,...)"),
                        "columns");
            }
        }

        private static boolean isNumber(CsvScanner s, int f) {
            try {
                Numbers.parse(s.chars, s.start[f], s.length[f]);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        // the time key of the row being added (row T)
        private void time(CsvScanner s, CsvSequence q) {
            int f = timeField;
            String what = "; every row needs a time value to be put in order: fill it in, or read without a time column";
            if (timeKind == TIME_NUMBER) {
                double t;
                try {
                    t = Numbers.parse(s.chars, s.start[f], s.length[f]);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(name, s.recordLine, o.timeColumn(), e.getMessage()
                            + ", but the first time value was a number, so time is compared as numbers; "
                            + "write every time value the same way (all numbers, or all text such as ISO dates)");
                }
                if (Double.isNaN(t)) {
                    throw new DataFormatException(name, s.recordLine, o.timeColumn(), "the time value '"
                            + DataFormatException.excerpt(s.text(f)) + "' is missing" + what);
                }
                q.timeNumbers[q.rows] = t;
            } else {
                if (Numbers.isMissing(s.chars, s.start[f], s.start[f] + s.length[f])) {
                    throw new DataFormatException(name, s.recordLine, o.timeColumn(), "the time value '"
                            + DataFormatException.excerpt(s.text(f)) + "' is missing" + what);
                }
                q.timeTexts[q.rows] = s.text(f);
            }
        }

        // time order, then the missing policy
        private Series finish(CsvSequence q, MissingFill.Report report) {
            int[] order = q.sortByTime();
            q.timeNumbers = null;
            q.timeTexts = null;
            int T = q.rows;
            boolean[] observed = null;
            if (q.hasMissing()) {
                MissingFill.Filled filled;
                try {
                    filled = MissingFill.apply(q.values, q.rows, fieldOf.length, o.missing());
                } catch (MissingFill.Unfillable u) {
                    long line = o.missing() == Missing.FAIL ? q.lineOfMissingRow(order == null ? u.row : order[u.row]) : 0;
                    throw new DataFormatException(name, line, read.get(u.col), describe(q) + u.getMessage() + "; "
                            + "leave this column out of the columns read (columns = NAME,...), or fill in values", "columns");
                }
                T = filled.length();
                if (T == 0) {
                    throw new DataFormatException(name, q.firstLine, null, describe(q) + "every row has a missing value in "
                            + read + ", so missing = drop leaves nothing; choose ffill or interpolate, or leave the empty columns out",
                            "missing");
                }
                report.add(filled);
                observed = filled.observed();
                q.rows = T;
            }
            return new Series(q.id, T, q.trimmedValues(), -1, new int[0], observed);
        }

        private String describe(CsvSequence q) {
            return idField < 0 ? "" : "sequence '" + q.id + "': ";
        }
    }
}
