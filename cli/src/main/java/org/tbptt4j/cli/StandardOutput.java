package org.tbptt4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.tbptt4j.io.OutputFile;
import org.tbptt4j.io.RecordingOutputStream;

/**
 * The command's standard output: a PrintWriter (as picocli wants) that keeps the first write error,
 * which a PrintWriter swallows, so that {@link Main} can end with an error naming the reason
 * ("No space left on device", "Broken pipe") instead of exit 0 with the output lost.
 */
final class StandardOutput extends PrintWriter {

    private final RecordingOutputStream recorder;

    /** Writes to {@code out} in the platform's encoding (as {@code System.out}), flushing on every line. */
    StandardOutput(OutputStream out) {
        this(new RecordingOutputStream(out));
    }

    private StandardOutput(RecordingOutputStream recorder) {
        super(new OutputStreamWriter(recorder, Charset.defaultCharset()), true);
        this.recorder = recorder;
    }

    /** The error to report when {@code out.checkError()}: the reason this class kept, or a generic one. */
    static IOException failure(PrintWriter out) {
        IOException first = out instanceof StandardOutput s ? s.recorder.first() : null;
        String reason = first == null ? "a write error" : OutputFile.reason(first);
        return new IOException("cannot write to standard output: " + reason, first);
    }
}
