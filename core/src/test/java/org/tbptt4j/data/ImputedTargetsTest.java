package org.tbptt4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filled-in values are marked, counted and never scored as targets; the columns a preparation uses are reported. */
class ImputedTargetsTest {

    @TempDir
    Path dir;

    // a is missing at rows 2 and 4 (0-based), b at row 1; c is text, d has no values
    private static final String CSV = "a,b,c,d\n1,10,x,\n2,,x,\nNA,30,y,\n4,40,y,\n,50,z,\n6,60,z,\n";

    private Preparation prepare(Missing missing, DataSpec.TaskKind task, List<String> features, List<String> targets)
            throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), CSV, StandardCharsets.UTF_8);
        return Preparation.prepare(new DataSpec(f, DataSpec.Format.CSV, CsvOptions.defaults().withMissing(missing), features,
                targets, task, 1, null, 1.0, 0.0, 1));
    }

    @Test
    void forecastTargetsFilledInAreMaskedAtTheStepThatPredictsThem() throws Exception {
        Preparation p = prepare(Missing.INTERPOLATE, DataSpec.TaskKind.FORECAST, List.of("a"), List.of());
        Sequence s = p.train().get(0);
        assertThat(s.y()).containsExactly(2, 3, 4, 5, 6);          // targets a at t + 1, rows 2 and 4 interpolated
        assertThat(s.loss()).containsExactly(true, false, true, false, true);
        assertThat(p.columns().features()).containsExactly("a");
        assertThat(p.columns().targets()).containsExactly("a");    // forecasting: the targets default to the features
        assertThat(p.columns().imputed()).containsExactly(java.util.Map.entry("a", 2L), java.util.Map.entry("b", 1L));
        assertThat(p.columns().others()).containsExactly(java.util.Map.entry("c", "is non-numeric ('x' on line 2)"),
                java.util.Map.entry("d", "has no values (every cell is missing)"),
                java.util.Map.entry("b", ColumnUse.NOT_CHOSEN));
        assertThat(p.notes()).contains("values filled in by missing = interpolate: a 2, b 1",
                "2 step(s) whose target was filled in are left out of the loss and the metrics");
    }

    @Test
    void perStepTargetsAreMaskedWhereFilledButFilledInputsStillFeedTheNetwork() throws Exception {
        Preparation p = prepare(Missing.FFILL, DataSpec.TaskKind.PER_STEP, List.of("a"), List.of("b"));
        Sequence s = p.train().get(0);
        assertThat(s.x()).containsExactly(1, 2, 2, 4, 4, 6);       // a carried forward
        assertThat(s.loss()).containsExactly(true, false, true, true, true, true);
    }

    @Test
    void aColumnWithoutValuesOrOfTextIsNamedWithTheReason() {
        assertThatThrownBy(() -> prepare(Missing.FFILL, DataSpec.TaskKind.FORECAST, List.of("a", "d"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t.csv: column 'd' has no values (every cell is missing); leave it out of the feature and target columns");
        assertThatThrownBy(() -> prepare(Missing.FFILL, DataSpec.TaskKind.FORECAST, List.of("a"), List.of("a", "a")))
                .hasMessage("column 'a' is named twice in [a, a]; name each column once");
    }

    @Test
    void aHorizonOutsideForecastingIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), CSV, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Preparation.prepare(new DataSpec(f, DataSpec.Format.CSV, CsvOptions.defaults(),
                List.of("a"), List.of("b"), DataSpec.TaskKind.PER_STEP, 3, null, 1.0, 0.0, 1)))
                .hasMessage("a horizon of 3 steps applies to forecasting only, and the task is per-step");
    }

    @Test
    void everyReaderNamesTheLineOfTheFirstByteThatIsNotUtf8() throws Exception {
        Path latin = Files.write(dir.resolve("l.csv"), "a\n1\n2\n\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvReader.read(latin, CsvOptions.defaults()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("l.csv:line 4: byte 0xE9 (byte 7 of the file) is not UTF-8 text; tbptt4j reads UTF-8: convert it, "
                        + "e.g. iconv -f latin1 -t utf-8 l.csv > utf8-l.csv");
        assertThatThrownBy(() -> TsReader.read(latin)).hasMessageStartingWith("l.csv:line 4: byte 0xE9");
        assertThatThrownBy(() -> TextReader.characters(latin, null)).hasMessageStartingWith("l.csv:line 4: byte 0xE9");
        assertThatThrownBy(() -> TextReader.words(latin, null)).hasMessageStartingWith("l.csv:line 4: byte 0xE9");
    }

    @Test
    void anEchoedCellIsCut() {
        assertThat(DataFormatException.excerpt("x".repeat(100))).isEqualTo("x".repeat(40) + "... (100 characters)");
        assertThat(DataFormatException.excerpt("a\u0000b")).isEqualTo("a\\u0000b");
    }
}
