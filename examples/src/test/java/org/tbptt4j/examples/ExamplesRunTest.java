package org.tbptt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples briefly (from the project root, where their data paths point) and checks what they print. */
class ExamplesRunTest {

    private static String run(ThrowingMain main, String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingMain {
        void run(String[] args) throws Exception;
    }

    @Test
    void quickStartShowsTheLossFallingThenUsesTheSavedModel(@TempDir Path tmp) throws Exception {
        List<String> lines = run(QuickStart::main, "4", tmp.resolve("mg-model").toString()).lines().toList();
        List<String> epochs = lines.stream().filter(l -> l.startsWith("epoch")).toList();
        assertThat(epochs).hasSize(4);
        double first = Double.parseDouble(epochs.get(0).split("\\s+")[3]);
        double last = Double.parseDouble(epochs.get(3).split("\\s+")[3]);
        assertThat(last).isLessThan(first);
        assertThat(after(lines, "RMSE")).isFinite().isLessThan(0.216);   // the series' standard deviation
        String[] next = lines.get(lines.size() - 1).split("\\s+");
        for (int i = 1; i <= 3; i++) {
            assertThat(Double.parseDouble(next[i])).isBetween(-0.6, 0.4);   // in the series' units (it spans -0.53 to 0.31)
        }
    }

    /** The number after {@code prefix} on the line that starts with it. */
    private static double after(List<String> lines, String prefix) {
        String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
                () -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
        return Double.parseDouble(line.substring(prefix.length()).trim().split("\\s+")[0]);
    }

    @Test
    void statefulForecasterBeatsTheSeriesSpread() throws Exception {
        List<String> lines = run(StatefulForecaster::main, "1").lines().toList();
        assertThat(lines.get(0)).startsWith("domain --length 49");     // the ACF analysis finds the period
        double rmse = after(lines, "validation RMSE");
        double[] v = Files.readAllLines(Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt")).stream()
                .filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);   // 0.216
        assertThat(rmse).isFinite().isLessThan(std);   // one epoch gives about 0.035
    }

    @Test
    void memoryHorizonFindsNoLongMemoryInWhiteNoise() throws Exception {
        List<String> lines = run(MemoryHorizon::main, "noise", "1", "500").lines().toList();
        assertThat(lines.get(0)).startsWith("noise, TBPTT(10, 19), 1 epochs: validation loss");
        assertThat(after(lines, "suggested k2 at tolerance 0.1:")).isLessThan(5);
        assertThat(lines).contains("no long memory");
    }

    @Test
    void vowelClassifierBeatsChance() throws Exception {
        List<String> lines = run(VowelClassifier::main, "1").lines().toList();
        String last = lines.get(lines.size() - 1);   // accuracy: validation A (41 utterances), test A (370 utterances)
        assertThat(last).startsWith("accuracy:").contains("(41 utterances)").contains("(370 utterances)");
        String[] w = last.split("\\s+");
        double validation = Double.parseDouble(w[2]);
        double test = Double.parseDouble(w[6]);
        // chance is 1/9 = 0.111; one epoch gives about 0.68 and 0.71
        assertThat(validation).isGreaterThan(0.4);
        assertThat(test).isGreaterThan(0.4);
    }

    @Test
    void fixedLagCopyWritesTheInputDelayedByMAsTheTarget(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("copy.csv");
        String out = run(FixedLagCopy::main, f.toString(), "100", "10", "3");
        assertThat(out).contains("100 steps, m = 10; no-memory perplexity 1.866");
        List<String[]> rows = Files.readAllLines(f).stream().skip(1).map(l -> l.split(",")).toList();
        assertThat(rows).hasSize(100);
        for (int t = 0; t < 100; t++) {
            assertThat(rows.get(t)[0]).isEqualTo(Integer.toString(t));
            // strings of 10 (the start marker, 9 symbols), then 10 blanks; the target is the input 10 steps back
            String x = rows.get(t)[1];
            assertThat(x).isEqualTo(t % 20 == 0 ? "S" : t % 20 >= 10 ? "_" : x).isIn("S", "_", "a", "b", "c", "d");
            assertThat(rows.get(t)[2]).isEqualTo(t < 10 ? "_" : rows.get(t - 10)[1]);
        }
        assertThat(Files.readString(f)).contains(",a,").contains(",d,");
        assertThat(Files.list(dir).toList()).containsExactly(f);   // written atomically: no temporary left
    }

    /** A long run (the character model trains for a while): {@code mvn verify -Pfull}, which CI runs. */
    @Test
    @Tag("long")
    void charLanguageModelLearnsAndSamples() throws Exception {
        String out = run(CharLanguageModel::main, "1", "100000");
        List<String> lines = out.lines().toList();
        String last = lines.get(lines.size() - 1);   // validation B bits per character after 1 epoch(s)
        assertThat(last).startsWith("validation ").endsWith(" bits per character after 1 epoch(s)");
        double bits = Double.parseDouble(last.split("\\s+")[1]);
        // uniform over 65 characters is log2(65) = 6.02 bits; one epoch on 100,000 characters gives about 2.9
        assertThat(bits).isFinite().isLessThan(Math.log(65) / Math.log(2));
        String header = "--- 200 characters sampled at temperature 0.8 ---\n";
        assertThat(out).contains(header);
        String sample = out.substring(out.indexOf(header) + header.length(), out.lastIndexOf("\nvalidation "));
        assertThat(sample).hasSize(200);
        String vocabulary = Files.readString(Path.of("data/tiny-shakespeare/input.txt")).chars().distinct()
                .mapToObj(Character::toString).collect(Collectors.joining());
        assertThat(sample.chars()).allMatch(c -> vocabulary.indexOf(c) >= 0);
    }
}
