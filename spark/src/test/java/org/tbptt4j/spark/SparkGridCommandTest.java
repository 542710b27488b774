package org.tbptt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.cli.Main;

/** {@code tbptt4j grid --engine spark}: found through the service file, same journal and summary as the local engine. */
class SparkGridCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] grid(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("grid", "--data", data.toString(), "--strategies", "naive,decoupled", "--lengths",
                "20,40", "--k", "5:15", "--repeats", "2", "--epochs", "2", "--hidden", "6", "--batch", "4", "--out", out.toString(),
                "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static Map<String, String> metrics(Path journal) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode t = JSON.readTree(line);
            assertThat(m.put(t.path("key").asText(), t.path("metric").toString() + " " + t.path("epochs").findValues("train_loss")))
                    .isNull();
        }
        return m;
    }

    /** Starts Spark and runs the grid twice: over 10 s on two busy cores: {@code mvn verify -Pfull}, which CI runs. */
    @Test
    @Tag("long")
    void sparkAndLocalEnginesWriteTheSameTrialsAndRanking(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("tbptt4j.shared", "../../shared"), "datasets/mackey-glass-t17/MackeyGlass_t17.txt");
        String spark = run(grid(data, dir.resolve("spark"), "--engine", "spark", "--master", "local[2]"));
        // TBPTT(5, 15) is asked for three times (naive L=20 and L=40, decoupled) and runs once: 3 configurations
        assertThat(spark).contains("on Spark at local[2]").contains("6 of 6 trials done (6 this run)");
        String local = run(grid(data, dir.resolve("local"), "--workers", "2"));
        assertThat(local).contains("6 of 6 trials done");
        assertThat(metrics(dir.resolve("spark/trials.jsonl"))).hasSize(6).isEqualTo(metrics(dir.resolve("local/trials.jsonl")));
        JsonNode s = JSON.readTree(dir.resolve("spark/summary.json").toFile());
        JsonNode l = JSON.readTree(dir.resolve("local/summary.json").toFile());
        assertThat(s.path("configs").findValues("label")).isEqualTo(l.path("configs").findValues("label"));
        assertThat(s.path("configs").findValues("mean")).isEqualTo(l.path("configs").findValues("mean"));
        assertThat(s.at("/best/command").asText()).isEqualTo(l.at("/best/command").asText());
        // a rerun on Spark finds nothing left to do
        assertThat(run(grid(data, dir.resolve("spark"), "--engine", "spark", "--master", "local[2]"))).contains("(0 this run)");
    }

    @Test
    void theSparkProvidersSettingIsAGridOptionCheckedBeforeSparkStarts(@TempDir Path dir) {
        Path data = Path.of(System.getProperty("tbptt4j.shared", "../../shared"), "datasets/mackey-glass-t17/MackeyGlass_t17.txt");
        // the engine's own words (master = ...) come out as the option's; the other engine's option is refused
        assertThat(fails(grid(data, dir.resolve("g"), "--engine", "spark", "--master", "nowhere")))
                .contains("tbptt4j: --master 'nowhere' is not a Spark master URL");
        assertThat(fails(grid(data, dir.resolve("g"), "--engine", "spark", "--workers", "2")))
                .contains("tbptt4j: --workers is for --engine local; add --engine local, or leave --workers out");
        assertThat(fails(grid(data, dir.resolve("g"), "--master", "local[2]")))
                .contains("tbptt4j: --master is for --engine spark; add --engine spark, or leave --master out");
        assertThat(dir.resolve("g")).doesNotExist();
    }

    /** The standard error of a run that must fail as a usage error. */
    private static String fails(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new PrintWriter(out), new PrintWriter(err), args)).as(out.toString()).isEqualTo(2);
        return err.toString();
    }
}
