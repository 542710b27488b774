package org.tbptt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.Dataset;
import org.tbptt4j.Model;
import org.tbptt4j.Trainer;
import org.tbptt4j.cli.Main;
import org.tbptt4j.experiment.StrategySpec;
import org.tbptt4j.metrics.Metrics;

/**
 * The library as a Java user meets it, through the front door only ({@link Dataset}, {@link Trainer},
 * {@link Model}): train on the bundled data, save, load in a fresh JVM, evaluate and predict; the
 * command line accepts the model saved from Java and measures the same numbers.
 */
class FrontDoorTest {

    static final Path SERIES = Path.of("data/mackey-glass-t17/MackeyGlass_t17.txt");
    static final double[][] STEPS = {{-0.2}, {0.0}, {0.2}};

    @Test
    void aForecasterSavedFromJavaLoadsInAFreshJvmAndInTheCommandLine(@TempDir Path tmp) throws Exception {
        Model model = Trainer.lstm(16).strategy(StrategySpec.naive(50)).epochs(2).seed(7).fit(Dataset.read(SERIES));
        Path dir = tmp.resolve("model");
        model.save(dir);
        Metrics here = model.evaluate(SERIES);
        double[][] next = model.predict(STEPS);

        // a fresh JVM: nothing but the directory carries the model and its scaler
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",   // the kernels this JVM runs, so the numbers agree to the bit
                "-cp", System.getProperty("java.class.path"), SavedModelUser.class.getName(), dir.toString(), SERIES.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.startsWith("rmse ") || l.startsWith("next ")).toList();
        assertThat(lines).as(out).hasSize(2);
        assertThat(Double.parseDouble(lines.get(0).split(" ")[1])).isEqualTo(here.rmse());
        String[] w = lines.get(1).split(" ");
        for (int t = 0; t < 3; t++) {
            assertThat(Double.parseDouble(w[t + 1])).isEqualTo(next[t][0]).isBetween(-0.6, 0.4);   // the series' units
        }
        assertThat(here.rmse()).isFinite().isLessThan(0.216);   // below the series' standard deviation

        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        int rc = Main.execute(new PrintWriter(cliOut), new PrintWriter(cliErr), "evaluate", "--model", dir.toString(),
                "--data", SERIES.toString(), "--json");
        assertThat(rc).as(cliErr.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(cliOut.toString());
        assertThat(json.get("rmse").asDouble()).isEqualTo(here.rmse());
        assertThat(json.get("loss").asDouble()).isEqualTo(here.loss());

        // one part, cut as the training split cut the series: the test part after a warm-up over the spans before it
        Model.Evaluation test = model.evaluate(SERIES, "test");
        assertThat(test.part()).isEqualTo("test");
        assertThat(test.steps()).isEqualTo(1499);   // 15% of 10,000 values, one step short (next-step targets)
        assertThat(test.warmUpSteps()).isEqualTo(8500);
        cliOut.getBuffer().setLength(0);
        rc = Main.execute(new PrintWriter(cliOut), new PrintWriter(cliErr), "evaluate", "--model", dir.toString(),
                "--data", SERIES.toString(), "--part", "test", "--json");
        assertThat(rc).as(cliErr.toString()).isZero();
        json = new ObjectMapper().readTree(cliOut.toString());
        assertThat(json.get("rmse").asDouble()).isEqualTo(test.metrics().rmse());
        assertThat(json.get("part_description").asText()).isEqualTo(test.partDescription());
        assertThat(json.get("warm_up_steps").asLong()).isEqualTo(8500);
        assertThat(test.metrics().count()).isEqualTo(1499);
        assertThatThrownBy(() -> model.evaluate(SERIES, "tset")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("part = 'tset': use train, validation, test or all");
    }

    @Test
    void aVowelClassifierThroughTheFrontDoor(@TempDir Path tmp) throws Exception {
        Dataset train = Dataset.read(Path.of("data/japanese-vowels/JapaneseVowels_TRAIN.ts"));
        Model model = Trainer.lstm(16).strategy(StrategySpec.packed()).batch(8).epochs(2).seed(3).fit(train);
        model.save(tmp.resolve("vowels"));
        Model loaded = Model.load(tmp.resolve("vowels"));
        assertThat(loaded.classes()).hasSize(9);
        Metrics test = loaded.evaluate(Path.of("data/japanese-vowels/JapaneseVowels_TEST.ts"));
        assertThat(test.classification().count()).isEqualTo(370);
        assertThat(test.classification().accuracy()).isGreaterThan(0.3);   // chance is 1/9
        double[][] utterance = new double[20][12];                           // 20 steps of the 12 coefficients, zeros
        assertThat(loaded.classes()).contains(loaded.classify(utterance));
        assertThat(loaded.predict(utterance)[19]).hasSize(9);
    }

    @Test
    void aWidthMismatchNamesBothWidths() throws Exception {
        double[][] steps = new double[300][];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = new double[] {Math.sin(t / 5.0), Math.cos(t / 7.0)};
        }
        Model model = Trainer.gru(4).strategy(StrategySpec.naive(20)).batch(4).epochs(1).fit(Dataset.of(steps, "a", "b"));
        assertThat(model.features()).containsExactly("a", "b");
        assertThatThrownBy(() -> model.predict(new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps[0] has 1 value(s), but the model reads 2");
    }
}
