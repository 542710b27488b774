package org.tbptt4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates the JSON header of a safetensors file against the size of its data section.
 * The checks are those of the reference implementation: the header is strict UTF-8 JSON, one object
 * whose entries are tensors ({@code dtype}, {@code shape}, {@code data_offsets}) plus an optional
 * {@code __metadata__} object of strings; each tensor's byte range matches dtype x shape; the ranges,
 * in offset order, tile the data section exactly (no gap, no overlap, nothing after the last).
 */
final class SafeTensorsHeader {

    /** The dtype names the safetensors format defines; those other than F32 and F64 are valid but not read here. */
    private static final Set<String> FORMAT_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32",
            "U32", "I64", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final Map<String, SafeTensors.TensorInfo> tensors;
    final Map<String, String> metadata;

    private final Path file;

    private SafeTensorsHeader(Path file) {
        this.file = file;
        this.tensors = new LinkedHashMap<>();
        this.metadata = new LinkedHashMap<>();
    }

    /**
     * Parses {@code header} (the N header bytes) of {@code file}, whose data section holds
     * {@code dataLength} bytes; the tensors come out in data order.
     */
    static SafeTensorsHeader parse(Path file, byte[] header, long dataLength) {
        SafeTensorsHeader h = new SafeTensorsHeader(file);
        JsonNode root = h.json(header);
        List<SafeTensors.TensorInfo> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(SafeTensors.METADATA_KEY)) {
                h.readMetadata(e.getValue());
            } else {
                list.add(h.readTensor(e.getKey(), e.getValue()));
            }
        }
        list.sort(Comparator.comparingLong(SafeTensors.TensorInfo::begin).thenComparingLong(SafeTensors.TensorInfo::end));
        h.checkTiling(list, dataLength);
        for (SafeTensors.TensorInfo t : list) {
            h.tensors.put(t.name(), t);
        }
        return h;
    }

    private JsonNode json(byte[] header) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the header is not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw fail("the header is not a JSON object (it does not start with '{')");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw fail("the header is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail("the header is not a JSON object");
        }
        return root;
    }

    private void readMetadata(JsonNode node) {
        if (!node.isObject()) {
            throw fail(SafeTensors.METADATA_KEY + " must be an object of strings, got " + node.getNodeType());
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw fail(SafeTensors.METADATA_KEY + "." + e.getKey() + " must be a string, got " + e.getValue());
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
    }

    private SafeTensors.TensorInfo readTensor(String name, JsonNode node) {
        String what = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw fail(what + " must be an object with dtype, shape and data_offsets, got " + node.getNodeType());
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw fail(what + ": dtype is missing or not a string");
        }
        SafeTensors.DType dtype = dtype(what, dt.textValue());
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw fail(what + ": shape is missing or not an array");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(what + ": shape", shapeNode.get(i));
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException ex) {
                throw fail(what + ": shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        JsonNode offs = node.get("data_offsets");
        if (offs == null || !offs.isArray() || offs.size() != 2) {
            throw fail(what + ": data_offsets is missing or not a pair [begin, end]");
        }
        long begin = nonNegative(what + ": data_offsets", offs.get(0));
        long end = nonNegative(what + ": data_offsets", offs.get(1));
        if (end < begin) {
            throw fail(what + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, dtype.bytes);
        } catch (ArithmeticException ex) {
            throw fail(what + ": shape " + Arrays.toString(shape) + " has too many elements");
        }
        if (end - begin != bytes) {
            throw fail(what + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes, but "
                    + dtype + " with shape " + Arrays.toString(shape) + " needs " + bytes);
        }
        return new SafeTensors.TensorInfo(name, dtype, shape, begin, end);
    }

    private SafeTensors.DType dtype(String what, String s) {
        for (SafeTensors.DType d : SafeTensors.DType.values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        if (FORMAT_DTYPES.contains(s)) {
            throw fail(what + " has dtype " + s + ", which tbptt4j does not read (only F32 and F64)");
        }
        throw fail(what + " has unknown dtype '" + s + "'");
    }

    private long nonNegative(String what, JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw fail(what + " must hold non-negative integers, got " + n);
        }
        return n.longValue();
    }

    /** The byte ranges, sorted by offset, must cover [0, dataLength) exactly. */
    private void checkTiling(List<SafeTensors.TensorInfo> sorted, long dataLength) {
        long expected = 0;
        SafeTensors.TensorInfo previous = null;
        for (SafeTensors.TensorInfo t : sorted) {
            if (t.begin() < expected) {
                throw fail("tensor '" + t.name() + "' (data_offsets [" + t.begin() + ", " + t.end()
                        + "]) overlaps tensor '" + previous.name() + "' (data_offsets [" + previous.begin() + ", "
                        + previous.end() + "])");
            }
            if (t.begin() > expected) {
                throw fail("tensor '" + t.name() + "' begins at data byte " + t.begin() + ", but the "
                        + (previous == null ? "data begin at 0" : "previous tensor '" + previous.name() + "' ends at " + expected)
                        + ": the data_offsets leave a gap");
            }
            expected = t.end();
            previous = t;
        }
        if (expected > dataLength) {
            throw fail("the file is truncated: tensor '" + previous.name() + "' ends at data byte " + expected
                    + ", but the file holds only " + dataLength + " data bytes");
        }
        if (expected < dataLength) {
            throw fail("the file has " + (dataLength - expected) + " trailing bytes after the last tensor"
                    + (previous == null ? "" : " ('" + previous.name() + "', ending at data byte " + expected + ")"));
        }
    }

    private ModelFormatException fail(String what) {
        return SafeTensors.damaged(file, what);
    }
}
