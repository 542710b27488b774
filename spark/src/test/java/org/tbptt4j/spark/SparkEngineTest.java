package org.tbptt4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tbptt4j.data.CsvOptions;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Scaler;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridSearch;
import org.tbptt4j.experiment.LocalEngine;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.TrialRecord;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.OptimizerConfig;

/**
 * The Spark engine in {@code local[2]}: the same journal as the local engine, trial by trial, whatever
 * retries happen; resumable, also across engines.
 */
class SparkEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Preparation prep;
    static Grid grid;
    /** The local engine's journal of the grid, by trial key. */
    static Map<String, TrialRecord> local;

    /** A noisy two-frequency series with a missing value (the reader options must reach the executors). */
    static Path series(Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder s = new StringBuilder("t;level;flow\n");
        for (int t = 0; t < 600; t++) {
            double level = Math.sin(t * 0.21) + 0.5 * Math.sin(t * 0.047) + 0.1 * rng.nextGaussian();
            s.append(t).append(';').append(t == 77 ? "" : String.valueOf(level)).append(';')
                    .append(Math.cos(t * 0.13)).append('\n');
        }
        Path f = dir.resolve("series.csv");
        Files.writeString(f, s.toString());
        return f;
    }

    static DataSpec spec(Path file) {
        CsvOptions csv = new CsvOptions(List.of("level", "flow"), null, "t", Missing.INTERPOLATE, ';', true);
        return new DataSpec(file, DataSpec.Format.CSV, csv, List.of(), List.of("level"), DataSpec.TaskKind.FORECAST, 2,
                Scaler.Kind.MINMAX, 0.75, 0.25, 9);
    }

    @BeforeAll
    static void runLocally() throws Exception {
        prep = Preparation.prepare(spec(series(shared)));
        RunConfig base = RunConfig.defaults().withModel(CellType.GRU, 6, 1).withEpochs(2).withBatch(3)
                .withTraining(OptimizerConfig.Kind.ADAM, 0.02, 1.0, 0);
        grid = new Grid(List.of(base.withStrategy("naive", 20, 0, 0), base.withStrategy("naive", 25, 5, 10),
                base.withModel(CellType.LSTM, 5, 2).withStrategy("decoupled", 0, 4, 12)), 2, 11);
        GridSearch.Result r = GridSearch.run(prep, grid, shared.resolve("local"), new LocalEngine(2), GridSearch.Budget.none(), null);
        assertThat(r.done()).isEqualTo(6);
        local = byKey(r.trials());
    }

    static Map<String, TrialRecord> byKey(List<TrialRecord> trials) {
        Map<String, TrialRecord> m = new TreeMap<>();
        for (TrialRecord t : trials) {
            assertThat(m.put(t.key(), t)).as("trial %s in the journal once", t.trial()).isNull();
        }
        return m;
    }

    /** Everything a trial's result is, as the journal holds it: all but the timings, host facts and finishing time. */
    static JsonNode result(TrialRecord trial) throws Exception {
        JsonNode o = JSON.readTree(trial.toJson()); // as read back from a journal line
        ((com.fasterxml.jackson.databind.node.ObjectNode) o).remove(List.of("seconds", "finished_at"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) o.path("provenance")).remove(List.of("java", "tbptt4j"));
        for (JsonNode e : o.path("epochs")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("seconds");
        }
        return o;
    }

    static void assertSameAsLocal(List<TrialRecord> trials) throws Exception {
        Map<String, TrialRecord> spark = byKey(trials);
        assertThat(spark.keySet()).isEqualTo(local.keySet());
        for (String key : local.keySet()) {
            assertThat(result(spark.get(key))).as(key).isEqualTo(result(local.get(key)));
        }
    }

    @Test
    void describesTheDataAndGridForExecutorsLosslessly() throws Exception {
        JsonNode j = JSON.readTree(JSON.writeValueAsString(TrialTask.describe(prep.spec(), grid, "abc")));
        assertThat(JSON.treeToValue(j.path("grid"), Grid.class)).isEqualTo(grid);
        DataSpec back = JSON.treeToValue(j.path("data_spec"), DataSpec.class);
        assertThat(back).isEqualTo(prep.spec());
        assertThat(j.path("file_name").asText()).isEqualTo("series.csv");
        assertThat(j.path("kernels").asText()).isEqualTo(org.tbptt4j.f32.MatMul.fastKernels()).startsWith("Vector API");
    }

    @Test
    void sparkGivesTheLocalEnginesJournalTrialByTrial(@TempDir Path dir) throws Exception {
        GridSearch.Result r = GridSearch.run(prep, grid, dir, new SparkEngine("local[2]"), GridSearch.Budget.none(), null);
        assertThat(r.done()).isEqualTo(grid.size());
        assertThat(r.ranThisTime()).isEqualTo(grid.size());
        assertThat(local.values()).allSatisfy(t -> assertThat(t.metric()).isNotNull());
        assertSameAsLocal(r.trials());
        assertThat(Files.readAllLines(dir.resolve(GridSearch.JOURNAL))).hasSize(grid.size());
    }

    @Test
    void retriedTasksNeverDuplicateATrial(@TempDir Path dir) throws Exception {
        // local[2,3]: two cores, a task may fail 3 times; the first attempts of two trials fail as if their executor died
        SparkEngine engine = new SparkEngine("local[2,3]", Set.of("0:0", "2:1"));
        int failedBefore = TrialTask.FAILED_ON_PURPOSE.get();
        GridSearch.Result r = GridSearch.run(prep, grid, dir, engine, GridSearch.Budget.none(), null);
        assertThat(TrialTask.FAILED_ON_PURPOSE.get() - failedBefore).as("first attempts that failed").isEqualTo(2);
        assertThat(r.ranThisTime()).isEqualTo(grid.size());
        assertSameAsLocal(r.trials());
        assertThat(Files.readAllLines(dir.resolve(GridSearch.JOURNAL))).hasSize(grid.size());
    }

    @Test
    void aRerunResumesAcrossEnginesAndSkipsFinishedTrials(@TempDir Path dir) throws Exception {
        GridSearch.Result first = GridSearch.run(prep, grid, dir, new LocalEngine(1), GridSearch.Budget.trials(2), null);
        assertThat(first.ranThisTime()).isEqualTo(2);
        assertThat(first.stoppedEarly()).isTrue();
        GridSearch.Result second = GridSearch.run(prep, grid, dir, new SparkEngine("local[2]"), GridSearch.Budget.trials(3), null);
        assertThat(second.ranThisTime()).isEqualTo(3);
        GridSearch.Result third = GridSearch.run(prep, grid, dir, new SparkEngine("local[2]"), GridSearch.Budget.none(), null);
        assertThat(third.ranThisTime()).isEqualTo(1);
        assertThat(third.stoppedEarly()).isFalse();
        assertSameAsLocal(third.trials());
        GridSearch.Result again = GridSearch.run(prep, grid, dir, new SparkEngine("local[2]"), GridSearch.Budget.none(), null);
        assertThat(again.ranThisTime()).isZero();
        assertThat(Files.readAllLines(dir.resolve(GridSearch.JOURNAL))).hasSize(grid.size());
    }

    @Test
    void aMasterUrlSparkWouldRefuseIsAUserErrorBeforeAnythingStarts() {
        for (String ok : List.of("local", "local[2]", "local[*]", "local[2,3]", "spark://127.0.0.1:7077", "spark://a:7077,b:7077",
                "yarn", "k8s://https://host:6443")) {
            assertThat(new SparkEngine(ok).master()).isEqualTo(ok);
        }
        for (String bad : List.of("foo", "local[0]", "local[two]", "spark://", "spark:/host:7077", "127.0.0.1:7077")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SparkEngine(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master = '" + bad + "'")
                    .hasMessageContaining("spark://HOST:PORT");
        }
    }

    @Test
    void aStandaloneMasterThatDoesNotAnswerIsAUserErrorAtOnce() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // free again once closed: nothing listens there
        }
        String master = "spark://127.0.0.1:" + port;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkEngine.checkReachable(master))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Spark master answers at 127.0.0.1:" + port)
                .hasMessageContaining("start-master.sh");
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0)) {
            SparkEngine.checkReachable("spark://127.0.0.1:" + port + ",127.0.0.1:" + listening.getLocalPort());
        }
    }
}
