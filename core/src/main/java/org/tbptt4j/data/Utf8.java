package org.tbptt4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one message for a data file that is not UTF-8 text (every reader reads UTF-8): where the
 * first byte that is not UTF-8 is (line and byte), whether the file looks binary, and how to convert it.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The error for a file a reader could not decode; finds the first bad byte by reading the file again. */
    static DataFormatException notText(Path file) {
        String name = file.getFileName().toString();
        long[] at;
        try {
            at = firstBadByte(file);
        } catch (IOException e) {
            at = null;
        }
        if (at == null) {
            return new DataFormatException(name, 0, null, "the file is not UTF-8 text; convert it, e.g. iconv -f latin1 -t utf-8 "
                    + name + " > utf8-" + name);
        }
        boolean binary = at[3] != 0;
        return new DataFormatException(name, at[0], null, String.format(Locale.ROOT, "byte 0x%02X (byte %,d of the file) is not "
                + "UTF-8 text%s; tbptt4j reads UTF-8: convert it, e.g. iconv -f latin1 -t utf-8 %s > utf8-%s%s", at[2], at[1] + 1,
                binary ? " and the file holds NUL bytes, so it looks binary, not text" : "", name, name,
                binary ? " (if it is text at all)" : ""));
    }

    /** {line (1-based), byte offset, the byte, whether a NUL byte came before} of the first byte that is not UTF-8, or null. */
    static long[] firstBadByte(Path file) throws IOException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        long offset = 0;   // file offset of in's position 0
        boolean nul = false;
        try (InputStream s = Files.newInputStream(file)) {
            boolean eof = false;
            while (true) {
                int r = eof ? -1 : s.read(in.array(), in.position(), in.remaining());
                if (r < 0) {
                    eof = true;
                } else {
                    in.position(in.position() + r);
                }
                in.flip();
                int from = in.position();
                CoderResult cr = d.decode(in, out, eof);
                for (int i = from; i < in.position(); i++) {
                    byte b = in.get(i);
                    line += b == '\n' ? 1 : 0;
                    nul |= b == 0;
                }
                if (cr.isError()) {
                    return new long[] {line, offset + in.position(), in.get(in.position()) & 0xFF, nul ? 1 : 0};
                }
                out.clear();
                offset += in.position();
                in.compact();
                if (eof && in.position() == 0) {
                    return null;
                }
            }
        }
    }
}
