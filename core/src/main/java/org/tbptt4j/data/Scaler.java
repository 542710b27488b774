package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-column scaling fitted on training data only, then applied unchanged to validation, test and
 * new data: x' = (x - center) / scale.
 * <ul>
 *   <li>STANDARD: center = mean, scale = population standard deviation (divide by N), over every
 *       step of every training series;</li>
 *   <li>MINMAX: center = min, scale = max - min, so training values map onto [0, 1].</li>
 * </ul>
 * A constant column (std or range 0) gets scale 1, so it maps to 0 instead of dividing by zero.
 * Columns the scaler was not fitted on pass through unchanged, both ways. Inputs are never
 * modified. The fitted numbers ({@link #center()}, {@link #scale()}) are what a model saves;
 * {@link #of} restores a scaler from them.
 */
public final class Scaler {

    /** Which statistics define center and scale. */
    public enum Kind { STANDARD, MINMAX }

    private final Kind kind;
    private final int[] columns;    // data column indices, ascending order not required
    private final double[] center;  // (columns.length)
    private final double[] scale;   // (columns.length), > 0
    private final int[] slot;       // data column -> index in columns, -1 if unscaled

    private Scaler(Kind kind, int[] columns, double[] center, double[] scale) {
        this.kind = kind;
        this.columns = columns.clone();
        this.center = center.clone();
        this.scale = scale.clone();
        int max = -1;
        for (int c : columns) {
            if (c < 0) {
                throw new IllegalArgumentException("column index " + c + " is negative");
            }
            max = Math.max(max, c);
        }
        slot = new int[max + 1];
        Arrays.fill(slot, -1);
        for (int i = 0; i < columns.length; i++) {
            if (slot[columns[i]] >= 0) {
                throw new IllegalArgumentException("column " + columns[i] + " is listed twice in " + Arrays.toString(columns));
            }
            slot[columns[i]] = i;
            if (!(scale[i] > 0) || !Double.isFinite(scale[i]) || !Double.isFinite(center[i])) {
                throw new IllegalArgumentException("column " + columns[i] + ": center " + center[i] + " and scale " + scale[i]
                        + " must be finite with scale > 0");
            }
        }
    }

    /**
     * Fits on every step of every series of the training set.
     *
     * @param columns data column indices to scale; null = every column
     */
    public static Scaler fit(Kind kind, SeriesSet train, int[] columns) {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null; choose STANDARD or MINMAX");
        }
        int C = train.columns().size();
        if (columns == null) {
            columns = new int[C];
            for (int c = 0; c < C; c++) {
                columns[c] = c;
            }
        }
        if (columns.length == 0) {
            throw new IllegalArgumentException("no columns to scale; pass null to scale every column of " + train.columns());
        }
        for (int c : columns) {
            if (c < 0 || c >= C) {
                throw new IllegalArgumentException(train.source() + ": column index " + c + " is outside [0, " + C
                        + "); the columns are " + train.columns());
            }
        }
        long n = train.totalSteps();
        if (n == 0) {
            throw new IllegalArgumentException(train.source() + ": the training data has no steps to fit a scaler on");
        }
        double[] center = new double[columns.length];
        double[] scale = new double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            double[] stats = kind == Kind.STANDARD ? meanStd(train, columns[i], n) : minMax(train, columns[i]);
            center[i] = stats[0];
            scale[i] = stats[1] > 0 ? stats[1] : 1.0;   // constant column -> 1
        }
        return new Scaler(kind, columns, center, scale);
    }

    /** A scaler from saved numbers (the inverse of reading {@link #center()} and {@link #scale()}). */
    public static Scaler of(Kind kind, int[] columns, double[] center, double[] scale) {
        if (kind == null || columns == null || center == null || scale == null
                || center.length != columns.length || scale.length != columns.length) {
            throw new IllegalArgumentException("a scaler needs a kind and one center and one scale per column");
        }
        return new Scaler(kind, columns, center, scale);
    }

    // two passes: mean, then sum of squared deviations / N
    private static double[] meanStd(SeriesSet set, int c, long n) {
        double sum = 0;
        for (Series s : set.series()) {
            for (int t = 0; t < s.length(); t++) {
                sum += finite(set, s, t, c);
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (Series s : set.series()) {
            for (int t = 0; t < s.length(); t++) {
                double d = s.at(t, c) - mean;
                ss += d * d;
            }
        }
        return new double[] {mean, Math.sqrt(ss / n)};
    }

    private static double[] minMax(SeriesSet set, int c) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : set.series()) {
            for (int t = 0; t < s.length(); t++) {
                double x = finite(set, s, t, c);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        return new double[] {min, max - min};
    }

    private static double finite(SeriesSet set, Series s, int t, int c) {
        double x = s.at(t, c);
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(set.source() + ": series " + s.id() + " step " + t + " column '"
                    + set.columns().get(c) + "' is " + x + "; read the data with a missing-value policy first");
        }
        return x;
    }

    public Kind kind() {
        return kind;
    }

    /** The scaled data column indices. */
    public int[] columns() {
        return columns.clone();
    }

    /** Per scaled column (same order as {@link #columns()}): the mean (STANDARD) or minimum (MINMAX). */
    public double[] center() {
        return center.clone();
    }

    /** Per scaled column: the standard deviation (STANDARD) or max - min (MINMAX); 1 for a constant column. */
    public double[] scale() {
        return scale.clone();
    }

    /** x scaled as data column {@code column}. */
    public double transform(double x, int column) {
        int i = column < slot.length ? slot[column] : -1;
        return i < 0 ? x : (x - center[i]) / scale[i];
    }

    /** A scaled value of data column {@code column} back in the data's units. */
    public double inverse(double value, int column) {
        int i = column < slot.length ? slot[column] : -1;
        return i < 0 ? value : value * scale[i] + center[i];
    }

    /** A scaled copy of values (T x C row-major, C = width); values is not modified. */
    public double[] transform(double[] values, int width) {
        return map(values, width, false);
    }

    /** The inverse of {@link #transform(double[], int)}, as a new array. */
    public double[] inverse(double[] values, int width) {
        return map(values, width, true);
    }

    private double[] map(double[] values, int width, boolean back) {
        if (width <= 0 || values.length % width != 0) {
            throw new IllegalArgumentException(values.length + " values do not make rows of width " + width);
        }
        if (slot.length > width) {
            throw new IllegalArgumentException("the scaler covers column " + (slot.length - 1) + " but the rows have only "
                    + width + " columns; fit it on data with the same columns");
        }
        double[] out = values.clone();
        for (int i = 0; i < columns.length; i++) {
            int c = columns[i];
            double m = center[i];
            double s = scale[i];
            for (int k = c; k < out.length; k += width) {
                out[k] = back ? out[k] * s + m : (out[k] - m) / s;
            }
        }
        return out;
    }

    /** A scaled copy of the series (same id, length, label, sentence ends and observed flags). */
    public Series apply(Series s) {
        if (s.length() == 0) {
            return s;
        }
        return s.withValues(transform(s.values(), s.width()), s.label());
    }

    /** A scaled copy of every series of the set. */
    public SeriesSet apply(SeriesSet set) {
        List<Series> out = new ArrayList<>(set.series().size());
        for (Series s : set.series()) {
            out.add(apply(s));
        }
        return set.withSeries(out);
    }
}
