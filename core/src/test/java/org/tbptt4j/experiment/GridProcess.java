package org.tbptt4j.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A grid run in a JVM of its own, for the tests of what two processes do to one folder: it runs
 * {@link #grid()} on the data and folder given, and stops (without ending) once it has journalled
 * {@code pauseAfter} trials, holding the folder's lock until the test kills it.
 */
final class GridProcess {

    private GridProcess() {
    }

    /** Two configurations x 4 repeats of a small LSTM: fast trials. */
    static Grid grid() {
        return new Grid(List.of(GridSearchTest.small().withStrategy("naive", 20, 0, 0),
                GridSearchTest.small().withStrategy("one-step", 0, 0, 0)), 4, 3);
    }

    /** args: data file, output folder, trials after which it pauses. */
    public static void main(String[] args) throws Exception {
        int pauseAfter = Integer.parseInt(args[2]);
        GridSearch.run(GridSearchTest.prepare(Path.of(args[0])), grid(), Path.of(args[1]), 1, GridSearch.Budget.none(),
                (done, total, trial) -> {
                    if (done >= pauseAfter) {
                        try {
                            Thread.sleep(600_000); // "a long run": the test kills it here
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
    }

    /** Starts the grid in a new JVM and returns once it has journalled {@code pauseAfter} trials. */
    static Process start(Path data, Path out, int pauseAfter) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), GridProcess.class.getName(), data.toString(), out.toString(),
                Integer.toString(pauseAfter)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path journal = out.resolve(GridFiles.JOURNAL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(journal) && Journal.read(journal).trials().size() >= pauseAfter)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the grid process " + (p.isAlive() ? "journalled too little in 60 s" : "ended with "
                        + p.exitValue()));
            }
            Thread.sleep(50);
        }
        return p;
    }
}
