package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j grid} through {@code execute(args)}. */
class GridCommandTest {

    private static String mackeyGlass() {
        return PlanCommandTest.shared("datasets/mackey-glass-t17/MackeyGlass_t17.txt").toString();
    }

    @Test
    void runsResumesAndSummarises(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("g");
        String[] args = {"grid", "--data", mackeyGlass(), "--strategies", "naive,decoupled", "--lengths", "25,50", "--k", "10:40",
            "--repeats", "2", "--epochs", "1", "--hidden", "8", "--batch", "8", "--out", out.toString(), "--no-progress"};
        String[] budgeted = java.util.Arrays.copyOf(args, args.length + 2);
        budgeted[args.length] = "--budget";
        budgeted[args.length + 1] = "3";
        PlanCommandTest.Run first = PlanCommandTest.run(budgeted);
        assertThat(first.code()).as(first.err()).isZero();
        // naive L=25 and L=50 with (10, 40) train on the same streams (up to the padding at their ends) as decoupled (10, 40)
        String merged = "naive L=25 (10,40) lstm H=8 = naive L=50 (10,40) lstm H=8 = decoupled (10,40) lstm H=8";
        assertThat(first.out()).contains("same training, run once: " + merged)
                .contains("3 configurations x 2 repeats = 6 trials on 2 worker(s), each 1 epoch;").contains("3 of 6 trials done")
                .contains("stopped by the budget");
        PlanCommandTest.Run second = PlanCommandTest.run(args);
        assertThat(second.out()).contains("6 of 6 trials done (3 this run)").contains("train it: bin/tbptt4j train --data")
                .containsPattern("(?m)^rank .* p \\(Holm\\) +updates +seconds +configuration$")
                .containsPattern("(?m)^[1-3] .* " + java.util.regex.Pattern.quote(merged) + "$");
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).hasSize(6);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("configs")).hasSize(3);
        assertThat(s.at("/grid/1/names")).hasSize(3);
        assertThat(s.at("/configs/0/cost/updates").asDouble()).isPositive();
        assertThat(s.at("/configs/0/cost/seconds").asDouble()).isPositive();
        assertThat(s.at("/configs/0/rank").asInt()).isEqualTo(1);
        assertThat(s.at("/configs/0/n").asInt()).isEqualTo(2);
        assertThat(s.at("/analysis/acf").size()).isGreaterThan(100);
        assertThat(out.resolve("report.html")).as("grid writes the page").exists();
        // the baselines beside the configurations, the verdict and the test part, in summary.json and in --json
        assertThat(s.get("baselines").findValuesAsText("name")).contains("persistence");
        assertThat(s.at("/verdict/text").asText()).isNotBlank();
        assertThat(s.at("/test/config_index").asInt()).isEqualTo(s.at("/best/index").asInt());
        assertThat(s.at("/test/rows/0/rmse/0").asDouble()).isPositive();
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        PlanCommandTest.Run json = PlanCommandTest.run(withJson);
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode printed = new ObjectMapper().readTree(json.out());   // the one object, and nothing else
        assertThat(printed.get("baselines")).isEqualTo(s.get("baselines"));
        assertThat(printed.at("/test/rows")).isEqualTo(s.at("/test/rows"));
        // the report is rebuilt from the journal: drop a trial and the statistics follow, without a file changed but the page
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        Files.write(out.resolve("trials.jsonl"), lines.subList(0, 5));
        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        PlanCommandTest.Run report = PlanCommandTest.run("report", out.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(summary);
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).isEqualTo(lines.subList(0, 5));
        assertThat(Files.readString(out.resolve("report.html"))).contains("Trials: 5 of 6 done");
    }

    /** Text: the unigram and bigram rank beside the configurations, in the verdict, summary.json, the report and the test part. */
    @Test
    void aTextGridHasCharacterBaselinesAndATestPartInBitsPerCharacter(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("s.txt"),
                Files.readString(PlanCommandTest.shared("datasets/tiny-shakespeare/input.txt")).substring(0, 12000));
        Path out = dir.resolve("g");
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", text.toString(), "--strategies", "naive", "--lengths", "50",
                "--repeats", "2", "--epochs", "1", "--hidden", "8", "--batch", "8", "--out", out.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("baseline: unigram +validation_loss [0-9.]+ \\(would rank #[12]\\)")
                .contains("baseline: bigram").contains("verdict: ").containsPattern("(?m)^  bigram +log loss [0-9.]+ nats  [0-9.]+ bits "
                        + "per token  perplexity [0-9.]+$");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("baselines").findValuesAsText("name")).containsExactly("unigram", "bigram");
        assertThat(s.at("/test/rows")).hasSize(3);
        assertThat(s.at("/test/rows/2/bits_per_token").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("report.html"))).contains("data-baseline=\"bigram\"").contains("<th>bits per token</th>")
                .contains("data-test-row=\"unigram\"");
    }

    @Test
    void budgetsPerTrialAndRacingAreCheckedAndShown(@TempDir Path dir) throws Exception {
        for (String[] bad : new String[][] {{"--budget-per-trial", "soon"}, {"--budget-per-trial", "500u", "--epochs", "3"},
            {"--race-round", "3"}, {"--race", "--repeats", "4"}, {"--race", "--race-round", "1"}, {"--epochs", "4", "--patience", "4"}}) {
            List<String> a = new java.util.ArrayList<>(List.of("grid", "--data", mackeyGlass(), "--out", dir.resolve("x").toString()));
            a.addAll(List.of(bad));
            PlanCommandTest.Run r = PlanCommandTest.run(a.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad)).containsPattern("--(budget-per-trial|epochs|race-round|race|patience)");
        }
        assertThat(dir.resolve("x")).doesNotExist();
        Path out = dir.resolve("fair");
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--lengths", "25,50", "--repeats", "4",
                "--race", "--race-round", "2", "--budget-per-trial", "120u", "--hidden", "8", "--batch", "8", "--out",
                out.toString(), "--no-progress", "--loss", "mae", "--clip-norm", "0.5");   // train's options, from the same mixin
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("each exactly 120 updates").contains("(at most: racing in rounds of 2 repeats)").contains("racing: ");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/race/round").asInt()).isEqualTo(2);
        assertThat(s.at("/configs/0/cost/updates").asDouble()).isEqualTo(120.0);
        assertThat(s.at("/best/command").asText()).contains("--budget 120u", "--loss mae", "--clip-norm 0.5")
                .doesNotContain("--epochs");
        assertThat(s.at("/configs/0/config/loss").asText()).isEqualTo("mae");
        for (String line : Files.readAllLines(out.resolve("trials.jsonl"))) {
            assertThat(new ObjectMapper().readTree(line).get("updates").asLong()).isEqualTo(120);
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("id=\"race\"", "Every trial made exactly 120 updates.");
    }

    @Test
    void theHorizonStrategyMeasuresFirstAndComparesItsSuggestion(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("h");
        String[] args = {"grid", "--data", mackeyGlass(), "--strategies", "naive,horizon", "--lengths", "25", "--repeats", "2",
            "--epochs", "3", "--hidden", "8", "--batch", "8", "--horizon-max-lag", "30", "--out", out.toString(), "--no-progress"};
        PlanCommandTest.Run r = PlanCommandTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        // a rerun of the same grid takes the horizon its summary holds: the same configurations, nothing trained again
        PlanCommandTest.Run again = PlanCommandTest.run(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("horizon: as measured by the earlier run (summary.json)").contains("(0 this run)");
        JsonNode rerun = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(rerun.get("horizon")).isEqualTo(s.get("horizon"));
        assertThat(rerun.get("grid")).isEqualTo(s.get("grid"));
        assertThat(s.at("/horizon/warm_up").asText()).isEqualTo("naive L=25 lstm H=8");
        assertThat(s.at("/horizon/max_lag").asInt()).isEqualTo(30);
        assertThat(s.at("/horizon/phi")).hasSize(31);
        assertThat(r.out()).contains("horizon: training naive L=25 lstm H=8 as its first trial is").contains("suggested: L = 49")
                .containsPattern("(?m)^suggested: (K = \\d+|none) +gradient horizon: the smallest K with bias\\(K\\) <= 0.1");
        List<String> sources = s.get("advice").findValuesAsText("source");
        assertThat(sources).containsExactly("acf", "horizon");
        if (s.at("/horizon/config").isNull()) {
            assertThat(s.get("configs")).hasSize(1);
            assertThat(r.out()).contains("horizon: nothing to compare: ");
        } else {
            int k = s.at("/horizon/window").asInt();
            String name = "horizon: decoupled (" + k + "," + (2 * k - 1) + ") lstm H=8";
            assertThat(s.get("configs")).hasSize(2);
            assertThat(s.at("/grid/1/names/0").asText()).isEqualTo(name);
            assertThat(s.at("/advice/1/configuration").asText()).isEqualTo(name);
            assertThat(r.out()).containsPattern("(?m)^[12] .* " + java.util.regex.Pattern.quote(name) + "$");
        }
        // the horizon's options without it, and a horizon with nothing to warm up, are refused before any work
        for (String[] bad : new String[][] {{"--strategies", "naive", "--horizon-tolerance", "0.1"},
            {"--strategies", "naive", "--horizon-max-lag", "30"}, {"--strategies", "one-step,horizon"},
            {"--strategies", "naive,horizon", "--horizon-tolerance", "1.5"}}) {
            List<String> a = new java.util.ArrayList<>(List.of("grid", "--data", mackeyGlass(), "--out", dir.resolve("x").toString()));
            a.addAll(List.of(bad));
            PlanCommandTest.Run refused = PlanCommandTest.run(a.toArray(String[]::new));
            assertThat(refused.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(refused.err()).as(String.join(" ", bad)).containsPattern("--(horizon-tolerance|horizon-max-lag|strategies)");
        }
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void badOptionsAreUserErrors(@TempDir Path dir) {
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", dir.toString(), "--budget", "soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--budget").contains("10m");
        r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", dir.toString(), "--strategies", "decoupled");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--k pairs");
    }

    @Test
    void engineOptionsAreCheckedBeforeAnyWork(@TempDir Path dir) {
        Path out = dir.resolve("g");
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", out.toString(), "--engine", "spark");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--engine spark: no such engine here; use one of local, recording").contains("bin/tbptt4j");
        r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", out.toString(), "--slots", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--slots is for --engine recording; add --engine recording, or leave --slots out");
        r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", out.toString(), "--engine", "recording", "--workers", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--workers is for --engine local");
        r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", out.toString(), "--workers", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("tbptt4j: --workers 0: give at least 1");
        r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--out", out.toString(), "--engine", "recording", "--slots", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("tbptt4j: --slots 0: give at least 1");
        assertThat(out).doesNotExist();
    }

    @Test
    void anEngineOnTheClassPathBringsItsNameDescriptionAndSettingsWithNoEditToTheCommandLine(@TempDir Path dir) {
        PlanCommandTest.Run help = PlanCommandTest.run("grid", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("local (a pool of single-threaded workers on this machine)")
                .contains("recording (the tests' engine that counts its trials)").contains("--slots=N").contains("--workers=N");
        int before = RecordingEngine.TRIALS.get();
        PlanCommandTest.Run r = PlanCommandTest.run("grid", "--data", mackeyGlass(), "--strategies", "naive", "--lengths", "25",
                "--repeats", "2", "--epochs", "1", "--hidden", "4", "--batch", "8", "--out", dir.resolve("g").toString(),
                "--no-progress", "--engine", "recording", "--slots", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trials on the recording engine (2 slot(s))").contains("2 of 2 trials done");
        assertThat(RecordingEngine.TRIALS.get() - before).isEqualTo(2);
    }
}
