package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalerTest {

    // two series, columns a, b, k (k constant): a = 1,2,3,4,5,6  b = 10,20,30,40,50,60
    private static SeriesSet train() {
        Series s1 = Series.of("s1", 2, new double[] {1, 10, 7, 2, 20, 7});
        Series s2 = Series.of("s2", 4, new double[] {3, 30, 7, 4, 40, 7, 5, 50, 7, 6, 60, 7});
        return new SeriesSet("train.csv", List.of("a", "b", "k"), List.of(s1, s2), List.of(), List.of());
    }

    @Test
    void standardUsesPopulationStd() {
        Scaler sc = Scaler.fit(Scaler.Kind.STANDARD, train(), null);
        assertThat(sc.columns()).containsExactly(0, 1, 2);
        double std = Math.sqrt(17.5 / 6);   // var of 1..6 = sum (x - 3.5)^2 / 6
        assertThat(sc.center()).containsExactly(3.5, 35, 7);
        assertThat(sc.scale()[0]).isCloseTo(std, within(1e-15));
        assertThat(sc.scale()[1]).isCloseTo(10 * std, within(1e-14));
        assertThat(sc.scale()[2]).isEqualTo(1);   // constant column: scale 1
        assertThat(sc.transform(3.5, 0)).isEqualTo(0);
        assertThat(sc.transform(7, 2)).isEqualTo(0);
        assertThat(sc.transform(6, 0)).isCloseTo(2.5 / std, within(1e-15));
    }

    @Test
    void minMaxMapsTrainingOntoUnitInterval() {
        Scaler sc = Scaler.fit(Scaler.Kind.MINMAX, train(), new int[] {1});
        assertThat(sc.center()).containsExactly(10);
        assertThat(sc.scale()).containsExactly(50);
        Series s = sc.apply(train().series().get(1));
        assertThat(s.values()).containsExactly(3, 0.4, 7, 4, 0.6, 7, 5, 0.8, 7, 6, 1.0, 7);   // only column 1 scaled
        assertThat(s.id()).isEqualTo("s2");
    }

    @Test
    void inverseUndoesTransformAndInputsStayUnchanged() {
        SeriesSet t = train();
        double[] before = t.series().get(0).values().clone();
        Scaler sc = Scaler.fit(Scaler.Kind.STANDARD, t, new int[] {0, 1});
        SeriesSet scaled = sc.apply(t);
        assertThat(t.series().get(0).values()).containsExactly(before);
        double[] back = sc.inverse(scaled.series().get(1).values(), 3);
        assertThat(back).containsExactly(new double[] {3, 30, 7, 4, 40, 7, 5, 50, 7, 6, 60, 7}, within(1e-12));
        assertThat(sc.inverse(sc.transform(42.0, 1), 1)).isCloseTo(42.0, within(1e-12));
        assertThat(sc.inverse(5.0, 2)).isEqualTo(5.0);   // column 2 was not fitted: passes through
        assertThat(scaled.columns()).isEqualTo(t.columns());
    }

    @Test
    void fittedOnTrainingOnly() {
        Scaler sc = Scaler.fit(Scaler.Kind.MINMAX, train(), new int[] {0});
        Series later = Series.of("later", 1, new double[] {11, 0, 0});
        assertThat(sc.apply(later).at(0, 0)).isEqualTo(2.0);   // (11 - 1) / 5, outside [0, 1]
    }

    @Test
    void restoresFromSavedNumbers() {
        Scaler sc = Scaler.fit(Scaler.Kind.STANDARD, train(), new int[] {1});
        Scaler back = Scaler.of(sc.kind(), sc.columns(), sc.center(), sc.scale());
        assertThat(back.transform(25, 1)).isEqualTo(sc.transform(25, 1));
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.STANDARD, train(), new int[] {3}))
                .hasMessage("train.csv: column index 3 is outside [0, 3); the columns are [a, b, k]");
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.STANDARD, train(), new int[0])).hasMessageContaining("pass null");
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.STANDARD, train(), new int[] {1, 1})).hasMessageContaining("twice");
        SeriesSet empty = new SeriesSet("e", List.of("a"), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.MINMAX, empty, null)).hasMessageContaining("no steps");
        SeriesSet nan = new SeriesSet("n", List.of("a"), List.of(Series.of("x", 2, new double[] {1, Double.NaN})),
                List.of(), List.of());
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.STANDARD, nan, null))
                .hasMessage("n: series x step 1 column 'a' is NaN; read the data with a missing-value policy first");
        Scaler sc = Scaler.fit(Scaler.Kind.STANDARD, train(), null);
        assertThatThrownBy(() -> sc.apply(Series.of("narrow", 1, new double[] {1, 2})))
                .hasMessageContaining("fit it on data with the same columns");
        assertThatThrownBy(() -> Scaler.of(Scaler.Kind.MINMAX, new int[] {0}, new double[] {0}, new double[] {0}))
                .hasMessageContaining("scale > 0");
    }
}
