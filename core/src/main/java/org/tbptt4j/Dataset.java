package org.tbptt4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Series;
import org.tbptt4j.data.SeriesSet;

/**
 * Data ready to train on: read from a file or given as arrays, split in time into training,
 * validation and test parts (70/15/15 by default), scaled with a scaler fitted on the training part
 * only. What is learnt follows from the data: next-step forecasting of a numeric series, sequence
 * classification of labelled sequences (a UEA/UCR {@code .ts} file), language modelling of text.
 * A {@link Model} trained on it keeps this recipe, so it reads new files the same way.
 *
 * <p>For every reader option (columns, targets, horizon, split, scaling, missing values) build a
 * {@link DataSpec} and call {@link #read(DataSpec)}.
 */
public final class Dataset {

    private final Preparation prep;

    private Dataset(Preparation prep) {
        this.prep = prep;
    }

    /**
     * Reads a CSV, UEA/UCR {@code .ts} or text file with the defaults of its format.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if its content cannot be used (the message names the file, line and column)
     */
    public static Dataset read(Path file) throws IOException {
        return read(DataSpec.of(file));
    }

    /** Reads a file as {@code spec} says. */
    public static Dataset read(DataSpec spec) throws IOException {
        return new Dataset(Preparation.prepare(spec));
    }

    /**
     * One numeric series held in memory, {@code steps[t][c]} the value of column c at step t, in time
     * order: next-step forecasting of every column. A model trained on it reads CSV files with these
     * column names.
     *
     * @param columns the column names (default {@code x1, x2, ...}); one per value of a step
     * @throws IllegalArgumentException if the steps are empty, ragged, or not finite, or the names do not match
     */
    public static Dataset of(double[][] steps, String... columns) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("steps: no steps given; give at least one step of values");
        }
        int width = steps[0].length;
        List<String> names = new ArrayList<>();
        if (columns.length == 0) {
            for (int c = 1; c <= width; c++) {
                names.add(width == 1 ? "x" : "x" + c);
            }
        } else {
            names.addAll(List.of(columns));
        }
        if (width == 0 || names.size() != width) {
            throw new IllegalArgumentException("steps[0] has " + width + " value(s), but " + names.size()
                    + " column name(s) are given " + names + "; give one name per value");
        }
        double[] values = new double[steps.length * width];   // (T x C), row-major
        for (int t = 0; t < steps.length; t++) {
            if (steps[t].length != width) {
                throw new IllegalArgumentException("steps[" + t + "] has " + steps[t].length + " value(s), steps[0] has " + width
                        + "; every step needs one value per column " + names);
            }
            for (int c = 0; c < width; c++) {
                if (!Double.isFinite(steps[t][c])) {
                    throw new IllegalArgumentException("steps[" + t + "][" + c + "] (column '" + names.get(c) + "') is "
                            + steps[t][c] + "; give finite values (fill or drop missing ones first)");
                }
                values[t * width + c] = steps[t][c];
            }
        }
        SeriesSet set = new SeriesSet("arrays", names, List.of(Series.of("1", steps.length, values)), List.of(), List.of());
        return new Dataset(Preparation.prepare(DataSpec.of(Path.of("arrays"), DataSpec.Format.CSV), set));
    }

    /** What is learnt, e.g. "next-step forecasting". */
    public String describe() {
        return prep.task().describe();
    }

    /** The columns the network sees, in input order (what {@link Model#predict} takes per step). */
    public List<String> features() {
        return DataRecipe.of(prep).features();
    }

    /** The preparation underneath: every part, the task, the scaler, the notes of the readers. */
    public Preparation preparation() {
        return prep;
    }
}
