package org.tbptt4j.analysis;

import java.util.Comparator;
import java.util.List;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.model.ParameterException;

/**
 * The domain-specific split for time series: the subsequence length that the autocorrelation
 * analysis of the training data suggests (the shortest suggested length that fits a stream).
 */
public final class DomainSplit {

    /** Lags analysed: long enough to find periods of a few hundred steps. */
    public static final int LAGS = 200;

    private DomainSplit() {
    }

    /**
     * Analyses the first target column of the longest training sequence and returns the
     * {@link Strategy.Domain} strategy with the suggested length and the rule that produced it.
     */
    public static Strategy.Domain strategy(List<Sequence> train, int batch) {
        Sequence longest = train.stream().max(Comparator.comparingInt(Sequence::length)).orElseThrow(
                () -> new IllegalArgumentException("no training sequences to analyse"));
        int n = longest.length();
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = longest.y()[t * longest.targetWidth()];
        }
        Analysis a = Suggestions.analyze(y, Math.min(LAGS, n - 1));
        int fits = train.size() == 1 ? n / Math.max(1, batch) : n;
        for (Suggestion s : a.suggestions()) {
            if (s.length() >= 2 && s.length() <= fits) {
                return new Strategy.Domain(s.length(), "the autocorrelation analysis: " + s.rule());
            }
        }
        throw new ParameterException("the autocorrelation analysis suggests no length between 2 and " + fits
                + " steps for this series (no significant PACF lag or ACF period): give a length = N, or compare lengths "
                + "with a grid search", "length");
    }
}
