package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsReaderTest {

    @TempDir
    Path dir;

    private static final String HEAD = "# a comment\n@problemName Tiny\n@timeStamps false\n@missing true\n@univariate false\n"
            + "@dimensions 2\n@equalLength false\n@classLabel true up down\n@data\n";

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static IntSummaryStatistics lengths(SeriesSet set) {
        return set.series().stream().mapToInt(Series::length).summaryStatistics();
    }

    @Test
    void japaneseVowelsMatchesTheReadme() throws IOException {
        Path d = Shared.datasets("japanese-vowels");
        SeriesSet train = TsReader.read(d.resolve("JapaneseVowels_TRAIN.ts"));
        assertThat(train.columns()).hasSize(12).startsWith("dim0").endsWith("dim11");
        assertThat(train.classes()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        IntSummaryStatistics len = lengths(train);
        assertThat(len.getCount()).isEqualTo(270);
        assertThat(len.getMin()).isEqualTo(7);
        assertThat(len.getMax()).isEqualTo(26);
        assertThat(train.totalSteps()).isEqualTo(4_274);
        for (int k = 0; k < 9; k++) {
            int label = k;
            assertThat(train.series().stream().filter(s -> s.label() == label).count()).as("speaker " + (k + 1)).isEqualTo(30);
        }
        Series first = train.series().get(0);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.label()).isEqualTo(0);
        assertThat(first.length()).isEqualTo(20);
        assertThat(first.at(0, 0)).isEqualTo(1.860936);
        assertThat(first.at(1, 0)).isEqualTo(1.891651);
        assertThat(first.at(0, 1)).isEqualTo(-0.207383);

        SeriesSet test = TsReader.read(d.resolve("JapaneseVowels_TEST.ts"));
        assertThat(test.series()).hasSize(370);
        assertThat(lengths(test).getMin()).isEqualTo(7);
        assertThat(lengths(test).getMax()).isEqualTo(29);
        assertThat(test.totalSteps()).isEqualTo(5_687);
    }

    @Test
    void plaidMatchesTheReadme() throws IOException {
        Path d = Shared.datasets("plaid");
        SeriesSet train = TsReader.read(d.resolve("PLAID_TRAIN.ts"));
        assertThat(train.columns()).containsExactly("dim0");
        assertThat(train.classes()).hasSize(11).startsWith("0").endsWith("10");
        assertThat(train.series()).hasSize(537);
        assertThat(lengths(train).getMin()).isEqualTo(100);
        assertThat(lengths(train).getMax()).isEqualTo(1_344);
        assertThat(train.totalSteps()).isEqualTo(173_858);
        assertThat(train.series()).allMatch(s -> s.label() >= 0 && s.label() < 11);

        SeriesSet test = TsReader.read(d.resolve("PLAID_TEST.ts"));
        assertThat(test.series()).hasSize(537);
        assertThat(lengths(test).getMin()).isEqualTo(134);
        assertThat(lengths(test).getMax()).isEqualTo(1_000);
        assertThat(test.totalSteps()).isEqualTo(175_573);
    }

    @Test
    void smallFileLayout() throws IOException {
        SeriesSet set = TsReader.read(write("tiny.ts", HEAD + "1,2,3:10,20,30:down\n\n4:40:up\n"));
        assertThat(set.columns()).containsExactly("dim0", "dim1");
        assertThat(set.series()).hasSize(2);
        Series a = set.series().get(0);
        assertThat(a.length()).isEqualTo(3);
        assertThat(a.values()).containsExactly(1, 10, 2, 20, 3, 30);   // (T x D)
        assertThat(a.label()).isEqualTo(1);
        assertThat(set.series().get(1).label()).isEqualTo(0);
    }

    @Test
    void unlabelledFile() throws IOException {
        SeriesSet set = TsReader.read(write("u.ts", "@univariate true\n@classLabel false\n@data\n1,2\n3\n"));
        assertThat(set.classes()).isEmpty();
        assertThat(set.series()).extracting(Series::label).containsExactly(-1, -1);
        assertThat(set.series().get(0).values()).containsExactly(1, 2);
    }

    @Test
    void missingValuesByPolicy() throws IOException {
        Path f = write("m.ts", HEAD + "1,?,3,?:10,20,?,40:up\n");
        assertThatThrownBy(() -> TsReader.read(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("m.ts:line 10, column 'dim0': '?' (step 2) is a missing value; choose missing = ffill|interpolate|drop, or clean the file");
        assertThat(TsReader.read(f, Missing.FFILL).series().get(0).values()).containsExactly(1, 10, 1, 20, 3, 20, 3, 40);
        // dim0 has no value after step 3: the last step is trimmed, not given dim0's last value
        assertThat(TsReader.read(f, Missing.INTERPOLATE).series().get(0).values()).containsExactly(1, 10, 2, 20, 3, 30);
        Series dropped = TsReader.read(f, Missing.DROP).series().get(0);
        assertThat(dropped.length()).isEqualTo(1);
        assertThat(dropped.values()).containsExactly(1, 10);

        Path lead = write("lead.ts", HEAD + "?,1:2,3:up\n");
        SeriesSet trimmed = TsReader.read(lead, Missing.FFILL);
        assertThat(trimmed.series().get(0).values()).containsExactly(1, 3);
        assertThat(trimmed.notes()).singleElement().asString().startsWith("lead.ts: trimmed 1 leading");
    }

    @Test
    void unequalDimensions() throws IOException {
        Path f = write("uneq.ts", HEAD + "1,2:3,4:up\n1,2,3:4,5:down\n");
        assertThatThrownBy(() -> TsReader.read(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("uneq.ts:line 11, column 'dim1': has 2 values but dim0 has 3; every dimension of a case "
                        + "must have the same length: pad or trim this case");
    }

    @Test
    void unknownLabel() throws IOException {
        Path f = write("lab.ts", HEAD + "1:2:sideways\n");
        assertThatThrownBy(() -> TsReader.read(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("lab.ts:line 10, column 'label': class 'sideways' is not in the '@classLabel' list [up, down]; "
                        + "add it to the header or fix the case");
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        Path f = write("dims.ts", HEAD + "1:2:3:up\n");
        assertThatThrownBy(() -> TsReader.read(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("dims.ts:line 10: expected 2 dimension(s) and a class label separated by ':', got 4 part(s)");
    }

    @Test
    void nonNumericValue() throws IOException {
        Path f = write("nn.ts", HEAD + "1,2:3,x:up\n");
        assertThatThrownBy(() -> TsReader.read(f))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("nn.ts:line 10, column 'dim1': 'x' is not a number (step 2); values are decimal numbers "
                        + "separated by ',', '?' when missing");
    }

    @Test
    void missingDataSectionAndNoCases() throws IOException {
        assertThatThrownBy(() -> TsReader.read(write("nod.ts", "@problemName x\n@classLabel true a\n")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("nod.ts: no '@data' line");
        assertThatThrownBy(() -> TsReader.read(write("noc.ts", "@classLabel true a\n@data\n\n")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("noc.ts:line 2: no cases after '@data'");
    }

    @Test
    void badHeaders() throws IOException {
        assertThatThrownBy(() -> TsReader.read(write("h1.ts", "@classlabels true a\n@data\n1:a\n")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("h1.ts:line 1: unknown header '@classlabels'");
        assertThatThrownBy(() -> TsReader.read(write("h2.ts", "@timeStamps true\n@data\n")))
                .hasMessageStartingWith("h2.ts:line 1: timestamped .ts data");
        assertThatThrownBy(() -> TsReader.read(write("h3.ts", "@dimensions two\n@data\n")))
                .hasMessageStartingWith("h3.ts:line 1: '@dimensions' needs a positive whole number");
        assertThatThrownBy(() -> TsReader.read(write("h4.ts", "hello\n@data\n")))
                .hasMessageStartingWith("h4.ts:line 1: expected a '@' header line or a '#' comment before @data");
        assertThatThrownBy(() -> TsReader.read(write("h5.ts", "@equalLength true\n@seriesLength 3\n@classLabel false\n@data\n1,2\n")))
                .hasMessageStartingWith("h5.ts:line 5: has 2 steps but the header says '@equalLength true' and '@seriesLength 3'");
    }

    @Test
    void nullPolicyIsRejected() {
        assertThatThrownBy(() -> TsReader.read(dir.resolve("x.ts"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTERPOLATE");
        assertThat(List.of(Missing.values())).hasSize(4);
    }
}
