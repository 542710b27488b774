package org.tbptt4j.analysis;

import java.util.Comparator;
import java.util.List;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.model.ParameterException;

/**
 * The domain-specific split for time series: the subsequence length that the autocorrelation
 * analysis of the training data suggests ({@link #choose}: one period of the dominant cycle when it
 * fits a stream, else the shortest suggested length that does).
 */
public final class DomainSplit {

    /** Lags analysed: long enough to find periods of a few hundred steps. */
    public static final int LAGS = 200;

    private DomainSplit() {
    }

    /**
     * The autocorrelation analysis ({@link #LAGS} lags at most) of the first target column of the
     * longest training sequence: what the domain split, the grid's summary, the demo and the seasonal
     * baseline all look at.
     *
     * @throws IllegalArgumentException when there is no sequence, or the series is constant (see {@link Suggestions#analyze})
     */
    public static Analysis analyse(List<Sequence> train) {
        Sequence longest = train.stream().max(Comparator.comparingInt(Sequence::length)).orElseThrow(
                () -> new IllegalArgumentException("no training sequences to analyse"));
        int n = longest.length();
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = longest.y()[t * longest.targetWidth()];
        }
        return Suggestions.analyze(y, Math.min(LAGS, n - 1));
    }

    /**
     * Analyses the first target column of the longest training sequence and returns the
     * {@link Strategy.Domain} strategy with the suggested length and the rule that produced it.
     */
    public static Strategy.Domain strategy(List<Sequence> train, int batch) {
        Analysis a = analyse(train);
        int n = a.n();
        int fits = fits(n, train, batch);
        Suggestion s = choose(a, fits);
        if (s != null) {
            return new Strategy.Domain(s.length(), "the autocorrelation analysis: " + s.rule());
        }
        throw new ParameterException("the autocorrelation analysis suggests no length between 2 and " + fits
                + " steps for this series (no significant PACF lag or ACF period): give a length = N, or compare lengths "
                + "with a grid search", "length");
    }

    /**
     * The suggestion {@link #strategy} takes for streams of {@code batch} rows, from the analysis of
     * these training sequences; null when none fits.
     */
    public static Suggestion choice(Analysis a, List<Sequence> train, int batch) {
        return choose(a, fits(a.n(), train, batch));
    }

    /** The longest length that fits: a stream's steps when one series is cut into {@code batch} rows, else n. */
    private static int fits(int n, List<Sequence> train, int batch) {
        return train.size() == 1 ? n / Math.max(1, batch) : n;
    }

    /**
     * The suggestion a domain split uses: the dominant ACF period's (a subsequence spans one cycle;
     * its length is the period or the factor of n it was rounded to, within 10%) when it is at
     * least 2 steps and at most {@code fits}, else the shortest suggestion in [2, fits]; null when none fits.
     */
    public static Suggestion choose(Analysis a, int fits) {
        int p = a.period();
        for (Suggestion s : a.suggestions()) {
            if (p > 0 && Math.abs(s.length() - p) <= Suggestions.FACTOR_TOLERANCE * p && s.length() >= 2 && s.length() <= fits) {
                return s;
            }
        }
        for (Suggestion s : a.suggestions()) {
            if (s.length() >= 2 && s.length() <= fits) {
                return s;
            }
        }
        return null;
    }
}
