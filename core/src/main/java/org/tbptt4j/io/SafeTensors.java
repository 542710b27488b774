package org.tbptt4j.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors), for the
 * float32 and float64 tensors a model holds.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, padded with
 * spaces so the data begin at a multiple of 8,
 * {@code {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}};
 * then the data section: every tensor's values, row-major, little-endian, at its {@code data_offsets}
 * (relative to the data start), the ranges contiguous and covering the section exactly.
 *
 * <p>Reading validates the whole header when the file is opened and rejects a damaged or foreign
 * file with a {@link ModelFormatException} naming the file and the fault. Values are moved in
 * chunks through little-endian buffer views, never one object per element, so tensors of any size
 * stream in constant memory.
 */
public final class SafeTensors implements Closeable {

    /** The header key of the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Longest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int CHUNK_BYTES = 1 << 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The element types read and written here, with their size in bytes. */
    public enum DType {
        F32(4), F64(8);

        /** Size of one element in bytes. */
        public final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * A tensor as a file's header describes it.
     *
     * @param begin first byte in the data section
     * @param end   one past the last byte in the data section
     */
    public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
        /** Number of elements, the product of the shape. */
        public long elements() {
            return (end - begin) / dtype.bytes;
        }
    }

    /**
     * A tensor to write: the {@code product(shape)} values at {@code values[offset..]}, stored as
     * {@code dtype} (F32 rounds each value to the nearest float).
     */
    public record Tensor(String name, DType dtype, int[] shape, double[] values, int offset) {
        /** Number of elements, the product of the shape. */
        public long elements() {
            long n = 1;
            for (int d : shape) {
                n = Math.multiplyExact(n, (long) d);
            }
            return n;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Path file, FileChannel channel, long dataStart, SafeTensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableMap(header.tensors);
        this.metadata = Collections.unmodifiableMap(header.metadata);
    }

    /**
     * Opens {@code file} and validates its header and size; the caller closes the result.
     *
     * @throws IOException          if the file cannot be read
     * @throws ModelFormatException if it is not a well-formed safetensors file
     */
    public static SafeTensors open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw damaged(file, "the file is " + size + " bytes long, too short to hold the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, file);
            long n = len.getLong(0);
            if (n < 0 || n > size - 8) {
                throw damaged(file, "the header length " + Long.toUnsignedString(n) + " is beyond the file size ("
                        + size + " bytes)");
            }
            if (n > MAX_HEADER_BYTES) {
                throw damaged(file, "the header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8, file);
            SafeTensorsHeader h = SafeTensorsHeader.parse(file, header.array(), size - 8 - n);
            return new SafeTensors(file, ch, 8 + n, h);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The header's {@code __metadata__}, empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** All tensors by name, in the order of their data. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; a {@link ModelFormatException} names the file when it is missing. */
    public TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw damaged(file, "tensor '" + name + "' is missing (the file has " + tensors.keySet() + ")");
        }
        return t;
    }

    /** Reads tensor {@code name} into {@code dst[offset..]}, widened to double. */
    public void read(String name, double[] dst, int offset) throws IOException {
        TensorInfo t = tensor(name);
        long n = t.elements();
        if (offset < 0 || n > dst.length - (long) offset) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + n + " elements, which do not fit at "
                    + offset + " in an array of " + dst.length);
        }
        int per = CHUNK_BYTES / t.dtype().bytes;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + t.begin();
        int out = offset;
        for (long left = n; left > 0; ) {
            int count = (int) Math.min(left, per);
            buf.clear().limit(count * t.dtype().bytes);
            readFully(channel, buf, pos, file);
            buf.flip();
            if (t.dtype() == DType.F32) {
                FloatBuffer fb = buf.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    dst[out + i] = fb.get(i);
                }
            } else {
                buf.asDoubleBuffer().get(dst, out, count);
            }
            out += count;
            pos += (long) count * t.dtype().bytes;
            left -= count;
        }
    }

    /** Reads tensor {@code name} into a new array, row-major, widened to double. */
    public double[] read(String name) throws IOException {
        long n = tensor(name).elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw damaged(file, "tensor '" + name + "' has " + n + " elements, more than a Java array holds");
        }
        double[] out = new double[(int) n];
        read(name, out, 0);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Writes {@code tensors} and {@code metadata} to a new file (it must not exist) and forces it to
     * disk. The tensors are laid out as the reference implementation does: wider dtypes first, then
     * by name.
     *
     * @throws IllegalArgumentException for duplicate or reserved names or a shape that does not fit the values
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingInt((Tensor t) -> -t.dtype().bytes).thenComparing(Tensor::name));
        byte[] header = header(sorted, metadata);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(Math.max(CHUNK_BYTES, 8 + header.length)).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).put(header).flip();
            writeFully(ch, buf);
            for (Tensor t : sorted) {
                writeValues(ch, buf, t);
            }
            ch.force(true);
        }
    }

    /** The header JSON, metadata first, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(List<Tensor> sorted, Map<String, String> metadata) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = root.putObject(METADATA_KEY);
            metadata.forEach(m::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Tensor t : sorted) {
            check(t, names);
            long bytes = t.elements() * t.dtype().bytes;
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().name());
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void check(Tensor t, Set<String> names) {
        if (t.name() == null || t.name().equals(METADATA_KEY) || !names.add(t.name())) {
            throw new IllegalArgumentException("tensor name '" + t.name() + "' is missing, reserved or used twice");
        }
        for (int d : t.shape()) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has a negative dimension: "
                        + Arrays.toString(t.shape()));
            }
        }
        if (t.offset() < 0 || t.elements() > t.values().length - (long) t.offset()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' with shape " + Arrays.toString(t.shape())
                    + " does not fit at " + t.offset() + " in an array of " + t.values().length);
        }
    }

    private static void writeValues(FileChannel ch, ByteBuffer buf, Tensor t) throws IOException {
        int per = CHUNK_BYTES / t.dtype().bytes;
        int in = t.offset();
        for (long left = t.elements(); left > 0; ) {
            int count = (int) Math.min(left, per);
            buf.clear().limit(count * t.dtype().bytes);
            if (t.dtype() == DType.F32) {
                FloatBuffer fb = buf.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    fb.put(i, (float) t.values()[in + i]);
                }
            } else {
                DoubleBuffer db = buf.asDoubleBuffer();
                db.put(t.values(), in, count);
            }
            writeFully(ch, buf);
            in += count;
            left -= count;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new EOFException(file + ": the file ended early (was it changed while being read?)");
            }
            pos += r;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** A damaged-file error: the file, the fault and what to do. */
    static ModelFormatException damaged(Path file, String what) {
        return new ModelFormatException(file + ": " + what + ". The file is damaged or not a safetensors file;"
                + " re-save the model or use an intact copy");
    }
}
