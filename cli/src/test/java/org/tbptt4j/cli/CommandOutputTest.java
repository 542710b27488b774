package org.tbptt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the commands write: {@code --out} as a new file, through a link, into a FIFO or an open
 * descriptor, and standard output that cannot be written (a full disk), each as the user meets it.
 */
class CommandOutputTest {

    @TempDir
    static Path models;

    static Path forecaster;

    @BeforeAll
    static void train() {
        forecaster = CommandRun.trainedForecaster(models);
    }

    @Test
    void aNewOutputFileGetsThePermissionsOfTheUmask(@TempDir Path dir) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path reference = Files.createFile(dir.resolve("reference"));
        Path csv = dir.resolve("pred.csv");

        assertThat(predict("--out", csv.toString()).code()).isZero();

        assertThat(Files.getPosixFilePermissions(csv)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void outThroughALinkWritesItsTargetAndKeepsTheLink(@TempDir Path dir) throws IOException {
        Path results = Files.createDirectory(dir.resolve("results"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.csv"), Path.of("results/run1.csv"));

        CommandRun r = predict("--out", link.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(results.resolve("run1.csv"))).hasSize(1 + 10_000).first().isEqualTo("step,sequence,c0");
        assertThat(names(dir)).containsExactlyInAnyOrder("results", "latest.csv");
    }

    @Test
    void outIntoAFifoIsReadByTheOtherEnd(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("rows");
        assumeTrue(run(List.of("mkfifo", fifo.toString()), null).code() == 0, "mkfifo is not available here");
        CompletableFuture<List<String>> reader = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                reader.complete(Files.readAllLines(fifo));
            } catch (IOException | RuntimeException e) {
                reader.completeExceptionally(e);
            }
        });
        t.setDaemon(true); // opening a FIFO blocks until the writer comes
        t.start();

        CommandRun r = predict("--out", fifo.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(reader.get(60, TimeUnit.SECONDS)).hasSize(1 + 10_000).first().isEqualTo("step,sequence,c0");
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(names(dir)).containsExactly("rows");
    }

    @Test
    void aStandardOutputThatFailsIsAnErrorWithTheReason() {
        for (String[] args : List.of(
                new String[] {"predict", "--model", forecaster.toString(), "--data", CommandRun.mackeyGlass().toString()},
                new String[] {"plan", "--data", CommandRun.mackeyGlass().toString(), "--json"})) {
            Failing full = new Failing();
            StringWriter err = new StringWriter();

            int code = Main.execute(new StandardOutput(full), new PrintWriter(err), args);

            new CommandRun(code, "", err.toString()).assertUserError("cannot write to standard output: No space left on device");
            assertThat(full.attempts).as(args[0] + " stops at the first failed write").isLessThan(20);
        }
    }

    @Test
    void aRealProcessWritesOutToItsOwnStandardOutputAndFailsOnAFullDisk(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/dev/fd")) || Files.isDirectory(Path.of("/dev/fd")), "needs /dev/fd");
        List<String> predict = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "predict", "--model", forecaster.toString(), "--data", CommandRun.mackeyGlass().toString()));

        // /dev/fd/1 as /dev/stdout: what the shell gave as standard output, here a pipe to this test
        List<String> toStdout = new ArrayList<>(predict);
        toStdout.addAll(List.of("--out", "/dev/fd/1"));
        CommandRun piped = run(toStdout, null);
        assertThat(piped.code()).as(piped.err()).isZero();
        assertThat(piped.out().lines().toList()).hasSize(1 + 10_000).first().isEqualTo("step,sequence,c0");

        File full = new File("/dev/full");
        assumeTrue(full.exists(), "needs /dev/full");
        CommandRun toFull = run(predict, full);
        assertThat(toFull.code()).isEqualTo(2);
        assertThat(toFull.err()).isEqualTo("tbptt4j: cannot write to standard output: No space left on device\n");
        CommandRun outToFull = run(toStdout, full);
        assertThat(outToFull.code()).isEqualTo(2);
        assertThat(outToFull.err()).isEqualTo("tbptt4j: cannot write /dev/fd/1: No space left on device\n");
    }

    private static CommandRun predict(String... more) {
        List<String> args = new ArrayList<>(List.of("--model", forecaster.toString(), "--data", CommandRun.mackeyGlass().toString()));
        args.addAll(List.of(more));
        return CommandRun.of(new PredictCommand(), args.toArray(String[]::new));
    }

    /** Runs a process, its standard output to {@code stdout} (or captured); stderr without the JVM's module notice. */
    private static CommandRun run(List<String> command, File stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdout != null) {
            pb.redirectOutput(stdout);
        }
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = stdout == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String said = err.join().replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
        return new CommandRun(p.exitValue(), out, said);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A stream on a full disk. */
    private static final class Failing extends OutputStream {
        int attempts;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            attempts++;
            throw new IOException("No space left on device");
        }
    }
}
