package org.tbptt4j.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes everything through to a stream and keeps the first exception its writes threw: so a writer
 * can tell a write error from an error of its content's own work ({@link OutputFile}), and an error
 * that a {@code PrintWriter} swallows can still be reported with its reason (the command line's
 * standard output).
 */
public final class RecordingOutputStream extends FilterOutputStream {

    private IOException first;

    public RecordingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw record(e);
        }
    }

    private IOException record(IOException e) {
        if (first == null) {
            first = e;
        }
        return e;
    }

    /** The first exception a write, flush or close threw, or null when none failed. */
    public IOException first() {
        return first;
    }
}
