package org.tbptt4j.data;

import java.io.BufferedReader;
import java.io.IOException;
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
 * {@link Missing} for the policies.
 *
 * <p>Cost: one pass over the characters (two over the first {@value #SAMPLE_ROWS} rows when the
 * numeric columns are found automatically); memory about 8 bytes per value read, plus up to half
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
            List<String> text = new ArrayList<>();
            List<String> read = new ArrayList<>(o.columns().isEmpty() ? numericColumns(file, name, o, header, text) : o.columns());
            for (String c : o.categorical()) {
                if (!read.contains(c)) {
                    read.add(c);
                }
            }
            read.remove(o.labelColumn());
            text.removeAll(o.categorical());
            text.remove(o.labelColumn());
            return new Layout(name, header, read, o, headerLine).readRows(s, text);
        }
    }

    /**
     * The columns that hold text (not id, time or label), judged as {@link #read} does when no
     * columns are named: by their first non-missing value in the first {@value #SAMPLE_ROWS} rows.
     */
    public static List<String> textColumns(Path file, CsvOptions o) throws IOException {
        List<String> text = new ArrayList<>();
        numericColumns(file, file.getFileName().toString(), o, columns(file, o), text);
        return text;
    }

    /** The column names of the file (line 1, or c0, c1, ... without a header); reads one record. */
    public static List<String> columns(Path file, CsvOptions o) throws IOException {
        String name = file.getFileName().toString();
        try (CsvScanner s = open(file, name, o)) {
            return s.next() ? header(s, name, o) : List.of();
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

    // the columns whose first non-missing value (within SAMPLE_ROWS rows) is a number: a column of text
    // (a date, a category) is left out (and added to text), while a stray text cell in a numeric column is
    // an error when read
    private static List<String> numericColumns(Path file, String name, CsvOptions o, List<String> header,
                                               List<String> textColumns) throws IOException {
        boolean[] number = new boolean[header.size()];
        boolean[] text = new boolean[header.size()];
        try (CsvScanner s = open(file, name, o)) {
            if (o.header()) {
                s.next();
            }
            for (int r = 0; r < SAMPLE_ROWS && s.next() && s.fields == header.size(); r++) {
                for (int f = 0; f < s.fields; f++) {
                    if (number[f] || text[f]) {
                        continue; // decided by its first non-missing value
                    }
                    try {
                        if (!Double.isNaN(Numbers.parse(s.chars, s.start[f], s.length[f]))) {
                            number[f] = true;
                        }
                    } catch (NumberFormatException e) {
                        text[f] = true;
                    }
                }
            }
        }
        List<String> read = new ArrayList<>();
        for (int f = 0; f < header.size(); f++) {
            String n = header.get(f);
            if (n.equals(o.idColumn()) || n.equals(o.timeColumn()) || n.equals(o.labelColumn())) {
                continue;
            }
            if (number[f] && !text[f]) {
                read.add(n);
            } else if (text[f]) {
                textColumns.add(n);
            }
        }
        if (read.isEmpty() && o.categorical().isEmpty()) {
            throw new DataFormatException(name, 0, null, "no column starts with a number in the first " + SAMPLE_ROWS
                    + " data rows (the columns are " + header + "); name the columns to read with --columns");
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
                throw new DataFormatException(file, s.recordLine, column, "'" + s.text(f) + "' is a missing value in a "
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
                throw new DataFormatException(name, o.header() ? headerLine : 0, column, "no such column; the columns are "
                        + header + (o.header() ? "" : " (the file is read without a header)"));
            }
            return f;
        }

        /** Reads the current record and every one after it. */
        SeriesSet readRows(CsvScanner s, List<String> textColumns) throws IOException {
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
                            throw new DataFormatException(name, s.recordLine, read.get(j), "'" + s.text(fieldOf[j])
                                    + "' is a missing value; choose --missing ffill|interpolate|drop, or clean the file");
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
            for (CsvSequence q : byId.values()) {
                Series f = finish(q);
                series.add(classCode == null ? f : new Series(f.id(), f.length(), f.values(), classCode[q.label], f.sentenceEnds()));
            }
            return new SeriesSet(name, read, series, List.of(), classes == null ? List.of() : classes.levels(), categorical,
                    textColumns);
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
                throw new DataFormatException(name, s.recordLine, o.idColumn(), "the sequence id is missing ('" + id
                        + "'); every row needs the id of the sequence it belongs to");
            }
            return byId.computeIfAbsent(id, k -> new CsvSequence(k, s.recordLine, C, timeKind));
        }

        private double number(CsvScanner s, int f) {
            try {
                return Numbers.parse(s.chars, s.start[f], s.length[f]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name, s.recordLine, header.get(f), e.getMessage() + "; " + (autoColumns
                        ? "this column looked numeric in the first " + SAMPLE_ROWS + " rows: fix the cell, or name the columns to read with --columns"
                        : "fix the cell, or leave this column out of --columns"));
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
                    throw new DataFormatException(name, s.recordLine, o.timeColumn(), "the time value '" + s.text(f)
                            + "' is missing" + what);
                }
                q.timeNumbers[q.rows] = t;
            } else {
                if (Numbers.isMissing(s.chars, s.start[f], s.start[f] + s.length[f])) {
                    throw new DataFormatException(name, s.recordLine, o.timeColumn(), "the time value '" + s.text(f)
                            + "' is missing" + what);
                }
                q.timeTexts[q.rows] = s.text(f);
            }
        }

        // time order, then the missing policy
        private Series finish(CsvSequence q) {
            int[] order = q.sortByTime();
            q.timeNumbers = null;
            q.timeTexts = null;
            int T = q.rows;
            if (q.hasMissing()) {
                try {
                    T = MissingFill.apply(q.values, q.rows, fieldOf.length, o.missing());
                } catch (MissingFill.Unfillable u) {
                    long line = q.lineOfMissingRow(order == null ? u.row : order[u.row]);
                    throw new DataFormatException(name, line, read.get(u.col), describe(q) + u.getMessage() + "; "
                            + (o.missing() == Missing.FFILL
                            ? "choose --missing interpolate or drop, or fill in the first value"
                            : "choose --missing drop, leave this column out of --columns, or fill in values"));
                }
                if (T == 0) {
                    throw new DataFormatException(name, q.firstLine, null, describe(q) + "every row has a missing value in "
                            + read + ", so --missing drop leaves nothing; choose ffill or interpolate, or leave the empty columns out");
                }
                q.rows = T;
            }
            return Series.of(q.id, T, q.trimmedValues());
        }

        private String describe(CsvSequence q) {
            return idField < 0 ? "" : "sequence '" + q.id + "': ";
        }
    }
}
