package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j analyze} and {@code tbptt4j demo} through {@code execute(args)}. */
class AnalyzeAndDemoCommandTest {

    private static String mackeyGlass() {
        return PlanCommandTest.shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString();
    }

    @Test
    void analyzeSuggestsTheMackeyGlassPeriod() throws Exception {
        PlanCommandTest.Run r = PlanCommandTest.run("analyze", "--data", mackeyGlass(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("acf").size()).isEqualTo(201);
        assertThat(o.get("acf").get(0).asDouble()).isEqualTo(1.0);
        assertThat(o.path("pacf_band").asDouble()).isBetween(0.02, 0.03);
        assertThat(o.get("suggestions").get(0).path("length").asInt()).isEqualTo(49);
        assertThat(o.get("suggestions").get(0).path("rule").asText()).contains("ACF peaks at lag 49");
        PlanCommandTest.Run text = PlanCommandTest.run("analyze", "--data", mackeyGlass(), "--lags", "20");
        assertThat(text.out()).contains("lag").contains("suggested subsequence lengths");
    }

    @Test
    void analyzeTextGivesTheSentenceLengths() {
        PlanCommandTest.Run r = PlanCommandTest.run("analyze", "--data",
                PlanCommandTest.shared("datasets/ptb/ptb.valid.txt").toString(), "--format", "words");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sentences").contains("cut at the mean").contains("pad to the 90th percentile");
    }

    @Test
    void analyzeRejectsBadLags() {
        PlanCommandTest.Run r = PlanCommandTest.run("analyze", "--data", mackeyGlass(), "--lags", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--lags");
    }

    @Test
    void demoRunsTheMainJob(@TempDir Path dir) {
        Path out = dir.resolve("demo");
        PlanCommandTest.Run r = PlanCommandTest.run("demo", "--data", mackeyGlass(), "--repeats", "2", "--epochs", "1",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2. analysis").contains("3. grid: 8 configurations x 2 repeats").contains("report:")
                .contains("train it again with:");
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("model/config.json")).exists();
        assertThat(out.resolve("trials.jsonl")).exists();
    }
}
