package org.tbptt4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a UEA/UCR (sktime) {@code .ts} classification file: {@code #} comments and {@code @} header
 * lines ({@code @problemName}, {@code @timeStamps false}, {@code @missing}, {@code @univariate},
 * {@code @dimensions}, {@code @equalLength}, {@code @seriesLength}, {@code @classLabel true a b c}),
 * then {@code @data} and one case per line: dimensions separated by ':', values by ',', the class
 * label last. Header names are case-insensitive.
 *
 * <p>Each case becomes one {@link Series} of T x D values (columns {@code dim0..dim(D-1)}) whose
 * label is the class's index in the {@code @classLabel} list; the set's classes are that list. A
 * file with {@code @classLabel false} gives label -1. Lengths may differ between cases, never
 * between the dimensions of one case. Missing values ({@code ?}, or any spelling in
 * {@link Numbers}) follow the {@link Missing} policy, per case and dimension; the default fails.
 * Timestamped data ({@code @timeStamps true}) and regression targets are not supported.
 */
public final class TsReader {

    private static final List<String> HEADERS = List.of("@problemName", "@timeStamps", "@missing", "@univariate",
            "@dimensions", "@equalLength", "@seriesLength", "@classLabel", "@data");

    private TsReader() {
    }

    /** Reads the file, failing on the first missing value. */
    public static SeriesSet read(Path file) throws IOException {
        return read(file, Missing.FAIL);
    }

    /** Reads the file, filling or dropping missing values by the policy (within each case). */
    public static SeriesSet read(Path file, Missing missing) throws IOException {
        if (missing == null) {
            throw new IllegalArgumentException("missing must not be null; choose FAIL, FFILL, INTERPOLATE or DROP");
        }
        String name = file.getFileName().toString();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Header h = new Header(name);
            long n = 0;
            String line;
            while (!h.data && (line = r.readLine()) != null) {
                n++;
                String t = strip(line);
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (!t.startsWith("@")) {
                    throw new DataFormatException(name, n, null, "expected a '@' header line or a '#' comment before "
                            + "@data, got '" + shorten(t) + "'; a .ts file lists its headers, then '@data', then one case per line");
                }
                h.parse(t, n);
            }
            if (!h.data) {
                throw new DataFormatException(name, 0, null, "no '@data' line; a .ts file lists its headers "
                        + "(@problemName, @classLabel, ...), then '@data', then one case per line");
            }
            Cases cases = new Cases(name, h, missing);
            while ((line = r.readLine()) != null) {
                n++;
                String t = strip(line);
                if (!t.isEmpty() && !t.startsWith("#")) {
                    cases.add(t, n);
                }
            }
            if (cases.series.isEmpty()) {
                throw new DataFormatException(name, h.dataLine, null, "no cases after '@data'; add one case per line");
            }
            List<String> columns = new ArrayList<>();
            for (int d = 0; d < cases.D; d++) {
                columns.add("dim" + d);
            }
            return new SeriesSet(name, columns, cases.series, List.of(), h.classes, List.of(), java.util.Map.of(),
                    cases.report.notes(name, true));
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
    }

    private static String strip(String line) {
        return line.replace("\uFEFF", "").strip();
    }

    /** s cut to an excerpt for messages ({@link DataFormatException#excerpt}). */
    static String shorten(String s) {
        return DataFormatException.excerpt(s);
    }

    /** The header lines before @data. */
    private static final class Header {
        final String file;
        boolean data;
        long dataLine;
        int dimensions = -1;        // -1: not given
        Boolean univariate;
        boolean labelled;
        List<String> classes = List.of();
        int seriesLength = -1;
        boolean equalLength;

        Header(String file) {
            this.file = file;
        }

        void parse(String t, long n) {
            String[] w = t.split("\\s+");
            String key = w[0].toLowerCase(Locale.ROOT);
            switch (key) {
                case "@problemname" -> {
                }
                case "@timestamps" -> {
                    if (bool(w, n)) {
                        throw new DataFormatException(file, n, null, "timestamped .ts data ('(time,value)' pairs) is not "
                                + "supported; write the values without timestamps and '@timeStamps false'");
                    }
                }
                case "@missing" -> bool(w, n);
                case "@univariate" -> univariate = bool(w, n);
                case "@dimensions" -> dimensions = positive(w, n);
                case "@equallength" -> equalLength = bool(w, n);
                case "@serieslength" -> seriesLength = positive(w, n);
                case "@classlabel" -> {
                    labelled = bool(w, n);
                    classes = List.of(Arrays.copyOfRange(w, 2, w.length));
                    if (labelled && classes.isEmpty()) {
                        throw new DataFormatException(file, n, null, "'@classLabel true' lists no classes; write them "
                                + "after it, e.g. '@classLabel true 1 2 3'");
                    }
                    if (classes.size() != classes.stream().distinct().count()) {
                        throw new DataFormatException(file, n, null, "'@classLabel' lists a class twice: " + classes
                                + "; list each class once");
                    }
                }
                case "@targetlabel" -> throw new DataFormatException(file, n, null, "regression .ts files (@targetLabel) "
                        + "are not supported; this reader reads classification files ('@classLabel')");
                case "@data" -> {
                    data = true;
                    dataLine = n;
                    if (Boolean.TRUE.equals(univariate) && dimensions > 1) {
                        throw new DataFormatException(file, n, null, "'@univariate true' but '@dimensions " + dimensions
                                + "'; make the headers agree");
                    }
                    if (Boolean.TRUE.equals(univariate)) {
                        dimensions = 1;
                    }
                }
                default -> throw new DataFormatException(file, n, null, "unknown header '" + shorten(w[0]) + "'; the .ts headers are "
                        + HEADERS + " (a comment line starts with '#')");
            }
        }

        private boolean bool(String[] w, long n) {
            if (w.length >= 2 && (w[1].equalsIgnoreCase("true") || w[1].equalsIgnoreCase("false"))) {
                return w[1].equalsIgnoreCase("true");
            }
            throw new DataFormatException(file, n, null, "'" + shorten(w[0]) + "' needs 'true' or 'false' after it");
        }

        private int positive(String[] w, long n) {
            try {
                int v = Integer.parseInt(w.length >= 2 ? w[1] : "");
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new DataFormatException(file, n, null, "'" + shorten(w[0]) + "' needs a positive whole number after it");
        }
    }

    /** The case lines after @data, each into a T x D series. */
    private static final class Cases {
        final String file;
        final Header h;
        final Missing missing;
        final List<Series> series = new ArrayList<>();
        final MissingFill.Report report = new MissingFill.Report();
        int D;                                // dimensions, from the header or the first case

        Cases(String file, Header h, Missing missing) {
            this.file = file;
            this.h = h;
            this.missing = missing;
            this.D = h.dimensions;
        }

        void add(String t, long n) {
            char[] c = t.toCharArray();
            List<int[]> parts = split(c, 0, c.length, ':');   // [start, end) of each dimension (and the label)
            int dims = h.labelled ? parts.size() - 1 : parts.size();
            if (D < 0) {
                D = dims;
            }
            if (dims != D || dims == 0) {
                throw new DataFormatException(file, n, null, "expected " + Math.max(D, 1) + " dimension(s)"
                        + (h.labelled ? " and a class label" : "") + " separated by ':', got " + parts.size()
                        + " part(s); " + (h.labelled ? "the label comes last, after the final ':'" : "check the ':' separators"));
            }
            int label = h.labelled ? label(c, parts.get(dims), n) : -1;
            double[] v = null;   // (T x D)
            int T = -1;
            for (int d = 0; d < D; d++) {
                int[] p = parts.get(d);
                List<int[]> cells = split(c, p[0], p[1], ',');
                if (d == 0) {
                    T = cells.size();
                    v = new double[T * D];
                } else if (cells.size() != T) {
                    throw new DataFormatException(file, n, "dim" + d, "has " + cells.size() + " values but dim0 has " + T
                            + "; every dimension of a case must have the same length: pad or trim this case");
                }
                for (int s = 0; s < T; s++) {
                    v[s * D + d] = value(c, cells.get(s), n, d, s);
                }
            }
            if (h.equalLength && h.seriesLength > 0 && T != h.seriesLength) {
                throw new DataFormatException(file, n, null, "has " + T + " steps but the header says '@equalLength true' "
                        + "and '@seriesLength " + h.seriesLength + "'; fix the case or the headers");
            }
            MissingFill.Filled filled = fillMissing(v, T, n);
            T = filled.length();
            series.add(new Series(Integer.toString(series.size() + 1), T, v.length == T * D ? v : Arrays.copyOf(v, T * D),
                    label, new int[0], filled.observed()));
        }

        private int label(char[] c, int[] p, long n) {
            String l = new String(c, p[0], p[1] - p[0]).strip();
            int i = h.classes.indexOf(l);
            if (i < 0) {
                throw new DataFormatException(file, n, "label", "class '" + DataFormatException.excerpt(l) + "' is not in the '@classLabel' list "
                        + h.classes + "; add it to the header or fix the case");
            }
            return i;
        }

        private double value(char[] c, int[] cell, long n, int d, int s) {
            double x;
            try {
                x = Numbers.parse(c, cell[0], cell[1] - cell[0]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, n, "dim" + d, e.getMessage() + " (step " + (s + 1)
                        + "); values are decimal numbers separated by ',', '?' when missing");
            }
            if (Double.isNaN(x) && missing == Missing.FAIL) {
                throw new DataFormatException(file, n, "dim" + d, "'"
                        + DataFormatException.excerpt(new String(c, cell[0], cell[1] - cell[0]).strip()) + "' (step " + (s + 1) + ") is a missing value; choose missing = ffill|interpolate|drop, or clean the file", "missing");
            }
            return x;
        }

        private MissingFill.Filled fillMissing(double[] v, int T, long n) {
            if (MissingFill.firstMissing(v, T * D) < 0) {
                return new MissingFill.Filled(T, null, 0, 0, 0, 0, 0);
            }
            MissingFill.Filled kept;
            try {
                kept = MissingFill.apply(v, T, D, missing);
            } catch (MissingFill.Unfillable u) {
                throw new DataFormatException(file, n, "dim" + u.col, u.getMessage() + "; choose missing = drop, or clean the file", "missing");
            }
            report.add(kept);
            if (kept.length() == 0) {
                throw new DataFormatException(file, n, null, "every step of this case has a missing value, so missing = "
                        + "drop leaves nothing; choose ffill or interpolate, or remove the case", "missing");
            }
            return kept;
        }

        // [start, end) ranges of c[from, to) between separators
        private static List<int[]> split(char[] c, int from, int to, char sep) {
            List<int[]> out = new ArrayList<>();
            int s = from;
            for (int i = from; i <= to; i++) {
                if (i == to || c[i] == sep) {
                    out.add(new int[] {s, i});
                    s = i + 1;
                }
            }
            return out;
        }
    }
}
