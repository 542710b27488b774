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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tbptt4j plan} through {@code execute(args)}: plans, JSON, export, and every bad input. */
class PlanCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path shared(String rel) {
        return Path.of(System.getProperty("tbptt4j.shared", "../../shared")).resolve(rel);
    }

    @Test
    void plansALongSeriesAsNaiveStatefulStreams() throws Exception {
        Run r = run("plan", "--data", shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString(), "--length", "50",
                "--batch", "4", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.at("/sequences/total_steps").asInt()).isEqualTo(6999); // 70% of 10,000 minus the horizon
        assertThat(o.at("/layout/streams").asInt()).isEqualTo(4);
        assertThat(o.at("/layout/k1").asInt()).isEqualTo(50);
        assertThat(o.at("/keras/input_shape/1").asInt()).isEqualTo(50);
        assertThat(o.at("/keras/stateful").asBoolean()).isTrue();
        assertThat(o.at("/validation_sequences").asInt()).isEqualTo(1);
    }

    @Test
    void theSplitSeedIsRefusedWhereOneSeriesIsCutInTimeAndTakenWhereSequencesAreSplit() throws Exception {
        Run r = run("plan", "--data", shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString(), "--split-seed", "7");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--split-seed 7 does not apply: MackeyGlass_t17.txt is one series, cut into parts in time")
                .doesNotContain("Exception");
        Run vowels = run("plan", "--data", shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--split-seed", "7",
                "--json");
        assertThat(vowels.code()).as(vowels.err()).isZero();
    }

    @Test
    void plansVariableLengthSequencesPackedAndExportsNpy(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("arrays");
        Run r = run("plan", "--data", shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--strategy", "packed",
                "--length", "10", "--batch", "8", "--export", export.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sequence classification (9 classes)").contains("packed --length 10").contains("8 rows");
        for (String f : new String[] {"x.npy", "y.npy", "mask.npy", "reset.npy"}) {
            byte[] b = Files.readAllBytes(export.resolve(f));
            assertThat(new String(b, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
            int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            assertThat((10 + headerLen) % 64).isZero();
        }
        String header = new String(Files.readAllBytes(export.resolve("x.npy")), 10, 100, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f8'").contains("'shape': (8, 380, 12)");
    }

    @Test
    void plansTextBySentences() {
        Run r = run("plan", "--data", shared("datasets/tiny-shakespeare/input.txt").toString(), "--strategy", "domain",
                "--sentences", "mean", "--batch", "16");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("language modelling (65 tokens)").contains("cut at the mean length").contains("stateful=False");
    }

    @Test
    void gridListsFactorsFirst() throws Exception {
        Run r = run("plan", "--data", shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString(), "--strategy", "grid",
                "--batch", "1", "--json", "--max-length", "100");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(r.out()).get("candidates");
        assertThat(c.get(0).get("factor").asBoolean()).isTrue();
        assertThat(c.get(0).get("padding_fraction").asDouble()).isZero();
    }

    @Test
    void aLengthIsCalledAFactorOnlyWhenItDividesEveryStream(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // issue 14: the hint used the first stream's length, and offered lengths that padded the others
        StringBuilder csv = new StringBuilder("id,v\n");
        int[] lengths = {49, 37, 61, 49, 37, 61, 49, 37, 61, 49};   // next-step forecasting: 48, 36 and 60 supervised steps
        for (int q = 0; q < lengths.length; q++) {
            for (int t = 0; t < lengths[q]; t++) {
                csv.append(q).append(',').append(Math.sin(t / 3.0 + q)).append('\n');
            }
        }
        Path file = dir.resolve("many.csv");
        java.nio.file.Files.writeString(file, csv);
        // one row per sequence (--batch 1), so only the cut pads: rows of unequal totals add padding whatever the length
        Run r = run("plan", "--data", file.toString(), "--id-column", "id", "--strategy", "grid", "--batch", "1", "--json",
                "--split", "1,0");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(r.out()).get("candidates");
        assertThat(c.size()).isPositive();
        for (JsonNode row : c) {
            boolean dividesAll = 12 % row.get("length").asInt() == 0;        // gcd(48, 36, 60) = 12
            assertThat(row.get("factor").asBoolean()).as(row.toString()).isEqualTo(dividesAll);
            if (dividesAll) {
                assertThat(row.get("padding_fraction").asDouble()).as(row.toString()).isZero();
            }
        }
        assertThat(c.get(0).get("factor").asBoolean()).isTrue();
    }

    @Test
    void warnsAboveFourHundredStepsAsIs() {
        Run r = run("plan", "--data", shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString(), "--strategy", "as-is",
                "--batch", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: samples of 6999 steps");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty file||empty",
            "header only|a,b\\n|only line",
            "non-numeric cell|a,b\\n1,2\\n3,x\\n|line 3",
            "ragged row|a,b\\n1,2\\n3\\n|line 3",
            "NaN|a,b\\n1,2\\nNaN,4\\n|line 3",
            "infinity|a,b\\n1,2\\n3,Infinity\\n|line 3"})
    void badFilesGiveOneClearMessageAndExit2(String what, String content, String expected, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content == null ? "" : content.replace("\\n", "\n"));
        Path export = dir.resolve("out");
        Run r = run("plan", "--data", f.toString(), "--length", "1", "--batch", "1", "--export", export.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv").containsIgnoringCase(expected).doesNotContain("\tat org.");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(export).doesNotExist();
    }

    @Test
    void badOptionsNameTheOptionAndWhatToDo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.csv");
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 100; i++) {
            s.append(i).append(',').append(i % 7).append('\n');
        }
        Files.writeString(f, s.toString());
        assertThat(run("plan", "--data", f.toString(), "--length", "0").err()).contains("--length 0 is less than 1 step");
        assertThat(run("plan", "--data", f.toString(), "--length", "500", "--batch", "1").err()).contains("--length 500 is longer than every sequence").contains("give --length ");
        assertThat(run("plan", "--data", f.toString(), "--length", "10", "--batch", "64").err()).contains("--batch 64 streams").contains("give --batch ").doesNotContain("batch = ");
        assertThat(run("plan", "--data", f.toString(), "--columns", "zzz").err()).contains("zzz").contains("[a, b]");
        assertThat(run("plan", "--data", f.toString(), "--strategy", "magic").err()).contains("--strategy").contains("naive");
        assertThat(run("plan", "--data", dir.resolve("missing.csv").toString()).err()).contains("missing.csv").contains("no such file");
        Run r = run("plan", "--data", f.toString(), "--length", "0");
        assertThat(r.code()).isEqualTo(2);
    }
}
