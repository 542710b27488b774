package org.tbptt4j.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The command's standard output: a PrintWriter (as picocli wants) that keeps the first write error,
 * which a PrintWriter swallows, so that {@link Main} can end with an error naming the reason
 * ("No space left on device", "Broken pipe") instead of exit 0 with the output lost.
 */
final class StandardOutput extends PrintWriter {

    private final Recorder recorder;

    /** Writes to {@code out} in the platform's encoding (as {@code System.out}), flushing on every line. */
    StandardOutput(OutputStream out) {
        this(new Recorder(out));
    }

    private StandardOutput(Recorder recorder) {
        super(new OutputStreamWriter(recorder, Charset.defaultCharset()), true);
        this.recorder = recorder;
    }

    /** The error to report when {@code out.checkError()}: the reason this class kept, or a generic one. */
    static IOException failure(PrintWriter out) {
        IOException first = out instanceof StandardOutput s ? s.recorder.first : null;
        String reason = first == null ? "a write error" : first.getMessage() != null ? first.getMessage() : first.toString();
        return new IOException("cannot write to standard output: " + reason, first);
    }

    /** Passes everything through and keeps the first exception. */
    private static final class Recorder extends FilterOutputStream {
        private IOException first;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw keep(e);
            }
        }

        private IOException keep(IOException e) {
            if (first == null) {
                first = e;
            }
            return e;
        }
    }
}
