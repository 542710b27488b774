package org.tbptt4j.baseline;

/**
 * One baseline and its scores.
 *
 * @param <S>        the score: {@link ForecastScore} for forecasting,
 *                   {@link org.tbptt4j.metrics.ClassificationMetrics} for classification
 * @param name       short name for tables ("persistence", "seasonal naive (49)", "AR(5)", "majority class")
 * @param rule       how it predicts and how any parameter was chosen, in a sentence
 * @param validation its score on the validation part (null when the data has none)
 * @param test       its score on the test part (null when the data has none)
 */
public record Baseline<S>(String name, String rule, S validation, S test) {
}
