package org.tbptt4j.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Files that are not regular files, made for real for the writers' tests: a FIFO, a device node, a
 * tiny tmpfs that fills up. Device nodes and mounts need root on Linux (as CI and the developers'
 * machines run); where one cannot be made, the test is skipped, saying why.
 */
final class SpecialFiles {

    /** A mounted 64 KiB tmpfs; closing unmounts it. */
    static final class Tmpfs implements AutoCloseable {
        /** The mount point. */
        final Path dir;

        private Tmpfs(Path dir) {
            this.dir = dir;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            String failure = run("umount", dir.toString());
            if (failure != null) {
                throw new IOException("could not unmount the test's tmpfs at " + dir + ": " + failure);
            }
        }
    }

    private SpecialFiles() {
    }

    /** Mounts a 64 KiB tmpfs on a new folder {@code name} in {@code parent}, or skips the test. */
    static Tmpfs tmpfs(Path parent, String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectory(parent.resolve(name));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString());
        assumeTrue(failure == null, () -> "a 64k tmpfs cannot be mounted here (needs root on Linux): " + failure);
        return new Tmpfs(dir);
    }

    /** Makes a FIFO, or skips the test. */
    static Path fifo(Path file) throws IOException, InterruptedException {
        String failure = run("mkfifo", file.toString());
        assumeTrue(failure == null, () -> "mkfifo is not available here: " + failure);
        return file;
    }

    /** Makes a character device node (1,3 is /dev/null, 1,7 /dev/full), or skips the test. */
    static Path device(Path file, int major, int minor) throws IOException, InterruptedException {
        String failure = run("mknod", file.toString(), "c", Integer.toString(major), Integer.toString(minor));
        assumeTrue(failure == null, () -> "a device node cannot be made here (needs root on Linux): " + failure);
        return file;
    }

    /** Runs a command; null when it succeeded, else why not. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            return missing.getMessage();
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return p.exitValue() == 0 ? null : said + " (exit " + p.exitValue() + ")";
    }
}
