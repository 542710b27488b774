package org.tbptt4j.baseline;

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
}
