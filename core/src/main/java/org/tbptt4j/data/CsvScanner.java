package org.tbptt4j.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A hand-written RFC 4180 record scanner: quoted fields ({@code "a,b"}, doubled quotes, line
 * breaks inside quotes), LF, CRLF or CR line ends, a leading byte-order mark, and blank lines
 * (empty or only spaces/tabs/CR), which are skipped. Spaces and tabs around an unquoted field and
 * around a quoted one are trimmed unless they are the delimiter.
 *
 * <p>The fields of the current record live in one reused char array ({@link #chars}) as
 * (start, length) ranges, so a numeric cell never becomes a String.
 */
final class CsvScanner implements Closeable {

    private final Reader in;
    private final String file;
    private final char delim;
    private final boolean trimBlanks;   // spaces/tabs are padding, not the delimiter

    private final char[] buf = new char[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private long line = 1;              // physical line of buf[pos]

    /** The current record's characters; field f is chars[start[f], start[f] + length[f]). */
    char[] chars = new char[256];
    int[] start = new int[16];
    int[] length = new int[16];
    /** Fields in the current record. */
    int fields;
    /** 1-based line on which the current record starts. */
    long recordLine;
    private boolean lastFieldWasQuoted;   // "" is an empty field, not a blank line

    CsvScanner(Reader in, String file, char delim) {
        this.in = in;
        this.file = file;
        this.delim = delim;
        this.trimBlanks = delim != ' ' && delim != '\t';
    }

    /** Field f of the current record as a String. */
    String text(int f) {
        return new String(chars, start[f], length[f]);
    }

    /** Reads the next non-blank record; false at end of file. */
    boolean next() throws IOException {
        while (true) {
            if (!fill()) {
                return false;
            }
            recordLine = line;
            fields = 0;
            int n = 0;   // chars used in this record
            boolean blank = true;
            while (true) {
                if (fields == start.length) {
                    start = Arrays.copyOf(start, fields * 2);
                    length = Arrays.copyOf(length, fields * 2);
                }
                int before = n;
                n = field(n);
                if (n > before || lastFieldWasQuoted) {
                    blank = false;
                }
                fields++;
                // at a delimiter, a line end or the end of the file
                if (!fill()) {
                    break;
                }
                char c = buf[pos];
                if (c == delim) {
                    pos++;
                    blank = false;
                    continue;
                }
                endLine();
                break;
            }
            if (!blank) {
                return true;
            }
        }
    }

    /** Scans one field into chars from index n; returns the new n. Stops before the delimiter or line end. */
    private int field(int n) throws IOException {
        lastFieldWasQuoted = false;
        if (trimBlanks) {
            while (fill() && (buf[pos] == ' ' || buf[pos] == '\t')) {
                pos++;
            }
        }
        start[fields] = n;
        if (fill() && buf[pos] == '"') {
            lastFieldWasQuoted = true;
            pos++;
            return quoted(n);
        }
        // unquoted: up to the delimiter or a line end
        while (fill()) {
            int p = pos;
            int e = end;
            char[] b = buf;
            while (p < e) {
                char c = b[p];
                if (c == delim || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            int run = p - pos;
            if (n + run > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, n + run));
            }
            System.arraycopy(b, pos, chars, n, run);
            n += run;
            pos = p;
            if (p < e) {
                break;
            }
        }
        if (trimBlanks) {
            while (n > start[fields] && (chars[n - 1] == ' ' || chars[n - 1] == '\t')) {
                n--;
            }
        }
        length[fields] = n - start[fields];
        return n;
    }

    // after the opening quote: "" is one quote; the field ends at a lone quote
    private int quoted(int n) throws IOException {
        long opened = line;
        while (true) {
            if (!fill()) {
                throw new DataFormatException(file, opened, fields + 1,
                        "the quoted field opened here is never closed; add the closing '\"' (a quote inside a field is written \"\")");
            }
            char c = buf[pos++];
            if (c == '"') {
                if (fill() && buf[pos] == '"') {
                    pos++;
                } else {
                    break;
                }
            } else if (c == '\n') {
                line++;
            }
            if (n == chars.length) {
                chars = Arrays.copyOf(chars, n * 2);
            }
            chars[n++] = c;
        }
        length[fields] = n - start[fields];
        while (trimBlanks && fill() && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        if (fill() && buf[pos] != delim && buf[pos] != '\n' && buf[pos] != '\r') {
            throw new DataFormatException(file, line, fields + 1, "unexpected '" + buf[pos]
                    + "' after the closing quote; quote the whole field and write a quote inside it as \"\"");
        }
        return n;
    }

    // at '\n', '\r' or "\r\n": step over it
    private void endLine() throws IOException {
        char c = buf[pos++];
        if (c == '\r' && fill() && buf[pos] == '\n') {
            pos++;
        }
        line++;
    }

    /** Makes buf[pos] valid; false at end of file. Skips a byte-order mark at the very start. */
    private boolean fill() throws IOException {
        if (pos < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        boolean first = end == 0 && line == 1;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            eof = true;
            pos = end = 0;
            return false;
        }
        pos = 0;
        end = r;
        if (first && buf[0] == '\uFEFF') {
            pos = 1;
            return fill();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
