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
        JsonNode period = null;
        for (JsonNode g : o.get("suggestions")) {
            period = g.path("length").asInt() == 49 ? g : period;
        }
        assertThat(period).as("a suggestion of 49 in " + o.get("suggestions")).isNotNull();
        assertThat(period.path("rule").asText()).contains("ACF peaks at lag 49");
        for (JsonNode v : o.get("pacf")) {
            assertThat(Math.abs(v.asDouble())).as(o.path("pacf_method").asText()).isLessThanOrEqualTo(1);
        }
        assertThat(o.path("pacf_method").asText()).startsWith("unadjusted Yule-Walker");   // adjusted: |pacf_3| = 1.57
        assertThat(o.path("lags_examined").asText()).contains("lags 1..38").contains("lags 1..1000");
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
    void demoRunsTheMainJob(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        PlanCommandTest.Run r = PlanCommandTest.run("demo", "--data", mackeyGlass(), "--repeats", "2", "--epochs", "1",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(java.nio.file.Files.readString(out.resolve("summary.json")));
        // the memory horizon of the domain configuration, measured first; its TBPTT(K, 2K-1) is a ninth configuration
        // unless the horizon suggests none (then the summary says why)
        boolean compared = !summary.at("/horizon/config").isNull();
        assertThat(summary.at("/horizon/warm_up").asText()).startsWith("domain L=");
        assertThat(summary.at("/horizon/phi").size()).isGreaterThan(10);
        assertThat(compared || !summary.at("/horizon/reason").asText().isEmpty()).isTrue();
        assertThat(r.out()).contains("2. analysis").contains("memory horizon: training domain L=")
                .contains("3. grid: " + (compared ? 9 : 8) + " configurations x 2 repeats").contains("report:")
                .contains("suggested: L = ").contains("ACF: ").contains("gradient horizon: the smallest K")
                .contains("baseline: persistence").contains("verdict: ").contains("test: the test part: the last 15%");
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("model/config.json")).exists();
        assertThat(out.resolve("trials.jsonl")).exists();
        // the printed command trains exactly what the demo trained: its epochs and repeat 0's seed
        String command = r.out().lines().filter(l -> l.trim().startsWith("bin/tbptt4j train")).findFirst().orElseThrow().trim();
        assertThat(command).contains("--epochs 1 ").contains("--seed 1000003 ").endsWith("--out " + out.resolve("model"));
        // the saved model is one that evaluate accepts; its test part scores as the demo's test row
        PlanCommandTest.Run e = PlanCommandTest.run("evaluate", "--model", out.resolve("model").toString(), "--data", mackeyGlass(),
                "--part", "test", "--json");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode scored = new ObjectMapper().readTree(e.out());
        assertThat(scored.path("part").asText()).isEqualTo("test");
        JsonNode recommended = summary.path("test").path("rows").get(0);
        assertThat(scored.path("rmse").asDouble()).isCloseTo(recommended.path("rmse").get(0).asDouble(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(summary.path("baselines").size()).isGreaterThanOrEqualTo(2);

        // --json, rerun on the same folder (the journal has every trial): one object, nothing else on standard output
        PlanCommandTest.Run j = PlanCommandTest.run("demo", "--data", mackeyGlass(), "--repeats", "2", "--epochs", "1",
                "--out", out.toString(), "--json");
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(j.out());
        assertThat(j.out().strip().lines()).hasSize(1);
        assertThat(o.path("train_command").asText()).isEqualTo(command);
        assertThat(o.path("summary").path("best").path("label").asText()).isEqualTo(summary.path("best").path("label").asText());
        assertThat(o.path("analysis").path("suggestions").size()).isPositive();
        assertThat(o.path("validation_loss").asDouble()).isPositive();
        assertThat(o.path("report").asText()).endsWith("report.html");
        // the ACF's and the horizon's configurations are scored on the test part too, marked as not used for selection
        assertThat(summary.at("/test/rows").findValuesAsText("name")).anyMatch(n -> n.startsWith("domain L=")
                && n.endsWith("(its repeat 0; not used for selection)"));
    }

    @Test
    void demoWithoutTheHorizonComparesTheEightConfigurations(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        PlanCommandTest.Run r = PlanCommandTest.run("demo", "--data", mackeyGlass(), "--repeats", "1", "--epochs", "1",
                "--no-horizon", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3. grid: 8 configurations x 1 repeats").doesNotContain("memory horizon")
                .doesNotContain("gradient horizon").contains("ACF: ");
        JsonNode summary = new ObjectMapper().readTree(java.nio.file.Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("horizon").isNull()).isTrue();
    }
}
