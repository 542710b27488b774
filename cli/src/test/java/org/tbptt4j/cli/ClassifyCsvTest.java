package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Task;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.experiment.RunConfig;

/**
 * Sequence classification from a long-format CSV (the Japanese Vowels set written as
 * {@code sequence_id,step,ch1..ch12,label}: 270 variable-length sequences, 9 speakers): train with
 * every strategy that fits, evaluate, predict, the Java API, the label gradient's reach, and every bad input.
 */
class ClassifyCsvTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Path csv;

    @BeforeAll
    static void data() throws Exception {
        csv = CommandRun.vowelsCsv(shared);
    }

    /** The data options of the set, then {@code more}. */
    private static String[] data(String... more) {
        List<String> a = new ArrayList<>(List.of("--data", csv.toString(), "--task", "classify", "--id-column", "sequence_id",
                "--time-column", "step", "--target", "label"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** Training options: a small LSTM, one epoch unless {@code more} says otherwise, saved to {@code out}. */
    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(data("--hidden", "12", "--batch", "16")));
        if (!List.of(more).contains("--epochs")) {
            a.addAll(List.of("--epochs", "1"));
        }
        if (out != null) {
            a.addAll(List.of("--out", out.toString()));
        }
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void trainsEvaluatesAndPredictsByClassName(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        CommandRun r = CommandRun.of(new TrainCommand(), args(model, "--epochs", "4", "--json"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        // 9 speakers: chance is 11%; four epochs of a small LSTM do far better
        assertThat(o.get("accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(o.get("sequences_not_spanned").asLong()).isZero();
        JsonNode data = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(data.get("task").asText()).isEqualTo("classify");
        assertThat(data.get("targets").toString()).isEqualTo("[\"label\"]");
        assertThat(data.get("classes").toString()).isEqualTo("[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]");
        assertThat(data.get("features")).hasSize(12);
        // the default layout covers the longest sequence (26 steps): naive pieces of 26, one per sequence
        assertThat(JSON.readTree(model.resolve("config.json").toFile()).at("/extra/training/k2").asInt()).isEqualTo(26);

        CommandRun ev = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", csv.toString(), "--json");
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode e = JSON.readTree(ev.out());
        assertThat(e.get("sequences").asInt()).isEqualTo(270);
        assertThat(e.get("accuracy").asDouble()).isGreaterThan(0.3);
        CommandRun text = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", csv.toString());
        assertThat(text.out()).contains("sequence classification (9 classes)").contains("accuracy    data");

        // predict maps by class name: shuffle the class spellings' order in the file (speaker 9's rows first)
        List<String> lines = Files.readAllLines(csv);
        List<String> reordered = new ArrayList<>(List.of(lines.get(0)));
        lines.subList(1, lines.size()).stream().filter(l -> l.endsWith(",9")).forEach(reordered::add);
        lines.subList(1, lines.size()).stream().filter(l -> !l.endsWith(",9")).forEach(reordered::add);
        Path again = dir.resolve("reordered.csv");
        Files.write(again, reordered);
        Path pred = dir.resolve("pred.csv");
        CommandRun p = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", again.toString(),
                "--out", pred.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> rows = Files.readAllLines(pred);
        assertThat(rows.get(0)).isEqualTo("step,sequence,class,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9");
        assertThat(rows).hasSize(271);
        String[] first = rows.get(1).split(",");
        double sum = 0;
        for (int j = 3; j < first.length; j++) {
            sum += Double.parseDouble(first[j]);
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        // the same model on the reordered file: the same accuracy (classes matched by name, not by order of appearance)
        CommandRun ev2 = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", again.toString(), "--json");
        assertThat(JSON.readTree(ev2.out()).get("accuracy").asDouble()).isEqualTo(e.get("accuracy").asDouble());

        // predict on data without the label column: one row per sequence still
        Path unlabelled = dir.resolve("unlabelled.csv");
        Files.write(unlabelled, lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        CommandRun p2 = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", unlabelled.toString());
        assertThat(p2.code()).as(p2.err()).isZero();
        assertThat(p2.out().lines().count()).isEqualTo(271);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--strategy as-is|0",
            "--strategy packed|0",
            "--strategy naive|0",
            "--strategy packed --length 10|1",
            "--strategy decoupled --k1 5 --k2 40|0"})
    void trainsWithEveryStrategyThatFitsAndSaysWhereTheGradientFallsShort(String strategy, int cut, @TempDir Path dir)
            throws Exception {
        String[] more = (strategy + " --json").split(" ");
        CommandRun r = CommandRun.of(new TrainCommand(), args(dir.resolve("m"), more));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        if (cut == 0) {
            assertThat(o.get("sequences_not_spanned").asLong()).isZero();
        } else {
            // pieces of 10 steps: every sequence longer than 10 (nearly all) loses its start
            assertThat(o.get("fraction_not_spanned").asDouble()).isGreaterThan(0.5);
        }
    }

    @Test
    void planSaysHowManySequencesTheLabelGradientDoesNotSpan() throws Exception {
        CommandRun cutShort = CommandRun.of(new PlanCommand(), data("--strategy", "packed", "--length", "10"));
        assertThat(cutShort.code()).as(cutShort.err()).isZero();
        assertThat(cutShort.out()).containsPattern("warning: the label's gradient does not reach the first step of \\d+ of "
                + "189 sequences \\(\\d+\\.\\d%\\)").contains("--k2 ");
        assertThat(cutShort.out()).contains("9 classes from column 'label'");
        JsonNode json = JSON.readTree(CommandRun.of(new PlanCommand(), data("--strategy", "packed", "--length", "10",
                "--json")).out());
        assertThat(json.get("fraction_not_spanned").asDouble()).isGreaterThan(0.5);
        assertThat(json.get("k2_to_span").asInt()).isGreaterThan(10);
                CommandRun defaults = CommandRun.of(new PlanCommand(), data("--strategy", "packed"));
        assertThat(defaults.out()).contains("reaches the first step of every one of the 189 sequences");
        CommandRun text = CommandRun.of(new TrainCommand(), args(shared.resolve("short"), "--strategy", "packed", "--length", "10"));
        assertThat(text.out()).contains("note        warning: the label's gradient does not reach");
    }

    @Test
    void theJavaApiClassifiesTheCsv() throws Exception {
        CsvOptions csvOptions = CsvOptions.defaults().withIdColumn("sequence_id").withTimeColumn("step");
        DataSpec spec = new DataSpec(csv, DataSpec.Format.CSV, csvOptions, List.of(), List.of("label"),
                DataSpec.TaskKind.CLASSIFY, 1, org.tbptt4j.data.Scaler.Kind.STANDARD, 0.7, 0.15, 1);
        Preparation prep = Preparation.prepare(spec);
        assertThat(prep.task()).isInstanceOf(Task.Classify.class);
        assertThat(prep.classes()).hasSize(9);
        assertThat(prep.train().size() + prep.validation().size() + prep.test().size()).isEqualTo(270);
        RunConfig c = RunConfig.defaults().withModel(org.tbptt4j.model.CellType.LSTM, 12, 1).withEpochs(3)
                .withStrategy("packed", 0, 0, 0);
        Experiment.Outcome out = Experiment.run(prep, c, null);
        assertThat(out.layout().reach().cut()).isZero();
        assertThat(out.validation().accuracy()).isGreaterThan(1.0 / 9);
    }

    /** A bad input: exit 2, one line naming {@code what}, and no model written. */
    private static void refused(Path dir, String what, String... args) {
        CommandRun r = CommandRun.of(new TrainCommand(), args);
        r.assertUserError(what);
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void badInputsAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("m");
        refused(dir, "--strategy one-step", args(m, "--strategy", "one-step"));
        // no label column, or no sequence id
        refused(dir, "--target LABEL", "--data", csv.toString(), "--task", "classify", "--id-column", "sequence_id",
                "--out", m.toString());
        refused(dir, "--id-column", "--data", csv.toString(), "--task", "classify", "--target", "label", "--out", m.toString());
        // a label that changes inside a sequence: the sequence, file and line
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(3, lines.get(3).substring(0, lines.get(3).lastIndexOf(',')) + ",7");
        Path changed = dir.resolve("changed.csv");
        Files.write(changed, lines);
        String[] a = args(m);
        a[1] = changed.toString();
        refused(dir, "changed.csv:line 4, column 'label': sequence 'u1': the label changes from '1' (line 2) to '7'", a);
        // per-step classes on a sequence label: the right task named
        refused(dir, "--task classify and --target label", "--data", csv.toString(), "--task", "per-step", "--id-column",
                "sequence_id", "--time-column", "step", "--target", "label", "--out", m.toString());
        // a .ts file carries its labels: --target does not apply
        refused(dir, "label column --target label does not apply: leave it out", "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--target", "label", "--out",
                m.toString());
    }

    @Test
    void evaluationOfAClassTheModelDoesNotKnowIsRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        assertThat(CommandRun.of(new TrainCommand(), args(model)).code()).isZero();
        List<String> lines = Files.readAllLines(csv).stream().map(l -> l.endsWith(",9") ? l.substring(0, l.length() - 1) + "x"
                : l).toList();
        Path unknown = dir.resolve("unknown.csv");
        Files.write(unknown, lines);
        CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", unknown.toString())
                .assertUserError("has class 'x', which the model does not know");
    }
}
