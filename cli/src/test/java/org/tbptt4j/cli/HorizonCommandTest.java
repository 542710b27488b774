package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tbptt4j horizon} on a saved forecaster, {@code train --adaptive-k2}, and their user errors. */
class HorizonCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;

    static Path forecaster;

    @BeforeAll
    static void train() {
        forecaster = models.resolve("mg");
        CommandRun r = CommandRun.trainForecaster(forecaster);
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static CommandRun horizon(String... more) {
        String[] base = {"--model", forecaster.toString(), "--data", CommandRun.mackeyGlass().toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CommandRun.of(new HorizonCommand(), args);
    }

    @Test
    void jsonHasEveryLagTheFitAndOneSuggestionPerTolerance() throws Exception {
        CommandRun r = horizon("--max-lag", "40", "--tolerance", "0.1,0.01", "--positions", "16", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("phi")).hasSize(41);
        assertThat(o.get("median")).hasSize(41);
        assertThat(o.get("samples").asInt()).isEqualTo(16);   // one stream row for one series
        double first = o.get("phi").get(1).asDouble();
        double last = o.get("phi").get(40).asDouble();
        assertThat(last).as("the gradient decays").isPositive().isLessThan(first);
        JsonNode fit = o.get("fit");
        assertThat(fit.get("beta").asDouble()).isStrictlyBetween(0.0, 1.0);
        assertThat(fit.get("beta_low").asDouble()).isLessThanOrEqualTo(fit.get("beta").asDouble());
        JsonNode s = o.get("suggestions");
        assertThat(s).hasSize(2);
        int loose = s.get(0).get("k2").asInt();
        int tight = s.get(1).get("k2").asInt();
        assertThat(loose).isBetween(1, 40);
        assertThat(tight).as("a tighter tolerance needs a longer window").isGreaterThan(loose);
        assertThat(s.get(0).get("bias").asDouble()).isLessThanOrEqualTo(0.1);
        assertThat(o.get("bias").get(loose - 1).asDouble()).as("the window just shorter is above the tolerance").isGreaterThan(0.1);
    }

    @Test
    void textShowsACompactTableTheDecayAndTheSuggestions() {
        CommandRun r = horizon("--max-lag", "60", "--positions", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("lag           phi", "decay       phi_k ~ C beta^k from lag", "k2          ", "at tolerance 0.1",
                "at tolerance 0.01", "rule        ");
        long rows = r.out().lines().filter(l -> l.matches("^\\d+ .*")).count();
        assertThat(rows).as("a compact table, not all 61 lags").isLessThanOrEqualTo(HorizonCommand.TABLE_ROWS);
        assertThat(r.out()).containsPattern("\\n60 ");
    }

    @Test
    void aClassifierIsMeasuredAtTheStepsWhereItsLossCounts(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("vowels");
        CommandRun t = CommandRun.of(new TrainCommand(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TRAIN.ts").toString(), "--strategy", "packed",
                "--length", "10", "--batch", "8", "--hidden", "8", "--epochs", "1", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        CommandRun r = CommandRun.of(new HorizonCommand(), "--model", model.toString(), "--data",
                CommandRun.shared("datasets/japanese-vowels/JapaneseVowels_TEST.ts").toString(), "--max-lag", "30",
                "--positions", "20", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("samples").asInt()).as("one sample per sequence end at the sampled steps").isPositive();
        // utterances are 7 to 29 steps long and each starts from a reset: nothing reaches back 30 steps
        assertThat(o.get("phi").get(30).asDouble()).isZero();
        assertThat(o.get("tail").asDouble()).isZero();
        assertThat(o.get("suggestions").get(0).get("k2").asInt()).isBetween(1, 29);
    }

    @Test
    void tableLagsKeepTheFirstLagsAndTheLast() {
        assertThat(HorizonCommand.tableLags(5)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(HorizonCommand.tableLags(200)).startsWith(0, 1, 2, 3).endsWith(200).hasSizeLessThanOrEqualTo(HorizonCommand.TABLE_ROWS);
    }

    @Test
    void badInputIsAOneLineUsageError() {
        horizon("--max-lag", "0").assertUserError("--max-lag must be at least 1, got 0");
        horizon("--tolerance", "0.1,1.5").assertUserError("--tolerance 1.5: a relative bias in (0, 1)");
        horizon("--positions", "0").assertUserError("--positions must be at least 1");
        horizon("--max-lag", "20000").assertUserError("fewer than --max-lag 20000; give a smaller --max-lag or a longer file");
        CommandRun.of(new HorizonCommand(), "--model", models.resolve("none").toString(), "--data",
                CommandRun.mackeyGlass().toString()).assertUserError("none");
    }

    @Test
    void adaptiveTrainingRecordsTheK2OfEachEpoch(@TempDir Path dir) throws Exception {
        CommandRun r = CommandRun.trainForecaster(dir.resolve("a"), "--adaptive-k2", "0.1", "--k2-min", "5",
                "--k2-max", "30", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode k2s = JSON.readTree(r.out()).get("k2_per_epoch");
        assertThat(k2s).hasSize(2);
        assertThat(k2s.get(0).asInt()).as("the first epoch runs with the configured k2").isEqualTo(50);
        assertThat(k2s.get(1).asInt()).as("epoch 2's k2 within the bounds").isBetween(5, 30);
        JsonNode saved = JSON.readTree(dir.resolve("a").resolve("config.json").toFile()).get("extra");
        assertThat(saved.get("summary").get("k2_per_epoch")).isEqualTo(k2s);
        assertThat(saved.get("training").get("adaptive_k2").get("k2_max").asInt()).isEqualTo(30);
        CommandRun text = CommandRun.trainForecaster(dir.resolve("t"), "--adaptive-k2", "0.1", "--k2-max", "30");
        assertThat(text.out()).contains("k2          adaptive (tolerance 0.1), per epoch: 50, " + k2s.get(1).asInt());
        // the epoch lines on the error stream say when k2 changed
        assertThat(text.err()).containsPattern("(?m)^epoch 2/2 .*, k2 " + k2s.get(1).asInt() + " \\(was 50\\)\\)$");
        CommandRun plain = CommandRun.trainForecaster(dir.resolve("p"), "--json");
        assertThat(JSON.readTree(plain.out()).get("k2_per_epoch")).hasSize(2).allMatch(k -> k.asInt() == 50);
    }

    @Test
    void adaptiveOptionsThatDoNotApplyAreRefused(@TempDir Path dir) {
        CommandRun.trainForecaster(dir.resolve("a"), "--k2-min", "5")
                .assertUserError("--k2-min applies only with --adaptive-k2 TOL");
        CommandRun.trainForecaster(dir.resolve("a"), "--k2-max", "5")
                .assertUserError("--k2-max applies only with --adaptive-k2 TOL");
        CommandRun.trainForecaster(dir.resolve("a"), "--adaptive-k2", "1")
                .assertUserError("--adaptive-k2 is a relative truncation bias in (0, 1)");
        CommandRun.trainForecaster(dir.resolve("a"), "--adaptive-k2", "0.1", "--k2-min", "9", "--k2-max", "5")
                .assertUserError("1 <= --k2-min <= --k2-max, got 9 and 5");
    }
}
