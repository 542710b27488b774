package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.train.EpochRecord;

/** {@code tbptt4j train} on a series, a set of labelled sequences and a text, and every bad input. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trainsAForecasterAndReportsErrorInTheDataUnits(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("mg");
        CommandRun r = CommandRun.trainForecaster(model, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();   // --json: no progress
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("validation_loss").isNumber()).isTrue();
        assertThat(o.get("train_loss").asDouble()).isPositive();
        // Mackey-Glass lies in about [0.2, 1.4]: an error in its units is below 1, and MAE <= RMSE
        assertThat(o.get("rmse").asDouble()).isPositive().isLessThan(1.0);
        assertThat(o.get("mae").asDouble()).isPositive().isLessThanOrEqualTo(o.get("rmse").asDouble());
        assertThat(o.get("accuracy").isNull()).isTrue();
        assertThat(o.get("bits_per_token").isNull()).isTrue();
        assertThat(o.get("epochs").asInt()).isEqualTo(2);
        assertThat(o.get("steps_per_s").asDouble()).isPositive();
        assertThat(o.get("stop").asText()).isEqualTo("completed");
        assertThat(o.get("model").asText()).isEqualTo(model.toString());
        assertThat(model.resolve("config.json")).isRegularFile();
        assertThat(model.resolve("model.safetensors")).isRegularFile();
        JsonNode data = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(data.get("task").asText()).isEqualTo("forecast");
        assertThat(data.at("/scaler/kind").asText()).isEqualTo("standard");
        assertThat(data.at("/scaler/center").size()).isEqualTo(1);
    }

    @Test
    void printsATextSummary(@TempDir Path dir) {
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", CommandRun.mackeyGlass().toString(), "--hidden", "4",
                "--epochs", "1", "--out", dir.resolve("mg").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("loss        train").contains("validation RMSE").contains("steps/s");
        assertThat(r.err()).contains("epoch 1/1");   // not a terminal: one line per epoch, no bar
    }

    @Test
    void trainsAClassifierOnPackedSequences(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--strategy", "packed",
                "--length", "10", "--batch", "8", "--hidden", "8", "--epochs", "2", "--out", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("rmse").isNull()).isTrue();
        JsonNode data = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(data.get("classes").size()).isEqualTo(9);
        assertThat(data.get("features").size()).isEqualTo(12);
    }

    @Test
    void trainsACharacterModelThatSamplesText(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("tiny.txt");
        Files.writeString(text, "the cat sat on the mat. the dog sat on the log.\n".repeat(40));
        Path model = dir.resolve("lm");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", text.toString(), "--length", "20", "--batch", "4",
                "--hidden", "16", "--embedding", "8", "--epochs", "2", "--out", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("bits_per_token").asDouble()).isPositive()
                .isCloseTo(o.get("validation_loss").asDouble() / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        CommandRun s = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--sample", "50", "--seed", "3",
                "--prime", "the ");
        assertThat(s.code()).as(s.err()).isZero();
        String sampled = s.out().substring(0, s.out().length() - System.lineSeparator().length());
        assertThat(sampled.codePointCount(0, sampled.length())).isEqualTo(50);
        assertThat(sampled).matches("[a-z .\\n]*");   // only characters of the training text
        CommandRun again = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--sample", "50", "--seed", "3",
                "--prime", "the ");
        assertThat(again.out()).isEqualTo(s.out());   // seeded
    }

    @Test
    void aMissingDataFileIsAUserError(@TempDir Path dir) {
        Path model = dir.resolve("m");
        CommandRun.of(new TrainCommand(), "--data", dir.resolve("nope.csv").toString(), "--out", model.toString())
                .assertUserError("nope.csv");
        assertThat(model).doesNotExist();
    }

    @Test
    void anUnknownCellIsAUserError(@TempDir Path dir) {
        Path model = dir.resolve("m");
        CommandRun.trainForecaster(model, "--cell", "transformer").assertUserError("--cell: unknown cell 'transformer'");
        assertThat(model).doesNotExist();
    }

    @Test
    void aZeroLearningRateIsAUserError(@TempDir Path dir) {
        Path model = dir.resolve("m");
        CommandRun.trainForecaster(model, "--lr", "0").assertUserError("--lr must be a positive number");
        assertThat(model).doesNotExist();
    }

    @Test
    void refusesAnOutputThatIsNotAModelBeforeTraining(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        CommandRun.trainForecaster(notes).assertUserError("is not a tbptt4j model directory");
        assertThat(notes).hasContent("keep me");
    }

    @Test
    void aDivergedRunExitsOneAndSavesNothing(@TempDir Path dir) {
        Path model = dir.resolve("m");
        CommandRun r = CommandRun.trainForecaster(model, "--optimizer", "sgd", "--lr", "1e30", "--clip-norm", "0");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("diverged").contains("nothing was saved").doesNotContain("\tat ");
        assertThat(model).doesNotExist();
    }

    @Test
    void theProgressBarGivesWayToEpochLines() {
        StringWriter err = new StringWriter();
        try (ProgressListener p = new ProgressListener(new PrintWriter(err), 2, true, true)) {
            p.progress(1, 50, 100, 0.5);
            p.progress(1, 100, 100, 0.25);
            p.epochEnd(new EpochRecord(1, 0.25, 0.3, Double.NaN, 0.01, 2, 0.1, 1000));
            p.progress(2, 50, 100, 0.2);   // cut short, as by divergence: close() takes the bar down
        }
        assertThat(err.toString()).contains("epoch 1/2  train 0.25").doesNotContain("\n\n");
    }

    @org.junit.jupiter.api.Test
    void theLossCanBeChosenAndMustFitTheTask(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        CommandRun r = CommandRun.trainForecaster(dir.resolve("mae"), "--loss", "mae");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("mae/config.json"))).contains("\"loss\" : \"mae\"");
        CommandRun.trainForecaster(dir.resolve("ce"), "--loss", "cross-entropy").assertUserError("--loss cross-entropy");
        assertThat(dir.resolve("ce")).doesNotExist();
        CommandRun.trainForecaster(dir.resolve("bad"), "--loss", "hinge").assertUserError("--loss");
    }
}
