package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class at every step ({@code --task per-step} with a categorical target, cross-entropy through the
 * mask), one-hot features, and the bad inputs: tags "high" / "low" that say whether x is above 0,
 * flipped where the text column {@code mode} is "B", so the model needs {@code --one-hot mode}.
 */
class PerStepClassesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 40 sequences of 20-40 steps: id,step,x,mode,tag,code (code: the tag as 0/1, numbers used as classes). */
    private static Path tags(Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        StringBuilder b = new StringBuilder("id,step,x,mode,tag,code,noise\n");
        for (int i = 0; i < 40; i++) {
            int n = 20 + rng.nextInt(21);
            for (int t = 0; t < n; t++) {
                double x = rng.nextDouble(-1, 1);
                String mode = rng.nextInt(2) == 0 ? "A" : "B";
                boolean high = (x > 0) != mode.equals("B");
                b.append("s").append(i).append(',').append(t).append(',').append(x).append(',').append(mode).append(',')
                        .append(high ? "high" : "low").append(',').append(high ? 1 : 0).append(',')
                        .append(rng.nextDouble()).append('\n');
            }
        }
        Path f = dir.resolve("tags.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void learnsAClassPerStepWithOneHotFeaturesAndPredictsItByName(@TempDir Path dir) throws Exception {
        Path data = tags(dir);
        Path model = dir.resolve("m");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", data.toString(), "--task", "per-step", "--id-column", "id",
                "--time-column", "step", "--target", "tag", "--columns", "x", "--one-hot", "mode", "--strategy", "naive",
                "--length", "10", "--batch", "8", "--hidden", "16", "--epochs", "8", "--lr", "0.03", "--out", model.toString(),
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        // x's sign xor the mode: well above the 50% of guessing, which it cannot beat without the one-hot mode
        assertThat(o.get("accuracy").asDouble()).isGreaterThan(0.8);
        JsonNode recipe = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(recipe.get("features").toString()).isEqualTo("[\"x\",\"mode=A\",\"mode=B\"]");
        assertThat(recipe.get("classes").toString()).isEqualTo("[\"high\",\"low\"]");
        assertThat(recipe.at("/one_hot/0/levels").toString()).isEqualTo("[\"A\",\"B\"]");
        // the class target is not scaled; only x is
        assertThat(recipe.at("/scaler/columns").toString()).isEqualTo("[\"x\"]");

        CommandRun ev = CommandRun.of(new EvaluateCommand(), "--model", model.toString(), "--data", data.toString(), "--json");
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(JSON.readTree(ev.out()).get("accuracy").asDouble()).isGreaterThan(0.8);
        CommandRun p = CommandRun.of(new PredictCommand(), "--model", model.toString(), "--data", data.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> rows = p.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("step,sequence,class,p_high,p_low");
        assertThat(rows).hasSize(1 + (int) (Files.readAllLines(data).size() - 1));
        assertThat(rows.get(1).split(",")[2]).isIn("high", "low");
    }

    @Test
    void wholeNumbersWithCrossEntropyAreClassesAndTextColumnsNotUsedAreNamed(@TempDir Path dir) throws Exception {
        Path data = tags(dir);
        CommandRun plan = CommandRun.of(new PlanCommand(), "--data", data.toString(), "--task", "per-step", "--id-column", "id",
                "--time-column", "step", "--target", "code", "--length", "10");
        assertThat(plan.code()).as(plan.err()).isZero();
        // one note names the text columns left out, with the option that reads them (the library says categorical = mode)
        assertThat(plan.out()).contains("mode is non-numeric ('B' on line 2), left out: --one-hot mode reads it as categories")
                .contains("tag is non-numeric ('low' on line 2), left out: --one-hot tag reads it as categories")
                .doesNotContain("dropped: non-numeric").doesNotContain("categorical = ");
        Path model = dir.resolve("m");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", data.toString(), "--task", "per-step", "--id-column", "id",
                "--time-column", "step", "--target", "code", "--columns", "x", "--loss", "cross-entropy", "--length", "10",
                "--batch", "8", "--hidden", "8", "--epochs", "1", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("per-step classes (2 classes)").contains("accuracy    validation");
        JsonNode recipe = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(recipe.get("classes").toString()).isEqualTo("[\"0\",\"1\"]");
    }

    @Test
    void aForecasterSeesOneHotFeaturesButNeverPredictsThem(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("f");
        CommandRun r = CommandRun.of(new TrainCommand(), "--data", tags(dir).toString(), "--id-column", "id", "--time-column",
                "step", "--columns", "x", "--one-hot", "mode", "--length", "10", "--batch", "8", "--hidden", "4", "--epochs", "1",
                "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode recipe = JSON.readTree(model.resolve("config.json").toFile()).at("/extra/data");
        assertThat(recipe.get("features").toString()).isEqualTo("[\"x\",\"mode=A\",\"mode=B\"]");
        assertThat(recipe.get("targets").toString()).doesNotContain("mode");
    }

    @Test
    void badInputsAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path data = tags(dir);
        Path m = dir.resolve("m");
        String[] base = {"--data", data.toString(), "--task", "per-step", "--id-column", "id", "--time-column", "step",
                "--length", "10", "--out", m.toString()};
        // cross-entropy on a numeric column that is not class labels: the column named
        run(base, "--target", "noise", "--loss", "cross-entropy").assertUserError("column 'noise' holds numbers such as");
        // a numeric loss on a class target
        run(base, "--target", "tag", "--loss", "mse").assertUserError("--loss mse does not fit per-step classes");
        // a one-hot column that is not there; a one-hot column that is the target
        run(base, "--target", "tag", "--one-hot", "nope").assertUserError("column 'nope': no such column");
        run(base, "--target", "tag", "--one-hot", "tag").assertUserError("--one-hot tag");
        // forecasting a text column
        run(new String[] {"--data", data.toString(), "--id-column", "id", "--time-column", "step", "--length", "10",
                "--out", m.toString()}, "--target", "tag").assertUserError("column 'tag' is non-numeric ('low' on line 2): it holds text");
        assertThat(m).doesNotExist();
    }

    private static CommandRun run(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandRun.of(new TrainCommand(), all);
    }
}
