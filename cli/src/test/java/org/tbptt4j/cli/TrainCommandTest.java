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
import java.util.List;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.model.OptimizerConfig;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingHistory;

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
    void aBudgetOfUpdatesTrainsExactlyThatManyAndSaves(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("mg");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", CommandRun.mackeyGlass().toString(), "--hidden", "4",
                "--batch", "8", "--length", "50", "--budget", "37u", "--out", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("updates").asLong()).isEqualTo(37);
        assertThat(o.get("stop").asText()).isEqualTo("budget");
        assertThat(o.get("epochs").asInt()).isEqualTo(3); // 13 updates an epoch: the third is cut after 11
        assertThat(model.resolve("model.safetensors")).isRegularFile();
        CommandRun bad = CommandRun.of(new TrainCommand(), "--data", CommandRun.mackeyGlass().toString(), "--budget", "lots",
                "--out", model.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--budget: 'lots' is not a training budget");
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
        assertThat(o.get("log_loss").asDouble()).isCloseTo(o.get("validation_loss").asDouble(),
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(o.get("roc_auc").isNull()).isTrue();   // 9 classes: binary only
        assertThat(o.get("confusion_matrix").size()).isEqualTo(9);
        assertThat(o.get("classes").get(0).asText()).isEqualTo("1");   // the .ts file's class names
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
        // the front door samples the same text, and its refusals name the options here
        assertThat(org.tbptt4j.Model.load(model).sample("the ", 50, 1.0, 3) + System.lineSeparator()).isEqualTo(s.out());
        CommandRun.of(new PredictCommand(), "--model", model.toString(), "--sample", "5", "--temperature", "0")
                .assertUserError("--temperature 0.0 is not a positive number");
        CommandRun.of(new PredictCommand(), "--model", model.toString(), "--sample", "5", "--prime", "thQ")
                .assertUserError("--prime thQ: 'Q' is not in the model's vocabulary");
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
    void aLossThatExplodesWithoutOverflowingIsADivergenceToo(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"an\": \"older model\"}");
        // Adam moves each weight by ~lr per update: the MSE reaches ~1e12 and stays finite
        for (String patience : new String[] {"0", "2"}) {
            CommandRun r = CommandRun.trainForecaster(model, "--lr", "1e6", "--clip-norm", "0", "--patience", patience);
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err()).contains("epoch 1: training diverged").contains("more than 100 times the untrained network's")
                    .contains("nothing was saved").contains("Try --lr 100000 (a tenth of 1000000)");
            assertThat(r.err()).contains(patience.equals("0") ? "without --patience" : "no good epoch came before");
            assertThat(r.out()).doesNotContain("completed");
            assertThat(model.resolve("config.json")).hasContent("{\"an\": \"older model\"}");   // not replaced
        }
    }

    @Test
    void aDivergedRunNamesTheEpochItSavedOrWhyNone() {
        RunConfig run = RunConfig.defaults().withTraining(OptimizerConfig.Kind.ADAM, 1.4, 0, 3);
        List<EpochRecord> epochs = List.of(new EpochRecord(1, 0.9, 0.5, Double.NaN, 1.4, 10, 1, 100, 50),
                new EpochRecord(2, 0.7, 0.4, Double.NaN, 1.4, 10, 1, 100, 50),
                new EpochRecord(3, 5e9, 7e9, Double.NaN, 1.4, 10, 1, 100, 50));
        TrainingHistory kept = new TrainingHistory(epochs, 2, TrainingHistory.Stop.DIVERGED, "epoch 3: training diverged");
        assertThat(TrainCommand.divergedOutcome(kept, run, Path.of("out")))
                .startsWith("saved the weights of epoch 2, the best before the divergence (validation loss 0.400000), to out;")
                .contains("failed").contains("Try --lr 0.14 (a tenth of 1.4)");
        TrainingHistory none = new TrainingHistory(epochs.subList(0, 1), 0, TrainingHistory.Stop.DIVERGED, "epoch 1: ...");
        assertThat(TrainCommand.divergedOutcome(none, run, Path.of("out"))).startsWith("nothing was saved: no good epoch");
        assertThat(TrainCommand.divergedOutcome(none, run.withTraining(OptimizerConfig.Kind.ADAM, 1.4, 0, 0), Path.of("out")))
                .startsWith("nothing was saved: without --patience");
    }

    /** x_t = sin(0.3 t) + noise, then {@code label(t)}; 600 rows. */
    static Path labelled(Path dir, java.util.function.IntFunction<String> label) throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        StringBuilder s = new StringBuilder("x,label\n");
        for (int t = 0; t < 600; t++) {
            s.append(Math.sin(0.3 * t) + 0.1 * rng.nextGaussian()).append(',').append(label.apply(t)).append('\n');
        }
        return Files.writeString(dir.resolve("labelled.csv"), s.toString());
    }

    /** The label of step t: whether the clean sine is positive. */
    static String positive(int t) {
        return Math.sin(0.3 * t) > 0 ? "1" : "0";
    }

    static CommandRun trainBce(Path data, Path model, String... more) {
        String[] base = {"--data", data.toString(), "--task", "per-step", "--columns", "x", "--target", "label", "--loss", "bce",
                "--hidden", "8", "--epochs", "3", "--batch", "4", "--length", "20", "--out", model.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CommandRun.of(new TrainCommand(), args);
    }

    @Test
    void bceTrainsOnTheZeroOneTargetAndReportsClassifierMetrics(@TempDir Path dir) throws Exception {
        Path data = labelled(dir, TrainCommandTest::positive);
        Path model = dir.resolve("bce");
        CommandRun r = trainBce(data, model, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("validation_loss").asDouble()).isPositive();
        assertThat(o.get("log_loss").asDouble()).isCloseTo(o.get("validation_loss").asDouble(),
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(o.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("roc_auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("macro_f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("classes").toString()).isEqualTo("[\"0\",\"1\"]");
        JsonNode cm = o.get("confusion_matrix");
        long total = cm.get(0).get(0).asLong() + cm.get(0).get(1).asLong() + cm.get(1).get(0).asLong() + cm.get(1).get(1).asLong();
        assertThat(total).isEqualTo(90);   // the validation part: 15% of 600 steps
        assertThat(o.get("rmse").isNull()).isTrue();
        assertThat(o.get("mae").isNull()).isTrue();
        // the target is left as it is; the feature is scaled
        JsonNode scaler = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data/scaler");
        assertThat(scaler.get("columns").toString()).isEqualTo("[\"x\"]");

        CommandRun text = trainBce(data, dir.resolve("bce2"));
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("accuracy    validation").contains("of 90 steps").contains("ROC AUC")
                .contains("confusion   rows: true class").doesNotContain("RMSE").doesNotContain("data's units")
                .doesNotContain("on scaled data");

        CommandRun ev = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", data.toString(), "--json");
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode e = JSON.readTree(ev.out());
        assertThat(e.get("loss").asDouble()).isPositive();
        assertThat(e.get("roc_auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(e.get("rmse").isNull()).isTrue();
        CommandRun evText = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", data.toString());
        assertThat(evText.out()).contains("accuracy    data").contains("of 600 steps").doesNotContain("RMSE");

        CommandRun p = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", data.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = p.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("step,sequence,label,p_label");
        assertThat(lines).hasSize(601);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double prob = Double.parseDouble(f[3]);
            assertThat(prob).as(line).isBetween(0.0, 1.0);   // a probability, not a logit
            assertThat(f[2]).as(line).isEqualTo(prob > 0.5 ? "1" : "0");
        }
        CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", data.toString(), "--horizon", "2")
                .assertUserError("--horizon");
    }

    @Test
    void eegEyeStateTrainsPerStepWithBce(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("eeg");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data",
                CommandRun.shared("datasets/eeg-eye-state/eeg_eye_state.csv").toString(), "--task", "per-step", "--target",
                "eyeDetection", "--loss", "bce", "--hidden", "8", "--epochs", "1", "--out", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("roc_auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("validation_loss").asDouble()).isPositive();
        JsonNode data = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(data.get("features")).hasSize(14);
        assertThat(data.at("/scaler/columns").toString()).doesNotContain("eyeDetection");
    }

    @Test
    void bceRefusesTargetsOutsideZeroOneNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path data = labelled(dir, t -> Integer.toString(2 + t % 7));
        Path model = dir.resolve("m");
        for (String scale : new String[] {"standard", "none"}) {
            trainBce(data, model, "--scale", scale)
                    .assertUserError("labelled.csv:line 2, column 'label': the target 2 is outside [0, 1]");
            assertThat(model).doesNotExist();
        }
        // a model trained on good labels refuses to evaluate a file with a bad one, naming its line
        Path good = dir.resolve("good");
        Files.createDirectories(good);
        Path goodData = labelled(good, TrainCommandTest::positive);
        assertThat(trainBce(goodData, model).code()).isZero();
        Path bad = labelled(dir, t -> t == 40 ? "1.5" : positive(t));
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", bad.toString())
                .assertUserError("labelled.csv:line 42, column 'label': the target 1.5 is outside [0, 1]");
    }

    @Test
    void theProgressBarGivesWayToEpochLines() {
        StringWriter err = new StringWriter();
        try (ProgressListener p = new ProgressListener(new PrintWriter(err), 2, true, true)) {
            p.progress(1, 50, 100, 0.5);
            p.progress(1, 100, 100, 0.25);
            p.epochEnd(new EpochRecord(1, 0.25, 0.3, Double.NaN, 0.01, 2, 0.1, 1000, 50));
            p.progress(2, 50, 100, 0.2);   // cut short, as by divergence: close() takes the bar down
        }
        assertThat(err.toString()).contains("epoch 1/2  train 0.25").doesNotContain("\n\n");
    }

    @Test
    void withoutATerminalLongEpochsPrintProgressLinesWithRateAndTimeLeft() {
        StringWriter err = new StringWriter();
        try (ProgressListener p = new ProgressListener(new PrintWriter(err), 3, false, false, 0)) {
            p.progress(1, 10, 100, 0.5);      // the epoch's first call starts its clock
            p.progress(1, 40, 100, 0.25);
            p.progress(1, 100, 100, 0.2);     // the epoch's end: its own line follows
            p.epochEnd(new EpochRecord(1, 0.2, Double.NaN, Double.NaN, 0.01, 2, 0.1, 1000, 50));
        }
        String[] lines = err.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("epoch 1/3: 40% (40 of 100 steps), ").contains(" steps/s, about ").endsWith("s left, loss 0.2500");
        assertThat(lines[1]).startsWith("epoch 1/3  train 0.2");
        // with the default spacing a short epoch prints no progress line at all
        StringWriter quiet = new StringWriter();
        try (ProgressListener p = new ProgressListener(new PrintWriter(quiet), 3, false, false)) {
            p.progress(1, 10, 100, 0.5);
            p.progress(1, 40, 100, 0.25);
        }
        assertThat(quiet.toString()).isEmpty();
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
