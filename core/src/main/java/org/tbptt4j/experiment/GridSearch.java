package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.train.EpochRecord;
import org.tbptt4j.train.TrainingHistory;

/**
 * Runs a {@link Grid} on a {@link TrialEngine} (a local pool of single-threaded workers, or a
 * cluster), journalling every finished trial to {@code DIR/trials.jsonl} as it finishes. Rerunning with the same folder resumes: trials already
 * in the journal are skipped, so none is ever run twice and a killed run loses at most the trials
 * in flight. Results depend neither on the number of workers nor on the engine (each trial's result
 * depends only on its configuration, its seed and the data).
 */
public final class GridSearch {

    /** The journal's file name in the output folder. */
    public static final String JOURNAL = "trials.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hears about finished trials (progress bars). */
    public interface Listener {
        void trialDone(int done, int total, ObjectNode trial);
    }

    /** Stops the grid early: after this many new trials, or at this wall-clock deadline. */
    public record Budget(int maxTrials, long deadlineNanos) {
        public static Budget none() {
            return new Budget(Integer.MAX_VALUE, Long.MAX_VALUE);
        }

        /** A budget of wall time from now. */
        public static Budget seconds(double s) {
            return new Budget(Integer.MAX_VALUE, System.nanoTime() + (long) (s * 1e9));
        }

        public static Budget trials(int n) {
            return new Budget(n, Long.MAX_VALUE);
        }

        boolean exhausted(int started) {
            return started >= maxTrials || System.nanoTime() >= deadlineNanos;
        }
    }

    /**
     * What the run did.
     *
     * @param done       trials in the journal for this grid (before and during this run)
     * @param total      trials in the grid
     * @param ranThisTime trials run by this call
     * @param stoppedEarly whether the budget stopped it before the grid was complete
     */
    public record Result(int done, int total, int ranThisTime, boolean stoppedEarly, List<JsonNode> trials) {
    }

    private GridSearch() {
    }

    /** The identity of a trial: its configuration's full description and its repeat. */
    static String key(RunConfig c, int repeat) {
        return c + "#" + repeat;
    }

    /** Runs the grid's pending trials on {@code workers} local threads; returns when all are done or the budget is spent. */
    public static Result run(Preparation prep, Grid grid, Path out, int workers, Budget budget, Listener listener)
            throws IOException, InterruptedException {
        return run(prep, grid, out, new LocalEngine(workers), budget, listener);
    }

