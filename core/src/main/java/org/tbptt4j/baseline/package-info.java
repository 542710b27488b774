/**
 * Baselines: deterministic reference predictors that every recurrent model is compared with, scored
 * on exactly the steps a model is scored on. For forecasting: persistence, seasonal naive at the ACF
 * period, and a least-squares autoregression ({@link org.tbptt4j.baseline.ForecastBaselines}).
 */
package org.tbptt4j.baseline;
