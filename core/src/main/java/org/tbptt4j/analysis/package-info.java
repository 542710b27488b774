/**
 * Autocorrelation analysis of a series, to suggest how long the TBPTT training subsequences
 * should be: the sample ACF and PACF with their 95% bands (equal to statsmodels' {@code acf} and
 * {@code pacf} with default methods), and the rules that turn them into candidate lengths.
 *
 * <p>Notation used throughout: x_0..x_{n-1} the series, m its mean, d_t = x_t - m,
 * gamma_k = sum_{t=0}^{n-1-k} d_t d_{t+k} / n (the ACF's autocovariance),
 * c_k = sum_{t=0}^{n-1-k} d_t d_{t+k} / (n - k) (the "adjusted" one the PACF uses),
 * r_k = gamma_k / gamma_0 the autocorrelation at lag k, L the number of lags.
 */
package org.tbptt4j.analysis;
