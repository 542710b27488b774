package org.tbptt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged engine against the local one: {@code spark/standalone.sh} (a standalone master and
 * worker on loopback) and {@code spark-submit} of {@code tbptt4j-spark.jar} run a grid whose journal
 * equals {@code bin/tbptt4j grid}'s on the local engine. Runs after {@code package} (failsafe), on the
 * jars a user runs.
 */
class StandaloneClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String run(Path log, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished in 5 minutes").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Map<String, String> results(Path journal) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode t = JSON.readTree(line);
            assertThat(m.put(t.path("key").asText(), t.path("metric") + " " + t.path("epochs").findValues("validation_loss")))
                    .as("each trial once").isNull();
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final List<String> GRID = List.of("--data", ROOT.resolve("data/mackey-glass-t17/MackeyGlass_t17.txt").toString(),
            // naive L=25 (10,30) and decoupled (10,30) train identically and run once: 2 configurations x 2 repeats
            "--strategies", "naive,decoupled", "--lengths", "25", "--k", "10:30", "--hidden", "8", "--epochs", "2", "--repeats", "2",
            "--no-progress");

    /** The local engine's journal of GRID. */
    private static Map<String, String> local(Path dir) throws Exception {
        List<String> local = new ArrayList<>(List.of("bin/tbptt4j", "grid"));
        local.addAll(GRID);
        local.addAll(List.of("--workers", "2", "--out", dir.resolve("local").toString()));
        run(dir.resolve("local.log"), Map.of(), local.toArray(String[]::new));
        return results(dir.resolve("local/trials.jsonl"));
    }

    @Test
    void aLoopbackClusterRunsTheGridAsTheLocalEngineDoes(@TempDir Path dir) throws Exception {
        List<String> grid = GRID;
        List<String> cluster = new ArrayList<>(List.of("spark/standalone.sh"));
        cluster.addAll(grid);
        cluster.addAll(List.of("--out", dir.resolve("cluster").toString()));
        String out = run(dir.resolve("cluster.log"), Map.of("SPARK_MASTER_PORT", String.valueOf(freePort()), "WORKER_CORES", "2",
                "WORKER_MEMORY", "1g"), cluster.toArray(String[]::new));
        assertThat(out).contains("worker registered").contains("trials on Spark at spark://127.0.0.1:")
                .contains("4 of 4 trials done (4 this run)").contains("master and worker stopped");
        assertThat(results(dir.resolve("cluster/trials.jsonl"))).hasSize(4).isEqualTo(local(dir));
    }

    @Test
    void sparkSubmitRunsTheShadedJar(@TempDir Path dir) throws Exception {
        // what $SPARK_HOME/bin/spark-submit runs: SparkSubmit on Spark's jars, with the application jar and its arguments
        List<String> submit = new ArrayList<>(List.of("java"));
        submit.addAll(List.of(System.getProperty("spark.java.options").trim().split("\\s+")));
        submit.addAll(List.of("-cp", Files.readString(ROOT.resolve("spark/target/spark-classpath.txt")).trim(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "spark/target/tbptt4j-spark.jar", "grid"));
        submit.addAll(GRID);
        submit.addAll(List.of("--engine", "spark", "--out", dir.resolve("submitted").toString()));
        String out = run(dir.resolve("submit.log"), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), submit.toArray(String[]::new));
        assertThat(out).contains("4 of 4 trials done (4 this run)");
        assertThat(results(dir.resolve("submitted/trials.jsonl"))).hasSize(4).isEqualTo(local(dir));
    }
}
