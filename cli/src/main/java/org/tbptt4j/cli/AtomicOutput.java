package org.tbptt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a command's output to standard output, or to a file atomically: into a temporary file
 * beside it, renamed over the target only when everything was written, so a failure never leaves a
 * partial file (nor a temporary one) behind.
 */
final class AtomicOutput {

    /** What writes the output. */
    interface Body {
        void write(Writer w) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Fails early when {@code file} cannot be written: a directory, or in a directory that does not exist. */
    static void check(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserErrors.UserError("--out " + file + " is a directory; give the path of a file to write");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new NoSuchFileException("--out " + file + ": the directory " + dir + " does not exist; create it first");
        }
    }

    /** Runs {@code body} on {@code stdout} when {@code file} is null, else writes {@code file} atomically. */
    static void write(Path file, PrintWriter stdout, Body body) throws IOException {
        if (file == null) {
            body.write(stdout);
            stdout.flush();
            return;
        }
        check(file);
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
