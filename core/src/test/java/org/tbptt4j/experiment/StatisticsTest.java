package org.tbptt4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against scipy.stats (1.10) values and closed forms. */
class StatisticsTest {

    @Test
    void studentTQuantilesMatchTables() {
        assertThat(Statistics.tQuantile(0.975, 1)).isCloseTo(12.706204736432095, within(1e-8));
        assertThat(Statistics.tQuantile(0.975, 5)).isCloseTo(2.5705818366147395, within(1e-8));
        assertThat(Statistics.tQuantile(0.975, 29)).isCloseTo(2.045229642132703, within(1e-8));
        assertThat(Statistics.tQuantile(0.95, 10)).isCloseTo(1.8124611228107335, within(1e-8));
        assertThat(Statistics.tQuantile(0.5, 7)).isCloseTo(0, within(1e-8));
    }

    @Test
    void studentTCdfMatchesClosedForms() {
        // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/pi; df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
        for (double t : new double[] {-3, -0.5, 0, 0.7, 2, 10}) {
            assertThat(Statistics.tCdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-12));
            assertThat(Statistics.tCdf(t, 2)).isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-12));
        }
    }

    @Test
    void summaryAndConfidenceInterval() {
        Statistics.Summary s = Statistics.summarize(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.mean()).isEqualTo(5);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.median()).isEqualTo(4.5);
        double half = 2.3646242510102993 * Math.sqrt(32.0 / 7) / Math.sqrt(8);
        assertThat(s.ciLow()).isCloseTo(5 - half, within(1e-7));
        assertThat(s.ciHigh()).isCloseTo(5 + half, within(1e-7));
    }

    @Test
    void welchTestMatchesAWorkedExample() {
        // scipy.stats.ttest_ind([27.5,21.0,19.0,23.6,17.0,17.9,16.9,20.1,21.9,22.6,23.1,19.6,19.0,21.7,21.4],
        //                       [27.1,22.0,20.8,23.4,23.4,23.5,25.8,22.0,24.8,20.2,21.9,22.1,22.9,20.5,24.4], equal_var=False)
        // gives p = 0.021378001462866985 (scipy 1.10; the data of Wikipedia's Welch example 1)
        Statistics.Summary a = Statistics.summarize(new double[] {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1,
            19.6, 19.0, 21.7, 21.4});
        Statistics.Summary b = Statistics.summarize(new double[] {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9,
            22.1, 22.9, 20.5, 24.4});
        assertThat(Statistics.welchP(a, b)).isCloseTo(0.021378001462866985, within(1e-9));
        assertThat(Statistics.welchP(a, a)).isCloseTo(1, within(1e-12));
    }

    @Test
    void holmAdjustsAsStatsmodelsMultipletestsDoes() {
        // statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03, 0.005, 0.5], method='holm')[1]
        double[] adjusted = Statistics.holm(new double[] {0.01, 0.04, 0.03, 0.005, 0.5});
        assertThat(adjusted).containsExactly(new double[] {0.04, 0.09, 0.09, 0.025, 0.5}, within(1e-15));
        assertThat(Statistics.holm(new double[] {Double.NaN, 0.2, 0.3})).containsExactly(
                new double[] {Double.NaN, 0.4, 0.4}, within(1e-15));
        assertThat(Statistics.holm(new double[0])).isEmpty();
    }
}
