package org.tbptt4j.analysis;

import java.util.List;

/**
 * The autocorrelation analysis of one series.
 *
 * @param n           values in the series
 * @param nlags       ACF lags computed: the requested count capped at n - 1
 * @param acf         r_0..r_nlags (r_0 = 1), see {@link Autocorrelation#acf}
 * @param acfBand     Bartlett 95% half-widths per lag (0 at lag 0), see {@link Autocorrelation#acfBands}
 * @param pacf        pacf_0..pacf_P (pacf_0 = 1) with P = min(nlags, n/2 - 1): the PACF stops at
 *                    statsmodels' limit, so it may be shorter than the ACF
 * @param pacfBand    95% half-width Z95 / sqrt(n) of every PACF lag >= 1
 * @param suggestions candidate subsequence lengths, ascending, each with its rule
 * @param pacfMethod  how the PACF was estimated, and why, in words
 * @param examined    which lags the suggestions examined, in words (fixed by n, whatever lags are shown)
 * @param period      the dominant ACF period found over the examined lags, or -1
 */
public record Analysis(int n, int nlags, double[] acf, double[] acfBand, double[] pacf,
                       double pacfBand, List<Suggestion> suggestions, String pacfMethod, String examined, int period) {

    public Analysis {
        suggestions = List.copyOf(suggestions);
    }
}
