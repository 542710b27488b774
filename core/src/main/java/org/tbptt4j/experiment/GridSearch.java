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
     * The grid with every set of configurations that train identically merged into its first: the
     * same training stream (inputs, targets, mask and resets of the layout, row for row, up to the
     * padding after the last step that counts), the same k1 and k2 as trained, and the same model and
     * training settings. naive L=24 and L=48 with (12, 48) and decoupled (12, 48) on one series are
     * one training. The merged configuration keeps
     * the labels of all that asked for it ({@link Grid#names}). A configuration whose layout cannot be
     * made is kept as it is ({@link #problems} reports it).
     */
    public static Grid mergeIdentical(Preparation prep, Grid grid) {
        Map<String, Integer> byTraining = new LinkedHashMap<>();
        List<RunConfig> kept = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < grid.configs().size(); i++) {
            RunConfig c = grid.configs().get(i);
            String training;
            try {
                training = trainingPrint(prep, c);
            } catch (IllegalArgumentException e) {
                training = "unchecked#" + i;
            }
            Integer same = byTraining.putIfAbsent(training, kept.size());
            if (same == null) {
                kept.add(c);
                names.add(new ArrayList<>(grid.names().get(i)));
            } else {
                grid.names().get(i).stream().filter(n -> !names.get(same).contains(n)).forEach(names.get(same)::add);
            }
        }
        return new Grid(kept, grid.repeats(), grid.seed(), names, grid.raceRound());
    }

    /**
     * What determines a configuration's training: its layout's stream and k1, k2, and every other
     * setting. Steps after the last one any row's loss counts are left out when nothing random runs
     * through them (no dropout): they only pad the streams' ends, every update they fall in has no
     * step to learn from, and the state they reach is dropped when the next epoch starts, so naive
     * lengths that pad the streams differently still train identically.
     */
    private static String trainingPrint(Preparation prep, RunConfig c) {
        org.tbptt4j.data.Layout l = Experiment.trainingLayout(prep.train(), c, prep.task());
        int b = l.rows();
        int steps = l.steps();
        if (c.dropout() == 0) {
            while (steps > 0 && noLossAt(l, steps - 1)) {
                steps--;
            }
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(24).putInt(b).putInt(steps)
                    .putInt(l.inputWidth()).putInt(l.targetWidth()).putInt(l.k1()).putInt(l.k2());
            md.update(head.array());
            int nx = steps * b * l.inputWidth();
            int ny = steps * b * l.targetWidth();
            java.nio.ByteBuffer values = java.nio.ByteBuffer.allocate(8 * (nx + ny));
            values.asDoubleBuffer().put(l.x(), 0, nx).put(l.y(), 0, ny);
            md.update(values.array());
            byte[] flags = new byte[2 * steps * b];
            for (int i = 0; i < steps * b; i++) {
                flags[2 * i] = (byte) (l.mask()[i] ? 1 : 0);
                flags[2 * i + 1] = (byte) (l.reset()[i] ? 1 : 0);
            }
            md.update(flags);
            return HexFormat.of().formatHex(md.digest()) + " " + c.withStrategy(StrategySpec.asIs());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether no row's loss counts at step t (x, y, mask and reset are time-major, B rows a step). */
    private static boolean noLossAt(org.tbptt4j.data.Layout l, int t) {
        for (int r = 0; r < l.rows(); r++) {
            if (l.mask()[t * l.rows() + r]) {
                return false;
            }
        }
        return true;
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
            // without racing one round of every repeat; with racing rounds of raceRound repeats, each
            // run once the eliminations after the rounds before it are known
            int round = grid.raceRound() > 0 ? grid.raceRound() : grid.repeats();
            int[] allowed = allowed(grid, journal.trials());
            if (pending(grid, finished, allowed, grid.repeats()).isEmpty()) {
                int done = java.util.Arrays.stream(allowed).sum();
                return new Result(done, done, 0, false, journal.trials());
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
                try {
                    for (int end = Math.min(round, grid.repeats()); !stopped; end = Math.min(end + round, grid.repeats())) {
                        allowed = allowed(grid, journal.trials());
                        List<int[]> pending = pending(grid, finished, allowed, end);
                        int total = java.util.Arrays.stream(allowed).sum();
                        int before = total - pending(grid, finished, allowed, grid.repeats()).size();
                        int[] ranNow = {0};
                        stopped = runRound(pool, slots, runner, pending, journal, finished, budget, ran, ranNow, t -> {
                            if (listener != null) {
                                listener.trialDone(before + ranNow[0], total, t);
                            }
                        });
                        ran += ranNow[0];
                        if (end == grid.repeats()) {
                            break;
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            allowed = allowed(grid, journal.trials());
            int total = java.util.Arrays.stream(allowed).sum();
            int done = total - pending(grid, finished, allowed, grid.repeats()).size();
            return new Result(done, total, ran, stopped || done < total, journal.trials());
        }
    }

    /** The repeats each configuration may run: all of them, or with racing those before its elimination. */
    private static int[] allowed(Grid grid, List<TrialRecord> trials) {
        if (grid.raceRound() == 0) {
            int[] all = new int[grid.configs().size()];
            java.util.Arrays.fill(all, grid.repeats());
            return all;
        }
        return Racing.allowed(grid.configs().size(), grid.repeats(),
                Racing.eliminations(byConfig(grid.configs().stream().map(TrialKey::prefix).toList(), trials, grid.repeats()),
                        grid.repeats(), grid.raceRound()));
    }

    /** The trials not yet journalled, {config index, repeat}, repeat-major, of repeats before {@code end} and allowed. */
    private static List<int[]> pending(Grid grid, java.util.Set<String> finished, int[] allowed, int end) {
        List<int[]> pending = new ArrayList<>();
        for (int r = 0; r < end; r++) {
            for (int i = 0; i < grid.configs().size(); i++) {
                if (r < allowed[i] && !finished.contains(key(grid.configs().get(i), r))) {
                    pending.add(new int[] {i, r});
                }
            }
        }
        return pending;
    }

    /**
     * The trials of each configuration (by its key prefix) among {@code trials}, repeats below {@code repeats} only.
     */
    static List<List<TrialRecord>> byConfig(List<String> keyPrefixes, List<TrialRecord> trials, int repeats) {
        List<List<TrialRecord>> out = new ArrayList<>();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < keyPrefixes.size(); i++) {
            out.add(new ArrayList<>());
            index.put(keyPrefixes.get(i), i);
        }
        for (TrialRecord t : trials) {
            Integer i = index.get(t.key().substring(0, t.key().lastIndexOf('#') + 1));
            if (i != null && TrialKey.repeatOf(t.key()) < repeats) {
                out.get(i).add(t);
            }
        }
        return out;
    }

    /**
     * Runs the pending trials, {@code slots} at a time, journalling each as it finishes.
     *
     * @param ranBefore trials run by this call of {@link #run} before this round (the budget counts them)
     * @param ranNow    set to the trials run in this round
     * @return whether the budget stopped it
     */
    private static boolean runRound(ExecutorService pool, int slots, TrialEngine.Runner runner, List<int[]> pending,
                                    Journal.Writer journal, java.util.Set<String> finished, Budget budget, int ranBefore,
                                    int[] ranNow, java.util.function.Consumer<TrialRecord> journalled)
            throws IOException, InterruptedException {
        CompletionService<TrialRecord> cs = new ExecutorCompletionService<>(pool);
        int started = 0;
        int inFlight = 0;
        boolean stopped = false;
        TrialRecord last = null; // taken from a slot, not yet journalled
        while (true) {
            while (inFlight < slots && started < pending.size()) {
                if (budget.exhausted(ranBefore + ranNow[0] + inFlight)) {
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
                journalled.accept(last);
                last = null;
            }
            if (inFlight == 0) {
                return stopped;
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
                ranNow[0]++;
            }
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
            epochs.add(new TrialRecord.Epoch(e.epoch(), e.seconds(), finite(e.trainLoss()), finite(e.validationLoss()),
                    e.updates(), e.k2()));
        }
        return new TrialRecord(GridFiles.SCHEMA, String.format("c%03d-r%02d", index, repeat), key(base, repeat), index, repeat,
                c.seed(), label(base), base, o.layout().k1(), o.layout().k2(), diverged ? "diverged" : "ok",
                diverged ? null : finite(metric), o.validation() != null ? "validation_loss" : "train_loss",
                diverged ? h.message() : null, epochs, seconds, TrialRecord.Provenance.here(checksum), Instant.now().toString(),
                h.epochs().stream().mapToLong(EpochRecord::updates).sum(), h.stop().name().toLowerCase(java.util.Locale.ROOT));
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
