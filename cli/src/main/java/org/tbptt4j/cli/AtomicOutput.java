package org.tbptt4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tbptt4j.io.OutputFile;

/**
 * Writes a command's output to standard output, or to the file of its {@code --out} as the library
 * writes every output file ({@link OutputFile}: a regular file replaced atomically, a FIFO, device
 * or {@code /dev/stdout} written in place, a link's target written). A write error on standard output
 * ends the command with an error, as one on a file does.
 */
final class AtomicOutput {

    /** What writes the output. */
    interface Body {
        void write(Writer w) throws IOException;
    }

    /** Standard output is checked for a write error (a full disk, a closed pipe) every this many characters. */
    private static final int CHECK_EVERY = 1 << 16;

    private AtomicOutput() {
    }

    /** Fails early when {@code file} cannot be written: a directory, in a directory that does not exist, read-only. */
    static void check(Path file) {
        try {
            OutputFile.check(file);
        } catch (IOException e) {
            throw new UserErrors.UserError("--out: " + e.getMessage());
        }
    }

    /** Runs {@code body} on {@code stdout} when {@code file} is null, else writes {@code file} (see the class comment). */
    static void write(Path file, PrintWriter stdout, Body body) throws IOException {
        if (file == null) {
            Checked w = new Checked(stdout);
            body.write(w);
            w.flush();
            return;
        }
        OutputFile.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    /**
     * Standard output, which a PrintWriter leaves unchecked, checked every {@link #CHECK_EVERY} characters
     * and on flush, so that a long output stops at the first failed write instead of computing the rest.
     */
    private static final class Checked extends Writer {
        private final PrintWriter out;
        private long unchecked;

        Checked(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            unchecked += len;
            if (unchecked >= CHECK_EVERY) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            unchecked = 0;
            if (out.checkError()) {
                throw StandardOutput.failure(out);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