    /**
     * Runs the grid's pending trials on an engine, {@code slots} at a time, appending each finished
     * trial to the journal here, as it finishes; returns when all are done or the budget is spent.
     * A trial whose key is already in the journal is never appended again.
     */
    public static Result run(Preparation prep, Grid grid, Path out, TrialEngine engine, Budget budget, Listener listener)
            throws IOException, InterruptedException {
        String checksum = sha256(prep.spec().file());
        try (Journal journal = Journal.open(out.resolve(JOURNAL))) {
            Set<String> finished = new HashSet<>();
            for (JsonNode n : journal.entries()) {
                if (!checksum.equals(n.path("data_checksum").asText())) {
                    throw new IllegalArgumentException(out.resolve(JOURNAL) + " holds trials of other data (checksum "
                            + n.path("data_checksum").asText() + "): use a new --out folder for this data");
                }
                finished.add(n.path("key").asText());
            }
            List<int[]> pending = new ArrayList<>(); // {config index, repeat}
            for (int r = 0; r < grid.repeats(); r++) {
                for (int i = 0; i < grid.configs().size(); i++) {
                    if (!finished.contains(key(grid.configs().get(i), r))) {
                        pending.add(new int[] {i, r});
                    }
                }
            }
            if (pending.isEmpty()) {
                return new Result(grid.size(), grid.size(), 0, false, journal.entries());
            }
            int ran = 0;
            boolean stopped = false;
            try (TrialEngine.Runner runner = engine.open(prep, grid, checksum)) {
                int slots = runner.slots();
                ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
                    Thread t = new Thread(r, "tbptt4j-trial");
                    t.setDaemon(true);
                    return t;
                });
                CompletionService<ObjectNode> cs = new ExecutorCompletionService<>(pool);
                int started = 0;
                int inFlight = 0;
                ObjectNode last = null; // taken from a slot, not yet journalled
                try {
                    while (true) {
                        while (inFlight < slots && started < pending.size()) {
                            if (budget.exhausted(ran + inFlight)) {
                                stopped = true;
                                break;
                            }
                            int[] p = pending.get(started++);
                            cs.submit(() -> runner.run(p[0], p[1]));
                            inFlight++;
                        }
                        // the slot that just finished got its next trial above, before this one is journalled
                        // (serialising, forcing to disk, the progress bar), so it never waits for this thread
                        if (last != null) {
                            journal.append(last);
                            if (listener != null) {
                                listener.trialDone(grid.size() - pending.size() + ran, grid.size(), last);
                            }
                            last = null;
                        }
                        if (inFlight == 0) {
                            break;
                        }
                        Future<ObjectNode> f = cs.take();
                        inFlight--;
                        ObjectNode t;
                        try {
                            t = f.get();
                        } catch (ExecutionException e) {
                            throw new IllegalStateException("a trial failed: " + e.getCause(), e.getCause());
                        }
                        if (finished.add(t.path("key").asText())) { // an engine's duplicate is never journalled
                            last = t;
                            ran++;
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            int done = grid.size() - pending.size() + ran;
            return new Result(done, grid.size(), ran, stopped || done < grid.size(), journal.entries());
        }
    }

    /** Runs repeat {@code repeat} of configuration {@code index} of the grid and describes it as a journal record. */
    public static ObjectNode trial(Preparation prep, Grid grid, int index, int repeat, String checksum) {
        RunConfig base = grid.configs().get(index);
        RunConfig c = base.withSeed(grid.seedOf(repeat));
        long start = System.nanoTime();
        Experiment.Outcome o = Experiment.run(prep, c, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode t = JSON.createObjectNode();
        t.put("trial", String.format("c%03d-r%02d", index, repeat));
        t.put("key", key(base, repeat));
        t.put("config_index", index).put("repeat", repeat).put("seed", c.seed());
        t.set("config", configJson(base, o.layout().k1(), o.layout().k2()));
        TrainingHistory h = o.history();
        boolean diverged = h.stop() == TrainingHistory.Stop.DIVERGED;
        t.put("status", diverged ? "diverged" : "ok");
        double metric = o.validation() != null ? o.validation().loss() : h.last() == null ? Double.NaN : h.last().trainLoss();
        if (diverged || !Double.isFinite(metric)) {
            t.putNull("metric");
        } else {
            t.put("metric", metric);
        }
        t.put("metric_name", o.validation() != null ? "validation_loss" : "train_loss");
        if (diverged) {
            t.put("message", h.message());
        }
        ArrayNode epochs = t.putArray("epochs");
        for (EpochRecord e : h.epochs()) {
            ObjectNode en = epochs.addObject().put("epoch", e.epoch()).put("seconds", e.seconds());
            putFinite(en, "train_loss", e.trainLoss());
            putFinite(en, "validation_loss", e.validationLoss());
        }
        t.put("seconds", seconds);
        t.put("data_checksum", checksum);
        t.put("tbptt4j", version());
        t.put("java", System.getProperty("java.version"));
        t.put("kernels", org.tbptt4j.f32.MatMul.fastKernels());
        t.put("finished_at", Instant.now().toString());
        return t;
    }

    static ObjectNode configJson(RunConfig c, int k1, int k2) {
        ObjectNode o = JSON.createObjectNode();
        o.put("label", c.label() + " " + c.cell().id() + " H=" + c.hidden() + (c.layers() > 1 ? " L=" + c.layers() : ""));
        o.put("strategy", c.strategy()).put("length", c.length()).put("k1", k1).put("k2", k2).put("batch", c.batch())
                .put("cell", c.cell().id()).put("hidden", c.hidden()).put("layers", c.layers()).put("dropout", c.dropout())
                .put("epochs", c.epochs()).put("lr", c.lr()).put("optimizer", c.optimizer().id()).put("clip_norm", c.clipNorm());
        return o;
    }

    private static void putFinite(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /** The library version from the jar manifest, or "dev". */
    static String version() {
        String v = GridSearch.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
