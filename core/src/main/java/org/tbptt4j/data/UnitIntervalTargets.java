package org.tbptt4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Targets that lie in [0, 1]: binary labels (0/1), probabilities, fractions.
 * <ul>
 *   <li>{@link #within}: whether a column's values all do. {@link Preparation} never scales such a
 *       target column, so binary targets stay 0/1 whatever the scaling (features are still scaled);</li>
 *   <li>{@link #require}: the check of a loss that needs them (binary cross-entropy): the first
 *       value outside [0, 1] is an error naming the file, the line (CSV; else the sequence and step)
 *       and the column.</li>
 * </ul>
 */
public final class UnitIntervalTargets {

    private UnitIntervalTargets() {
    }

    /** Whether every value of column {@code column} of every series lies in [0, 1] (false for NaN). */
    public static boolean within(SeriesSet set, int column) {
        for (Series s : set.series()) {
            for (int t = 0; t < s.length(); t++) {
                double v = s.at(t, column);
                if (!(v >= 0 && v <= 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Fails unless every target value lies in [0, 1], in the data's own units.
     *
     * @param parts   the prepared parts (values as the loss sees them: scaled where the scaler scales)
     * @param scaler  the scaler applied to them, or null
     * @param targets the target columns' indices
     * @param file    the data file: only when a value is outside is it read again (a CSV, to find the line)
     * @param csv     how the file was read when it is a CSV, else null
     * @param need    what needs the range, for the message (e.g. "binary cross-entropy")
     * @throws DataFormatException naming the file, the line (or, where the file is not a CSV or cannot be
     *                             read again, the sequence and step) and the column
     */
    public static void require(List<SeriesSet> parts, Scaler scaler, int[] targets, Path file, CsvOptions csv, String need) {
        for (SeriesSet set : parts) {
            for (Series s : set.series()) {
                for (int t = 0; t < s.length(); t++) {
                    for (int c : targets) {
                        double v = scaler == null ? s.at(t, c) : scaler.inverse(s.at(t, c), c);
                        if (!(v >= 0 && v <= 1)) {
                            throw outside(set, s, t, c, v, targets, file, csv, need);
                        }
                    }
                }
            }
        }
    }

    // the file's first line with a target outside [0, 1] (file order), or the sequence and step where it is not a CSV
    private static DataFormatException outside(SeriesSet set, Series s, int t, int c, double v, int[] targets, Path file,
                                               CsvOptions csv, String need) {
        String problem = " is outside [0, 1], the range " + need + " needs; give a target of 0/1 labels or probabilities, "
                + "or choose a loss for numbers (mse, mae)";
        String name = file.getFileName().toString();
        if (csv != null) {
            List<String> names = new ArrayList<>();
            for (int target : targets) {
                names.add(set.columns().get(target));
            }
            try {
                DataFormatException atLine = firstLineOutside(file, name, Preparation.headerAware(file, csv), names, problem);
                if (atLine != null) {
                    return atLine;
                }
            } catch (IOException e) {
                // the file is gone (a copy on another machine) or unreadable: name the sequence and step instead
            }
        }
        return new DataFormatException(name, 0, set.columns().get(c), (set.series().size() > 1 ? "sequence '" + s.id() + "' " : "")
                + "step " + (t + 1) + ": the target " + number(v) + problem);
    }

    /** Scans the CSV for the first record whose value in one of {@code columns} is a number outside [0, 1]. */
    private static DataFormatException firstLineOutside(Path file, String name, CsvOptions o, List<String> columns,
                                                        String problem) throws IOException {
        try (CsvScanner s = new CsvScanner(Files.newBufferedReader(file, StandardCharsets.UTF_8), name, o.delimiter())) {
            if (!s.next()) {
                return null;
            }
            List<String> header = new ArrayList<>();
            for (int f = 0; f < s.fields; f++) {
                header.add(o.header() && s.length[f] > 0 ? s.text(f) : "c" + f);
            }
            int[] fields = columns.stream().mapToInt(header::indexOf).toArray();
            boolean more = o.header() ? s.next() : true;
            for (; more; more = s.next()) {
                for (int j = 0; j < fields.length; j++) {
                    int f = fields[j];
                    if (f < 0 || f >= s.fields) {
                        continue;
                    }
                    double v;
                    try {
                        v = Numbers.parse(s.chars, s.start[f], s.length[f]);
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (!Double.isNaN(v) && !(v >= 0 && v <= 1)) {
                        String cell = s.text(f);
                        return new DataFormatException(name, s.recordLine, columns.get(j), "the target "
                                + (cell.length() <= 30 ? cell : cell.substring(0, 27) + "...") + problem);
                    }
                }
            }
        }
        return null;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
