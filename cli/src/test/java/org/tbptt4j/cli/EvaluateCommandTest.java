package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j evaluate}: a saved forecaster and classifier measured on whole files, and the errors. */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;

    static Path forecaster;

    @BeforeAll
    static void train() {
        forecaster = models.resolve("mg");
        CommandRun r = CommandRun.trainForecaster(forecaster);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void measuresTheWholeFileWithTheSavedScaler() throws Exception {
        CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("loss").asDouble()).isPositive().isFinite();
        assertThat(o.get("rmse").asDouble()).isPositive().isLessThan(1.0);
        assertThat(o.get("mae").asDouble()).isPositive().isLessThanOrEqualTo(o.get("rmse").asDouble());
        assertThat(o.get("sequences").asInt()).isEqualTo(1);
        assertThat(o.get("steps").asLong()).isEqualTo(9999);   // 10,000 values, next-step targets
    }

    @Test
    void theSavedScalerIsUsedNotARefittedOne(@TempDir Path dir) throws Exception {
        // the same values shifted by 100: a refitted scaler would hide the shift, the saved one shows it as a large error
        Path shifted = dir.resolve("shifted.txt");
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(CommandRun.mackeyGlass())) {
            b.append(Double.parseDouble(line) + 100).append('\n');
        }
        Files.writeString(shifted, b);
        CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data", shifted.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("mae").asDouble()).isGreaterThan(10);
    }

    @Test
    void partScoresOnePartAsTheModelsSplitCutItAndSaysWhich() throws Exception {
        long[] steps = new long[3];
        for (int k = 0; k < 3; k++) {
            String part = org.tbptt4j.data.TimeSplit.PARTS.get(k);
            CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                    CommandRun.mackeyGlass().toString(), "--part", part, "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode o = JSON.readTree(r.out());
            assertThat(o.get("part").asText()).isEqualTo(part);
            assertThat(o.get("part_description").asText()).startsWith("the " + part + " part as the model's training split cut it");
            steps[k] = o.get("steps").asLong();
            // the validation and test parts are scored after a warm-up over the spans before them, as the grid scores them
            assertThat(o.get("warm_up_steps").asLong()).isEqualTo(new long[] {0, 7000, 8500}[k]);
        }
        // 70%, 15%, 15% of 10,000 values, each part one step short of its values (next-step targets)
        assertThat(steps).containsExactly(6999, 1499, 1499);
        CommandRun test = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString(), "--part", "test");
        assertThat(test.out()).contains("1,499 steps, from a fresh state at the series' start: its state warmed up, unscored, "
                + "over the 8,500 steps before the test part (the train and validation spans)")
                .doesNotContain("filled in");   // the warm-up's unscored steps are not missing targets
        CommandRun all = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString());
        assertThat(all.out()).contains("part        all: the whole file");
        CommandRun bad = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString(), "--part", "tset");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--part 'tset': use train, validation, test or all");
    }

    @Test
    void printsTheMetricsAsText() {
        CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("from a fresh state").contains("data RMSE").contains("MAE");
    }

    @Test
    void measuresAClassifierOnTheTestFile(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        CommandRun t = CommandRun.of(new TrainCommand(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--strategy", "packed",
                "--length", "10", "--batch", "8", "--hidden", "8", "--epochs", "2", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TEST.ts").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("sequences").asInt()).isEqualTo(370);
    }

    @Test
    void aDirectoryThatIsNotAModelIsAUserError(@TempDir Path dir) {
        CommandRun.of(new EvaluateCommand(), "--model", dir.toString(), "--data", CommandRun.mackeyGlass().toString())
                .assertUserError("config.json is missing");
    }

    @Test
    void dataWithoutTheModelsColumnIsAUserError(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), "pressure\n1.0\n2.0\n3.0\n");
        CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data", other.toString())
                .assertUserError("no column 'c0', which the model needs");
    }

    @Test
    void evaluateAndHorizonNeedData() {
        CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString())
                .assertUserError("evaluate runs " + forecaster + " on a data file: give --data FILE");
        CommandRun.of(new HorizonCommand(), "--model", forecaster.toString())
                .assertUserError("horizon runs " + forecaster + " on a data file: give --data FILE");
    }

    @Test
    void aMissingDataFileIsAUserError(@TempDir Path dir) {
        CommandRun.of(new EvaluateCommand(), "--model", forecaster.toString(), "--data", dir.resolve("gone.txt").toString())
                .assertUserError("gone.txt: no such file");
    }

    @Test
    void textWithAnUnknownCharacterNamesItAndItsLine(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.txt"), "abc abc. cab cab.\n".repeat(30));
        Path model = dir.resolve("lm");
        CommandRun t = CommandRun.of(new TrainCommand(), "--data", train.toString(), "--length", "10", "--batch", "2",
                "--hidden", "4", "--epochs", "1", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path other = Files.writeString(dir.resolve("other.txt"), "abc\ncab z\n");
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", other.toString())
                .assertUserError("line 2").assertUserError("'z'");
    }
}
