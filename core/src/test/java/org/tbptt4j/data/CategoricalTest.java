package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Categorical CSV columns: level order, sequence labels, per-step class codes, one-hot features, and the gradient's reach. */
class CategoricalTest {

    @Test
    void levelsAreOrderedByNumberWhenAllAreNumbersElseByText() {
        assertThat(Categorical.ordered(List.of("8", "2", "10", "3"))).containsExactly("2", "3", "8", "10");
        assertThat(Categorical.ordered(List.of("dog", "cat", "10", "cat"))).containsExactly("10", "cat", "dog");
        Categorical c = Categorical.of("y", List.of("1.5", "0", "2"));
        assertThat(c.numeric()).isTrue();
        assertThat(c.firstFraction()).isEqualTo("1.5");
        assertThat(Categorical.of("y", List.of("0", "1")).firstFraction()).isNull();
        assertThat(c.oneHotNames()).containsExactly("y=0", "y=1.5", "y=2");
        // codes of one column's levels in another's: by name, -1 when absent
        assertThat(Categorical.of("y", List.of("b", "z", "a")).codesIn(List.of("a", "b"))).containsExactly(0, 1, -1);
    }

    private static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("seqs.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aLabelColumnGivesEachSequenceItsLabelInTheDocumentedOrder(@TempDir Path dir) throws IOException {
        // labels 8 and 2: numbers, ordered by value whatever the row order
        Path f = write(dir, "id,x,label,kind\na,1,8,u\na,2,8,v\nb,3,2,u\nc,4,8,w\nc,5,8,u\n");
        SeriesSet s = CsvReader.read(f, CsvOptions.defaults().withIdColumn("id").withLabelColumn("label"));
        assertThat(s.classes()).containsExactly("2", "8");
        assertThat(s.columns()).containsExactly("x");
        assertThat(s.series()).extracting(Series::label).containsExactly(1, 0, 1);
        assertThat(s.textColumns()).containsExactly("kind");
    }

    @Test
    void aLabelThatChangesInsideASequenceIsAnErrorNamingTheSequenceFileAndLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "id,x,label\na,1,cat\na,2,cat\nb,3,dog\nb,4,cat\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withIdColumn("id").withLabelColumn("label")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("seqs.csv").hasMessageContaining("line 5").hasMessageContaining("sequence 'b'")
                .hasMessageContaining("'dog' (line 4)");
    }

    @Test
    void aMissingCategoryIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "x,y\n1,a\n2,NA\n");
        assertThatThrownBy(() -> CsvReader.read(f, CsvOptions.defaults().withCategorical(List.of("y"))
                .withMissing(Missing.FFILL)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 3").hasMessageContaining("'y'")
                .hasMessageContaining("never filled in");
    }

    @Test
    void categoricalColumnsHoldCodesAndOneHotEncodingUsesTheirLevels(@TempDir Path dir) throws IOException {
        Path f = write(dir, "x,wind,tag\n1,NE,b\n2,SW,a\n3,NE,c\n");
        SeriesSet s = CsvReader.read(f, CsvOptions.defaults().withCategorical(List.of("wind", "tag")));
        assertThat(s.columns()).containsExactly("x", "wind", "tag");
        assertThat(s.categorical("wind").levels()).containsExactly("NE", "SW");
        assertThat(s.categorical("x")).isNull();
        Series one = s.series().get(0);
        assertThat(one.values()).containsExactly(1, 0, 1, 2, 1, 0, 3, 0, 2);
        SeriesSet hot = s.withOneHot(s.categorical("wind"));
        assertThat(hot.columns()).containsExactly("x", "wind=NE", "wind=SW", "tag");
        assertThat(hot.series().get(0).values()).containsExactly(1, 1, 0, 1, 2, 0, 1, 0, 3, 1, 0, 2);
        assertThat(hot.categorical("wind")).isNull();
        assertThat(hot.categorical("tag")).isNotNull();
        // a saved encoding that lacks a level of the new data is an error naming it
        assertThatThrownBy(() -> s.withOneHot(new Categorical("wind", List.of("NE"))))
                .hasMessageContaining("'SW'").hasMessageContaining("wind");
        assertThatThrownBy(() -> s.withOneHot(new Categorical("x", List.of("1"))))
                .hasMessageContaining("holds numbers");
    }

    @Test
    void csvOptionsWithCategoricalAndLabelColumnsSurviveJson() throws Exception {
        // the grid ships its data spec to Spark executors as JSON
        CsvOptions o = CsvOptions.defaults().withIdColumn("id").withCategorical(List.of("wind")).withLabelColumn("label");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.treeToValue(json.valueToTree(o), CsvOptions.class)).isEqualTo(o);
    }

    /** Sequences of the given lengths, a label at the last step of each (as classification makes them). */
    private static List<Sequence> labelled(int... lengths) {
        List<Sequence> out = new java.util.ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            int n = lengths[i];
            boolean[] loss = new boolean[n];
            loss[n - 1] = true;
            out.add(new Sequence("s" + i, n, 1, 1, new double[n], new double[n], loss, new int[0]));
        }
        return out;
    }

    @Test
    void reachCountsTheSequencesWhoseLabelGradientStopsShortOfTheirStart() {
        List<Sequence> seqs = labelled(3, 5, 8);
        // naive --length 4 in 3 rows: the 5- and 8-step sequences are cut (their label's window starts at step 4)
        Layout naive = new Strategy.Naive(4).layout(seqs, 3);
        Layout.Reach r = naive.reach();
        assertThat(r.sequences()).isEqualTo(3);
        assertThat(r.cut()).isEqualTo(2);
        assertThat(r.cutFraction()).isEqualTo(2.0 / 3);
        // the label of the 8-step sequence lies in the window [4, 8): k2 = 4 + 4 = 8 reaches step 0
        assertThat(r.k2ToSpan()).isEqualTo(8);
        assertThat(naive.withK(0, r.k2ToSpan()).reach().cut()).isZero();
        assertThat(naive.withK(0, r.k2ToSpan() - 1).reach().cut()).isEqualTo(2);
        // as-is: every sequence is one window
        assertThat(new Strategy.AsIs().layout(seqs, 2).reach().cut()).isZero();
        // packed in one row: 8 | 5 | 3 end to end (steps 0-7, 8-12, 13-15), windows of 4 steps: the labels at
        // steps 7 and 12 have windows from 4 and 12, past their starts; the label at 15 reaches back to 12 <= 13
        Layout packed = new Strategy.Packed(4).layout(seqs, 1);
        assertThat(packed.reach().cut()).isEqualTo(2);
        assertThat(packed.reach().k2ToSpan()).isEqualTo(8);
        Layout spanned = packed.withK(0, packed.reach().k2ToSpan());
        assertThat(spanned.reach().cut()).isZero();
    }
}
