package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data commands make of a file's columns and missing values, and every input they refuse:
 * each refusal exits 2 with one line naming the file, line, column or option, and writes nothing.
 */
class DataHandlingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A model directory that must survive a refused run unchanged. */
    private Path existingModel() throws Exception {
        Path m = Files.createDirectories(dir.resolve("model"));
        Files.writeString(m.resolve("config.json"), "{\"keep\": true}");
        return m;
    }

    private static void assertUnchanged(Path model) throws Exception {
        assertThat(model.resolve("config.json")).hasContent("{\"keep\": true}");
        try (var files = Files.list(model)) {
            assertThat(files).hasSize(1);
        }
    }

    /** A small, fast training run: --epochs 1 and --length 5 unless given, 4 hidden units, 2 streams. */
    private CommandRun train(Path data, Path model, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--data", data.toString(), "--hidden", "4",
                "--batch", "2", "--out", model.toString()));
        java.util.List<String> given = java.util.List.of(more);
        if (!given.contains("--epochs")) {
            args.addAll(java.util.List.of("--epochs", "1"));
        }
        if (!given.contains("--length") && !given.contains("--strategy")) {
            args.addAll(java.util.List.of("--length", "5"));
        }
        args.addAll(given);
        return CommandRun.of(new TrainCommand(), args.toArray(String[]::new));
    }

    /** n rows of: a row number, x = AR(1) with phi = -0.8 (lag-1 autocorrelation about -0.8), y = a slow ramp. */
    private Path numbered(int n) throws Exception {
        StringBuilder b = new StringBuilder("No,x,y\n");
        java.util.Random rnd = new java.util.Random(7);
        double x = 0;
        for (int t = 0; t < n; t++) {
            x = -0.8 * x + rnd.nextGaussian();
            b.append(t + 1).append(',').append(x).append(',').append(t * 0.01).append('\n');
        }
        return write("numbered.csv", b.toString());
    }

    // --- columns: defaults and what is shown

    @Test
    void forecastingTargetsDefaultToTheFeaturesAndThePlanListsEveryColumn() throws Exception {
        Path pollution = CommandRun.shared("datasets/beijing-pm25/pollution.csv");
        CommandRun r = CommandRun.of(new PlanCommand(), "--data", pollution.toString(), "--columns", "pm2.5", "--missing",
                "interpolate", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("features").toString()).isEqualTo("[\"pm2.5\"]");
        assertThat(o.get("targets").toString()).isEqualTo("[\"pm2.5\"]");
        assertThat(o.at("/other_columns/cbwd").asText()).isEqualTo("is non-numeric ('NW' on line 2)");
        assertThat(o.at("/other_columns/No").asText()).isEqualTo("is not a feature or target");
        // 2,067 NA, of which the 24 before the first value are trimmed, not filled
        assertThat(o.at("/imputed/pm2.5").asLong()).isEqualTo(2_043);
        assertThat(o.get("warnings").toString()).contains("trimmed 24 leading")
                .contains("2,043 step(s) whose target was filled in are left out of the loss and the metrics");

        CommandRun text = CommandRun.of(new PlanCommand(), "--data", pollution.toString(), "--columns", "pm2.5,TEMP", "--target",
                "pm2.5", "--missing", "drop");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("features [pm2.5, TEMP]; targets [pm2.5]")
                .contains("other columns: cbwd is non-numeric ('NW' on line 2), left out: --one-hot cbwd reads it as categories; No, year, month")
                .containsPattern("warning: pollution.csv: dropped 2,067 row\\(s\\) with a missing value, leaving [0-9,]+ gap\\(s\\) "
                        + "in time, longest [0-9,]+ row\\(s\\)");
    }

    @Test
    void analyzeAnalysesTheNamedColumnNotTheFirst() throws Exception {
        CommandRun r = CommandRun.of(new AnalyzeCommand(), "--data", numbered(200).toString(), "--columns", "x", "--lags", "3",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // x swings in sign from step to step; the row number No would give a lag-1 autocorrelation near +1
        assertThat(JSON.readTree(r.out()).get("acf").get(1).asDouble()).isLessThan(-0.5);
    }

    @Test
    void trainListsTheColumnsInTextAndJson() throws Exception {
        Path data = numbered(120);
        CommandRun r = train(data, dir.resolve("m"), "--columns", "x,y", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("features").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(o.get("targets").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(o.at("/other_columns/No").asText()).isEqualTo("is not a feature or target");
        CommandRun t = train(data, dir.resolve("m2"), "--columns", "x", "--target", "y");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("note        features [x]; targets [y]").contains("No is not a feature or target");
    }

    @Test
    void aColumnNamedTwiceIsRefused() throws Exception {
        Path model = existingModel();
        train(numbered(50), model, "--columns", "x,x").assertUserError("--columns names column 'x' twice (x,x)");
        train(numbered(50), model, "--target", "y,y").assertUserError("--target names column 'y' twice");
        assertUnchanged(model);
    }

    @Test
    void aColumnWithoutValuesIsNamedAsSuch() throws Exception {
        Path data = write("empty.csv", "a,b,c\n1,,x\n2,NA,y\n3,,z\n4,,w\n");
        Path model = existingModel();
        train(data, model, "--columns", "a,b").assertUserError("empty.csv: column 'b' has no values (every cell is missing)");
        train(data, model, "--columns", "a,c").assertUserError("empty.csv: column 'c' is non-numeric ('x' on line 2)");
        train(data, model, "--columns", "a,d").assertUserError("no column 'd'; the columns are [a]");
        Path many = write("many.csv", "id,x\nA,1\nA,2\nB,3\nB,4\n");
        train(many, model, "--id-column", "id", "--columns", "id,x").assertUserError("many.csv: column 'id' is the sequence id column");
        assertUnchanged(model);
    }

    // --- missing values

    @Test
    void theReadersAdviceNamesTheOptionsOnTheCommandLine() throws Exception {
        Path data = write("na.csv", "a,b\n1,2\n2,NA\n3,4\n");
        Path model = existingModel();
        // the library says "missing = ffill|interpolate|drop" (CsvOptions.missing); the command line names --missing
        train(data, model).assertUserError("na.csv:line 3, column 'b': 'NA' is a missing value; choose --missing "
                + "ffill|interpolate|drop, or clean the file");
        Path empty = write("na2.csv", "a,b\n1,NA\nNA,2\n3,NA\nNA,4\n");
        train(empty, model, "--columns", "a,b", "--missing", "drop").assertUserError("so --missing drop leaves nothing");
        assertUnchanged(model);
    }

    @Test
    void evaluateLeavesFilledInTargetsUnscoredAndSaysSo() throws Exception {
        Path model = dir.resolve("m");
        assertThat(train(numbered(60), model, "--columns", "x", "--missing", "interpolate").code()).isZero();
        Path gaps = write("gaps.csv", "No,x,y\n1,0.5,0\n2,NA,0\n3,-0.4,0\n4,NA,0\n5,0.3,0\n6,-0.1,0\n");
        CommandRun r = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", gaps.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note        2 step(s) whose target was filled in are left out of the loss and the metrics");
        // the same values with the interpolated ones written out: the network sees exactly the same inputs, and only
        // the scoring of those two targets can make the error differ
        Path written = write("written.csv", "No,x,y\n1,0.5,0\n2,0.05,0\n3,-0.4,0\n4,-0.05,0\n5,0.3,0\n6,-0.1,0\n");
        double masked = JSON.readTree(CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data",
                gaps.toString(), "--json").out()).get("mae").asDouble();
        double scored = JSON.readTree(CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data",
                written.toString(), "--json").out()).get("mae").asDouble();
        assertThat(masked).isPositive().isNotEqualTo(scored);
    }

    @Test
    void aColumnThatCannotBeFilledIsNamed() throws Exception {
        Path data = write("gap.csv", "id,a,b\nA,1,5\nA,2,6\nB,3,NA\nB,4,NA\n");
        Path model = existingModel();
        train(data, model, "--id-column", "id", "--columns", "a,b", "--missing", "interpolate")
                .assertUserError("gap.csv: column 'b': sequence 'B': no value in any of its 2 row(s), so there is nothing to "
                        + "interpolate from");
        assertUnchanged(model);
    }

    // --- bytes that are not text

    @Test
    void aLatin1CsvNamesTheFileTheLineAndHowToConvertIt() throws Exception {
        Path data = Files.write(dir.resolve("latin.csv"), "a,b\n1,2\n3,4\ncaf\u00e9,5\n".getBytes(StandardCharsets.ISO_8859_1));
        Path model = existingModel();
        CommandRun r = train(data, model).assertUserError("latin.csv:line 4: byte 0xE9");
        assertThat(r.err()).contains("iconv -f latin1 -t utf-8 latin.csv").doesNotContain("Input length");
        CommandRun.of(new PlanCommand(), "--data", data.toString()).assertUserError("latin.csv:line 4");
        assertUnchanged(model);
    }

    @Test
    void aLatin1TsOrTextFileIsNamedToo() throws Exception {
        Path ts = Files.write(dir.resolve("latin.ts"), "@problemName caf\u00e9\n@classLabel true a b\n@data\n1,2:a\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        CommandRun.of(new PlanCommand(), "--data", ts.toString()).assertUserError("latin.ts:line 1: byte 0xE9");
        Path text = Files.write(dir.resolve("latin.txt"), "hello\nworld\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        CommandRun.of(new PlanCommand(), "--data", text.toString(), "--format", "chars").assertUserError("latin.txt:line 3: byte 0xEF");
        Path binary = Files.write(dir.resolve("blob.csv"), new byte[] {'a', '\n', 0, 0, 0, (byte) 0xFF, (byte) 0xFE, '\n'});
        CommandRun.of(new PlanCommand(), "--data", binary.toString()).assertUserError("blob.csv:line 2: byte 0xFF")
                .err().contains("looks binary");
    }

    @Test
    void evaluateReadsNewFilesWithTheSameCare() throws Exception {
        Path model = dir.resolve("m");
        Path data = numbered(60);
        assertThat(train(data, model, "--columns", "x").code()).isZero();
        Path latin = Files.write(dir.resolve("new.csv"), "No,x,y\n1,1,0\n2,\u00e9,0\n".getBytes(StandardCharsets.ISO_8859_1));
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", latin.toString())
                .assertUserError("new.csv:line 3: byte 0xE9");
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", dir.toString())
                .assertUserError("is a directory, not a data file");
    }

    @Test
    void aDirectoryIsNotAMissingFile() throws Exception {
        Path model = existingModel();
        train(dir, model).assertUserError(dir + ": is a directory, not a data file");
        assertUnchanged(model);
    }

    @Test
    void aHugeBadCellIsNotEchoedWhole() throws Exception {
        String cell = "z".repeat(200_000);
        Path data = write("huge.csv", "a,b\n1,2\n3," + cell + "\n");
        CommandRun r = train(data, existingModel()).assertUserError("huge.csv:line 3, column 'b'");
        assertThat(r.err().length()).isLessThan(400);
        assertThat(r.err()).contains("(200,000 characters)");
    }

    // --- options that do not apply

    @Test
    void everyStrategyOptionActsOrIsRefused() throws Exception {
        Path data = numbered(60);
        Path model = existingModel();
        train(data, model, "--strategy", "one-step", "--length", "20").assertUserError("--length 20 does not apply to "
                + "--strategy one-step, which is TBPTT(1,1)");
        CommandRun.of(new TrainCommand(), "--data", data.toString(), "--strategy", "one-step", "--k2", "5", "--out",
                model.toString()).assertUserError("--k2 5 does not apply to --strategy one-step");
        train(data, model, "--strategy", "as-is", "--length", "5").assertUserError("--length 5 does not apply to --strategy as-is");
        train(data, model, "--strategy", "decoupled", "--k1", "2").assertUserError("--strategy decoupled needs both --k1 K1");
        train(data, model, "--strategy", "zigzag").assertUserError("--strategy zigzag is not a strategy: use as-is, naive");
        train(data, model, "--hidden", "8,16").assertUserError(",8,16: one run trains one size");
        train(data, model, "--strategy", "decoupled", "--k1", "2", "--k2", "4", "--length", "5").assertUserError("--length 5 does not apply "
                + "to --strategy decoupled");
        CommandRun.of(new PlanCommand(), "--data", data.toString(), "--strategy", "one-step", "--length", "20")
                .assertUserError("--length 20 does not apply to --strategy one-step");
        CommandRun.of(new PlanCommand(), "--data", data.toString(), "--sentences", "pad")
                .assertUserError("--sentences applies to --strategy domain");
        CommandRun.of(new PlanCommand(), "--data", data.toString(), "--strategy", "grid", "--length", "20")
                .assertUserError("--length 20 does not apply to --strategy grid");
        CommandRun.of(new PlanCommand(), "--data", data.toString(), "--min-length", "4")
                .assertUserError("--min-length applies to --strategy grid only");
        assertUnchanged(model);
    }

    @Test
    void modelOptionsThatCannotActAreRefused() throws Exception {
        Path data = numbered(60);
        Path model = existingModel();
        train(data, model, "--embedding", "8").assertUserError("--embedding 8 applies to text only");
        train(data, model, "--dropout", "0.2").assertUserError("--dropout 0.2 acts between stacked layers, and --layers is 1");
        train(data, model, "--split", "0.7,0", "--patience", "1").assertUserError("--patience 1 watches the validation loss, "
                + "but --split 0.7,0 leaves no validation data");
        assertUnchanged(model);
        // without patience, an empty validation part is said once, not printed as NaN every epoch
        CommandRun r = train(data, dir.resolve("m2"), "--split", "0.7,0", "--epochs", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("epoch 2/2").doesNotContain("NaN");
        assertThat(r.out()).contains("no validation data").doesNotContain("NaN");
    }

    @Test
    void optionsThatDoNotFitTheFormatOrTaskAreRefused() throws Exception {
        Path text = write("story.txt", "Once upon a time. The end.\n");
        CommandRun.of(new PlanCommand(), "--data", text.toString(), "--columns", "a")
                .assertUserError("--columns does not apply to text (story.txt is read as characters");
        CommandRun.of(new PlanCommand(), "--data", text.toString(), "--missing", "ffill")
                .assertUserError("--missing does not apply to text");
        Path ts = CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts");
        CommandRun.of(new PlanCommand(), "--data", ts.toString(), "--id-column", "id")
                .assertUserError("--id-column does not apply to a .ts file");
        CommandRun.of(new PlanCommand(), "--data", numbered(30).toString(), "--task", "per-step", "--target", "y", "--horizon", "3")
                .assertUserError("--horizon applies to forecasting only, and the task is per-step");
    }

    @Test
    void aModelWhoseScalerWasLostIsRefusedNotEvaluatedUnscaled() throws Exception {
        Path model = dir.resolve("m");
        Path data = numbered(60);
        assertThat(train(data, model, "--columns", "x").code()).isZero();
        Path config = model.resolve("config.json");
        ObjectNode root = (ObjectNode) JSON.readTree(config.toFile());
        assertThat(root.at("/extra/data/scale").asText()).isEqualTo("standard");
        ((ObjectNode) root.at("/extra/data")).putNull("scaler");
        Files.writeString(config, JSON.writeValueAsString(root));
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", data.toString())
                .assertUserError("the features were scaled (standard) at training, but the fitted scaler (extra.data.scaler) "
                        + "is missing");
        CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", data.toString(), "--out",
                dir.resolve("p.csv").toString()).assertUserError("extra.data.scaler");
        assertThat(dir.resolve("p.csv")).doesNotExist();
    }
}
