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
 */
public record Analysis(int n, int nlags, double[] acf, double[] acfBand, double[] pacf,
                       double pacfBand, List<Suggestion> suggestions) {

    public Analysis {
        suggestions = List.copyOf(suggestions);
    }

    /** The dominant ACF period (the rule of {@link Suggestions}' ACF suggestion), or -1 when there is none. */
    public int period() {
        return Suggestions.period(acf, acfBand);
    }
}
