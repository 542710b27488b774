package org.tbptt4j.baseline;

import java.util.List;
import java.util.function.Function;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.data.Sequence;

/**
 * How well a forecaster predicts one part of the data, on exactly the (sequence, step) pairs a
 * model's loss counts there.
 *
 * @param count steps scored
 * @param mse   mean squared error on the targets as the model sees them (scaled when the data is),
 *              averaged over steps and target columns as the MSE loss is: comparable with a
 *              model's MSE validation loss
 * @param rmse  root mean squared error per target column, in the data's units
 * @param mae   mean absolute error per target column, in the data's units
 */
public record ForecastScore(long count, double mse, double[] rmse, double[] mae) {

    public ForecastScore {
        rmse = rmse.clone();
        mae = mae.clone();
    }

    @Override
    public double[] rmse() {
        return rmse.clone();
    }

    @Override
    public double[] mae() {
        return mae.clone();
    }

    /** A baseline's prediction of target column j at step t of one of its tracks (a sequence with its history). */
    @FunctionalInterface
    interface StepRule<T> {
        double predict(T track, int j, int t);
    }

    /**
     * A rule's score over the scored steps (the loss mask) of a part's tracks; null when there are none.
     *
     * @param sequence each track's supervised sequence (its targets and mask)
     * @param columns  the target columns, for the scaler
     */
    static <T> ForecastScore score(List<T> part, Function<T, Sequence> sequence, StepRule<T> rule, int[] columns, Scaler scaler) {
        int outputs = columns.length;
        Accumulator acc = new Accumulator(columns, scaler);
        for (T track : part) {
            Sequence q = sequence.apply(track);
            for (int t = 0; t < q.length(); t++) {
                if (!q.loss()[t]) {
                    continue;
                }
                acc.step();
                for (int j = 0; j < outputs; j++) {
                    acc.add(j, rule.predict(track, j, t), q.y()[t * outputs + j]);
                }
            }
        }
        return acc.result();
    }

    /** Sums a rule's errors step by step, target column by column; {@link #result} is the score. */
    public static final class Accumulator {
        private final int[] columns;
        private final Scaler scaler;
        private long count;
        private double sse;
        private final double[] sseData;
        private final double[] saeData;

        /**
         * @param columns the target columns (for the scaler), in the order of the predictions
         * @param scaler  the training scaler, or null when the targets are not scaled
         */
        public Accumulator(int[] columns, Scaler scaler) {
            this.columns = columns;
            this.scaler = scaler;
            this.sseData = new double[columns.length];
            this.saeData = new double[columns.length];
        }

        /** Starts a scored step. */
        public void step() {
            count++;
        }

        /** Target column j of the current step: prediction p and target y as the model sees them. */
        public void add(int j, double p, double y) {
            double e = p - y;
            sse += e * e;
            double eData = scaler == null ? e : scaler.inverse(p, columns[j]) - scaler.inverse(y, columns[j]);
            sseData[j] += eData * eData;
            saeData[j] += Math.abs(eData);
        }

        /** The score; null when no step was scored. */
        public ForecastScore result() {
            if (count == 0) {
                return null;
            }
            int outputs = columns.length;
            double[] rmse = new double[outputs];
            double[] mae = new double[outputs];
            for (int j = 0; j < outputs; j++) {
                rmse[j] = Math.sqrt(sseData[j] / count);
                mae[j] = saeData[j] / count;
            }
            return new ForecastScore(count, sse / ((double) count * outputs), rmse, mae);
        }
    }
}
