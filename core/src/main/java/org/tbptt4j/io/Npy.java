package org.tbptt4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes NumPy {@code .npy} files (format version 1.0: magic, little-endian header dict padded to a
 * multiple of 64 bytes, then the raw C-order data), for users who take prepared arrays to NumPy,
 * Keras or PyTorch. Each file is written as every output file is, by {@link OutputFile}; several
 * arrays that belong together go through {@link OutputFile#writeAll} as one set.
 */
public final class Npy {

    private Npy() {
    }

    /** float64 array of the given shape ('&lt;f8'). */
    public static void writeDoubles(Path file, double[] data, int... shape) throws IOException {
        OutputFile.write(file, doubles(data, shape));
    }

    /** bool array of the given shape ('|b1'). */
    public static void writeBooleans(Path file, boolean[] data, int... shape) throws IOException {
        OutputFile.write(file, booleans(data, shape));
    }

    /** The content of a float64 .npy file of the given shape ('&lt;f8'). */
    public static OutputFile.Content doubles(double[] data, int... shape) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(data);
        return content("<f8", shape, data.length, buf.array());
    }

    /** The content of a bool .npy file of the given shape ('|b1'). */
    public static OutputFile.Content booleans(boolean[] data, int... shape) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return content("|b1", shape, data.length, bytes);
    }

    private static OutputFile.Content content(String dtype, int[] shape, int count, byte[] payload) {
        long n = 1;
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            n *= d;
            dims.append(d).append(", ");
        }
        if (n != count) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " does not hold " + count + " values");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = 10 + dict.length() + 1; // magic (6) + version (2) + header length (2) + dict + '\n'
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        return out -> {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = header.length();
            out.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
        };
    }
}
