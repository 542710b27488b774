package org.tbptt4j.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Nothing is written before everything is checked ({@link #problems}), and only the holder of
 * the folder's {@link FolderLock} writes.
 */
public final class GridSearch {

    /** The journal's file name in the output folder. */
    public static final String JOURNAL = GridFiles.JOURNAL;

    /** Hears about finished trials (progress bars). */
    public interface Listener {
        void trialDone(int done, int total, TrialRecord trial);
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
     * @param done        trials of this grid in the journal (before and during this run)
     * @param total       trials in the grid
     * @param ranThisTime trials run by this call
     * @param stoppedEarly whether the budget stopped it before the grid was complete
     * @param trials      every trial in the journal
     */
    public record Result(int done, int total, int ranThisTime, boolean stoppedEarly, List<TrialRecord> trials) {
    }

    private GridSearch() {
    }

    /** The identity of a trial: its configuration's canonical fields and its repeat ({@link TrialKey}). */
    static String key(RunConfig c, int repeat) {
        return TrialKey.of(c, repeat);
    }

    /** A configuration in words, {@code naive L=50 (10,50) lstm H=32}. */
    public static String label(RunConfig c) {
        return c.label() + " " + c.cell().id() + " H=" + c.hidden() + (c.layers() > 1 ? " L=" + c.layers() : "");
    }

    /**
     * Everything that would stop the grid once it runs, found without running or writing anything:
     * each configuration that does not fit the data (one line per distinct problem, naming the
     * configurations), and a journal in {@code out} that is damaged or holds trials of other data.
     *
     * @return one line per problem, in the library's words; empty when the grid can run
     */
    public static List<String> problems(Preparation prep, Grid grid, Path out) throws IOException {
        Map<String, List<String>> byProblem = new LinkedHashMap<>();
        for (int i = 0; i < grid.configs().size(); i++) {
            RunConfig c = grid.configs().get(i);
            try {
                Experiment.check(prep, c);
            } catch (IllegalArgumentException e) {
                byProblem.computeIfAbsent(e.getMessage(), m -> new ArrayList<>()).add(String.format("c%03d %s", i, label(c)));
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstOf = new java.util.HashMap<>();
        for (int i = 0; i < grid.configs().size(); i++) {
            Integer same = firstOf.putIfAbsent(TrialKey.prefix(grid.configs().get(i)), i);
            if (same != null) {
                problems.add(String.format("c%03d %s is the same configuration as c%03d: give each value once", i,
                        label(grid.configs().get(i)), same));
            }
        }
        byProblem.forEach((problem, configs) -> problems.add((configs.size() == 1 ? "configuration " + configs.get(0)
                : configs.size() + " configurations (" + String.join(", ", configs.subList(0, Math.min(3, configs.size())))
                + (configs.size() > 3 ? ", ..." : "") + ")") + ": " + problem));
        if (Files.isRegularFile(out) || Files.exists(out) && !Files.isDirectory(out)) {
            problems.add(out + " is a file, not a folder: give a folder for the grid's files");
            return problems;
        }
        try {
            Journal.Contents journal = Journal.read(out.resolve(JOURNAL));
            String checksum = sha256(prep.spec().file());
            for (TrialRecord t : journal.trials()) {
                if (!checksum.equals(t.provenance().dataChecksum())) {
                    problems.add(journal.file() + " holds trials of other data (checksum " + t.provenance().dataChecksum()
                            + ", this data's is " + checksum + "): give the data it ran on, or a new output folder for this data");
                    break;
                }
            }
        } catch (GridFileException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** Runs the grid's pending trials on {@code workers} local threads; returns when all are done or the budget is spent. */
    public static Result run(Preparation prep, Grid grid, Path out, int workers, Budget budget, Listener listener)
            throws IOException, InterruptedException {
        return run(prep, grid, out, new LocalEngine(workers), budget, listener);
    }

    /** {@link #run(Preparation, Grid, FolderLock, TrialEngine, Budget, Listener)}, holding the folder's lock for the run. */
    public static Result run(Preparation prep, Grid grid, Path out, TrialEngine engine, Budget budget, Listener listener)
            throws IOException, InterruptedException {
        refuseProblems(problems(prep, grid, out));
        try (FolderLock lock = FolderLock.acquire(out)) {
            return run(prep, grid, lock, engine, budget, listener);
        }
    }

    /** Throws the problems ({@link #problems}), one per line, if there are any. */
    public static void refuseProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    /**
     * Runs the grid's pending trials on an engine, {@code slots} at a time, appending each finished
     * trial to the journal of the locked folder as it finishes; returns when all are done or the
     * budget is spent. A trial whose key is already in the journal is never appended again.
     *
     * @throws IllegalArgumentException when {@link #problems} finds any (nothing is written then)
     */
    public static Result run(Preparation prep, Grid grid, FolderLock lock, TrialEngine engine, Budget budget, Listener listener)
            throws IOException, InterruptedException {
        refuseProblems(problems(prep, grid, lock.dir()));
        String checksum = sha256(prep.spec().file());
        try (Journal.Writer journal = Journal.Writer.open(lock)) {
            java.util.Set<String> finished = new java.util.HashSet<>();
            journal.trials().forEach(t -> finished.add(t.key()));
            List<int[]> pending = new ArrayList<>(); // {config index, repeat}
            for (int r = 0; r < grid.repeats(); r++) {
                for (int i = 0; i < grid.configs().size(); i++) {
                    if (!finished.contains(key(grid.configs().get(i), r))) {
                        pending.add(new int[] {i, r});
                    }
                }
            }
            if (pending.isEmpty()) {
                return new Result(grid.size(), grid.size(), 0, false, journal.trials());
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
                CompletionService<TrialRecord> cs = new ExecutorCompletionService<>(pool);
                int started = 0;
                int inFlight = 0;
                TrialRecord last = null; // taken from a slot, not yet journalled
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
                        Future<TrialRecord> f = cs.take();
                        inFlight--;
                        TrialRecord t;
                        try {
                            t = f.get();
                        } catch (ExecutionException e) {
                            throw new IllegalStateException("a trial failed: " + e.getCause(), e.getCause());
                        }
                        if (finished.add(t.key())) { // an engine's duplicate is never journalled
                            last = t;
                            ran++;
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            int done = grid.size() - pending.size() + ran;
            return new Result(done, grid.size(), ran, stopped || done < grid.size(), journal.trials());
        }
    }

    /** Runs repeat {@code repeat} of configuration {@code index} of the grid and describes it as a journal record. */
    public static TrialRecord trial(Preparation prep, Grid grid, int index, int repeat, String checksum) {
        RunConfig base = grid.configs().get(index);
        RunConfig c = base.withSeed(grid.seedOf(repeat));
        long start = System.nanoTime();
        Experiment.Outcome o = Experiment.run(prep, c, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingHistory h = o.history();
        boolean diverged = h.stop() == TrainingHistory.Stop.DIVERGED;
        double metric = o.validation() != null ? o.validation().loss() : h.last() == null ? Double.NaN : h.last().trainLoss();
        List<TrialRecord.Epoch> epochs = new ArrayList<>();
        for (EpochRecord e : h.epochs()) {
            epochs.add(new TrialRecord.Epoch(e.epoch(), e.seconds(), finite(e.trainLoss()), finite(e.validationLoss())));
        }
        return new TrialRecord(GridFiles.SCHEMA, String.format("c%03d-r%02d", index, repeat), key(base, repeat), index, repeat,
                c.seed(), label(base), base, o.layout().k1(), o.layout().k2(), diverged ? "diverged" : "ok",
                diverged ? null : finite(metric), o.validation() != null ? "validation_loss" : "train_loss",
                diverged ? h.message() : null, epochs, seconds, TrialRecord.Provenance.here(checksum), Instant.now().toString());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
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
