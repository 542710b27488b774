package org.tbptt4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void aSeriesWithPeriod24IsSuggestedPeriod24() {
        // acceptance: "On a synthetic series with a known period, the analysis suggests that period"
        // x_t = sin(2 pi t / 24) + 0.5 e_t, n = 2400, 100 lags
        Random rng = new Random(1);
        double[] x = new double[2400];
        for (int t = 0; t < x.length; t++) {
            x[t] = Math.sin(2 * Math.PI * t / 24) + 0.5 * rng.nextGaussian();
        }
        Analysis a = Suggestions.analyze(x, 100);
        assertEquals(24, a.period());
        Suggestion p = find(a.suggestions(), 24);
        assertTrue(p.rule().contains("ACF peaks at lag 24 (period 24)"), p.rule());
        assertTrue(find(a.suggestions(), 48).rule().contains("twice the ACF period 24"));
        assertAscending(a.suggestions());
    }

    @Test
    void anAr3SeriesHasLastSignificantPacfLag3() {
        double[] x = AutocorrelationTest.ar(new double[] {0.5, -0.3, 0.3}, 5000, 3);
        Analysis a = Suggestions.analyze(x);                             // default 36 lags
        Suggestion s = find(a.suggestions(), 4);                         // 4 divides 5000
        assertTrue(s.rule().startsWith("the last significant PACF lag is 3:"), s.rule());
    }

    @Test
    void whiteNoiseSuggestsNothingEvenOver200Lags() {
        // per-lag bands would flag ~10 chance lags here; the joint band flags none
        Random rng = new Random(5);
        double[] x = new double[5000];
        for (int t = 0; t < x.length; t++) {
            x[t] = rng.nextGaussian();
        }
        Analysis a = Suggestions.analyze(x, 200);
        assertEquals(List.of(), a.suggestions());
        assertEquals(200, a.nlags());
        assertEquals(201, a.pacf().length);
    }

    @Test
    void dailyTemperaturesGiveTheSameSuggestionsWhateverLagsAreShownAndFindTheAnnualCycle() throws Exception {
        // issue 14: the suggestions moved with --lags (13, 9, 9, 363, 501, 507, 745 for 100..800) and missed the year
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("tbptt4j.shared", "../../shared"), "datasets",
                "melbourne-daily-min-temperatures", "daily-min-temperatures.csv");
        org.tbptt4j.data.Preparation prep = org.tbptt4j.data.Preparation.prepare(org.tbptt4j.data.DataSpec.of(file));
        org.tbptt4j.data.Sequence s = prep.train().get(0);
        double[] y = new double[s.length()];
        for (int t = 0; t < y.length; t++) {
            y[t] = s.y()[t * s.targetWidth()];
        }
        List<Suggestion> first = Suggestions.analyze(y, 100).suggestions();
        for (int lags = 200; lags <= 800; lags += 100) {
            Analysis a = Suggestions.analyze(y, lags);
            assertEquals(first, a.suggestions(), "lags " + lags);
            for (double v : a.pacf()) {
                assertTrue(Math.abs(v) <= 1, "pacf " + v + " with " + lags + " lags; " + a.pacfMethod());
            }
        }
        Analysis a = Suggestions.analyze(y, 800);
        assertTrue(a.period() >= 350 && a.period() <= 370, "the annual cycle, found at " + a.period());
        assertTrue(first.stream().anyMatch(g -> g.length() == a.period()), first.toString());
        assertTrue(a.pacfMethod().startsWith("unadjusted Yule-Walker"), a.pacfMethod());   // adjusted: |pacf_665| = 2.67
        assertTrue(a.examined().contains("lags 1..34") && a.examined().contains("lags 1..1000"), a.examined());
        // the domain split spans one year where a stream holds it (one stream), else the shortest suggestion that fits
        assertEquals(a.period(), DomainSplit.strategy(prep.train(), 1).length());
        assertEquals(first.get(0).length(), DomainSplit.strategy(prep.train(), 16).length());   // 159 steps per stream
    }

    @Test
    void aShortSeriesWhoseAdjustedPacfStaysInRangeKeepsStatsmodelsDefault() {
        double[] x = AutocorrelationTest.ar(new double[] {0.5, -0.3, 0.3}, 400, 3);
        Analysis a = Suggestions.analyze(x, 20);
        assertTrue(a.pacfMethod().startsWith("adjusted Yule-Walker"), a.pacfMethod());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Autocorrelation.pacf(x, 20), a.pacf(), 0);
    }

    @Test
    void analysisCapsLagsAtStatsmodelsLimits() {
        double[] x = AutocorrelationTest.ar(new double[] {0.5}, 50, 9);
        Analysis a = Suggestions.analyze(x, 200);
        assertEquals(49, a.nlags());                                     // ACF: n - 1
        assertEquals(25, a.pacf().length);                               // PACF: lags 0..n/2 - 1
    }

    @Test
    void candidatesMoveToAFactorOfNWithin10Percent() {
        assertEquals(24, Suggestions.roundToFactor(23, 144, false));     // 24 | 144, 1 away
        assertEquals(14, Suggestions.roundToFactor(14, 144, false));     // 12, 16 are 2 > 1.4 away
        assertEquals(50, Suggestions.roundToFactor(49, 10000, false));
        assertEquals(50, Suggestions.roundToFactor(50, 10000, false));
        assertEquals(10, Suggestions.roundToFactor(11, 100, false));     // 10 is 1 <= 1.1 away
        assertEquals(11, Suggestions.roundToFactor(11, 100, true));      // a minimum never moves down
    }

    @Test
    void sentencesArePaddedToP90OrMaxOrCutAtTheMean() {
        // sorted 3 4 5 6 7 8 9 10 12 30: mean 9.4 -> 9; median 7.5;
        // p90 at h = 0.9 * 9 = 8.1: 12 + 0.1 * (30 - 12) = 13.8 -> 14; max 30
        int[] lengths = {5, 7, 3, 9, 12, 4, 6, 8, 10, 30};
        LengthSummary s = LengthSummary.of(lengths);
        assertEquals(9.4, s.mean(), 1e-12);
        assertEquals(7.5, s.median(), 1e-12);
        assertEquals(13.8, s.p90(), 1e-12);
        assertEquals(30, s.max());
        List<Suggestion> out = Suggestions.forSentences(lengths);
        assertEquals(List.of(9, 14, 30), out.stream().map(Suggestion::length).toList());
        assertTrue(out.get(0).rule().startsWith("cut at the mean (9.4 -> 9)"), out.get(0).rule());
        assertTrue(out.get(1).rule().startsWith("pad to the 90th percentile (13.8 -> 14)"));
        assertTrue(out.get(2).rule().startsWith("pad to the longest sentence (max 30)"));
    }

    private static Suggestion find(List<Suggestion> suggestions, int length) {
        return suggestions.stream().filter(s -> s.length() == length).findFirst()
                .orElseThrow(() -> new AssertionError("no suggestion of length " + length + " in " + suggestions));
    }

    private static void assertAscending(List<Suggestion> suggestions) {
        for (int i = 1; i < suggestions.size(); i++) {
            assertTrue(suggestions.get(i - 1).length() < suggestions.get(i).length(), suggestions.toString());
        }
    }
}
