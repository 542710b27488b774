package org.tbptt4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.experiment.Grid;
import org.tbptt4j.experiment.GridSearch;

/**
 * One trial on an executor: "index:repeat" in, the trial's journal record (JSON) out. The first
 * trial of a run on each executor prepares the data from the broadcast file bytes; the others reuse
 * it.
 */
final class TrialTask implements Function<String, String> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Prepared data and grids by their description (checksum, data spec, grid): the runs this JVM served
     * last, at most two. Not by broadcast id: ids restart with every Spark context, and local mode runs
     * many contexts in one JVM.
     */
    private static final Map<String, Prepared> PREPARED = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
            return size() > 2;
        }
    };

    /** First attempts failed on purpose in this JVM (the retry tests count them). */
    static final java.util.concurrent.atomic.AtomicInteger FAILED_ON_PURPOSE = new java.util.concurrent.atomic.AtomicInteger();

    private record Prepared(Preparation prep, Grid grid, String checksum) {
    }

    private final Broadcast<byte[]> data;
    private final Broadcast<String> job;
    private final Set<String> failFirstAttempt;

    TrialTask(Broadcast<byte[]> data, Broadcast<String> job, Set<String> failFirstAttempt) {
        this.data = data;
        this.job = job;
        this.failFirstAttempt = failFirstAttempt;
    }

    /** What executors need besides the bytes: the data spec (file name, reader options, task, split), the grid, the checksum. */
    static ObjectNode describe(DataSpec spec, Grid grid, String checksum) {
        ObjectNode o = JSON.createObjectNode();
        o.put("file_name", spec.file().getFileName().toString());
        o.set("data_spec", JSON.valueToTree(spec));
        o.set("grid", JSON.valueToTree(grid));
        o.put("checksum", checksum);
        o.put("kernels", org.tbptt4j.f32.MatMul.fastKernels());
        return o;
    }

    @Override
    public String call(String trial) throws Exception {
        int colon = trial.indexOf(':');
        int index = Integer.parseInt(trial.substring(0, colon));
        int repeat = Integer.parseInt(trial.substring(colon + 1));
        TaskContext ctx = TaskContext.get();
        if (ctx != null && ctx.attemptNumber() == 0 && failFirstAttempt.contains(trial)) {
            FAILED_ON_PURPOSE.incrementAndGet();
            throw new IllegalStateException("trial " + trial + ": first attempt failed on purpose (a test of retries)");
        }
        Prepared p = prepared();
        org.tbptt4j.f32.Parallel.singleThreadedHere(); // one trial per task slot, as on the local engine
        return GridSearch.trial(p.prep(), p.grid(), index, repeat, p.checksum()).toJson();
    }

    /** This run's data and grid, prepared once per executor. */
    private Prepared prepared() {
        synchronized (PREPARED) {
            return PREPARED.computeIfAbsent(job.value(), described -> prepare(described));
        }
    }

    private Prepared prepare(String described) {
        try {
            JsonNode j = JSON.readTree(described);
            String kernels = org.tbptt4j.f32.MatMul.fastKernels();
            if (!kernels.equals(j.path("kernels").asText())) {
                throw new IllegalStateException("this executor's kernels (" + kernels + ") are not the driver's ("
                        + j.path("kernels").asText() + "), so its results could differ in the last bits: give executors the"
                        + " driver's JVM options (spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector) and CPUs"
                        + " with the same vector width");
            }
            Path dir = Files.createTempDirectory("tbptt4j-data");
            Path file = dir.resolve(j.path("file_name").asText());
            try {
                Files.write(file, data.value());
                String checksum = GridSearch.sha256(file);
                if (!checksum.equals(j.path("checksum").asText())) {
                    throw new IllegalStateException("the data reached this executor damaged (checksum " + checksum + ")");
                }
                DataSpec spec = withFile(JSON.treeToValue(j.path("data_spec"), DataSpec.class), file);
                Grid grid = JSON.treeToValue(j.path("grid"), Grid.class);
                return new Prepared(Preparation.prepare(spec), grid, checksum);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataSpec withFile(DataSpec s, Path file) {
        return new DataSpec(file, s.format(), s.csv(), s.features(), s.targets(), s.task(), s.horizon(), s.scale(), s.train(),
                s.validation(), s.seed());
    }
}
