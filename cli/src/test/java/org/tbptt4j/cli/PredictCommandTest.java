package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j predict}: CSV and JSON lines over a file, forecasts past its end, classes, and the errors. */
class PredictCommandTest {

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
    void writesOneRowPerStepAsCsvAtomically(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pred.csv");
        CommandRun r = CommandRun.of(new PredictCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString(), "--out", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("step,sequence,c0");
        assertThat(lines).hasSize(1 + 10_000);
        assertThat(lines.get(1)).startsWith("1,MackeyGlass_t17.txt,");   // step 0's input forecasts step 1
        double first = Double.parseDouble(lines.get(1).split(",")[2]);
        assertThat(first).isBetween(-1.0, 3.0);                           // in the data's units, not scaled
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(csv);                       // no temporary file left
        }
    }

    @Test
    void forecastsPastTheEndAsJsonLines() throws Exception {
        CommandRun r = CommandRun.of(new PredictCommand(), "--model", forecaster.toString(), "--data",
                CommandRun.mackeyGlass().toString(), "--horizon", "5", "--format", "jsonl");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(10_005);
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(last.get("step").asInt()).isEqualTo(10_005);
        assertThat(last.get("c0").asDouble()).isFinite();
    }

    @Test
    void classifiesEachSequenceWithProbabilities(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        Path ts = CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TEST.ts");
        CommandRun t = CommandRun.of(new TrainCommand(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--strategy", "packed",
                "--length", "10", "--batch", "8", "--hidden", "8", "--epochs", "1", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        CommandRun r = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", ts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("step,sequence,class,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9");
        assertThat(lines).hasSize(1 + 370);
        String[] row = lines.get(1).split(",");
        double sum = 0;
        for (int i = 3; i < row.length; i++) {
            sum += Double.parseDouble(row[i]);
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void anErrorLeavesNoOutputFile(@TempDir Path dir) {
        Path csv = dir.resolve("pred.csv");
        CommandRun.of(new PredictCommand(), "--model", forecaster.toString(), "--data", dir.resolve("gone.txt").toString(),
                "--out", csv.toString()).assertUserError("gone.txt: no such file");
        assertThat(csv).doesNotExist();
    }

    @Test
    void samplingNeedsATextModel() {
        CommandRun.of(new PredictCommand(), "--model", forecaster.toString(), "--sample", "10")
                .assertUserError("--sample generates text and needs a text model");
    }

    @Test
    void aDirectoryThatIsNotAModelIsAUserError(@TempDir Path dir) {
        CommandRun.of(new PredictCommand(), "--model", dir.resolve("none").toString(), "--data",
                CommandRun.mackeyGlass().toString()).assertUserError("no model here");
    }
}
