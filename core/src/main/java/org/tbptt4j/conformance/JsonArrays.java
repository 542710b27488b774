package org.tbptt4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the fixtures' nested JSON number arrays into flat row-major double arrays, checking the
 * shape; every error names the file and the field (with the index path where it went wrong).
 */
final class JsonArrays {

    private final String file;

    JsonArrays(String file) {
        this.file = file;
    }

    JsonNode field(JsonNode parent, String path, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw fail(path.isEmpty() ? name : path + "." + name, "is missing");
        }
        return n;
    }

    int integer(JsonNode root, String name) {
        JsonNode n = field(root, "", name);
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
            throw fail(name, "must be a positive integer, got " + n);
        }
        return n.intValue();
    }

    double number(JsonNode root, String name) {
        JsonNode n = field(root, "", name);
        if (!n.isNumber()) {
            throw fail(name, "must be a number, got " + n);
        }
        return n.doubleValue();
    }

    String text(JsonNode root, String name) {
        JsonNode n = field(root, "", name);
        if (!n.isTextual()) {
            throw fail(name, "must be a string, got " + n);
        }
        return n.textValue();
    }

    /** The array at parent.name with the given shape, flattened row-major. */
    double[] array(JsonNode parent, String path, String name, int... shape) {
        String where = path.isEmpty() ? name : path + "." + name;
        long size = 1;
        for (int d : shape) {
            size *= d;
            if (d < 0 || size > Integer.MAX_VALUE) {
                throw fail(where, "shape " + java.util.Arrays.toString(shape) + " is negative or too large");
            }
        }
        double[] out = new double[(int) size];
        fill(field(parent, path, name), where, shape, 0, out, 0);
        return out;
    }

    private int fill(JsonNode n, String where, int[] shape, int dim, double[] out, int pos) {
        if (dim == shape.length) {
            if (!n.isNumber()) {
                throw fail(where, "expected a number, got " + shorten(n));
            }
            out[pos] = n.doubleValue();
            return pos + 1;
        }
        if (!n.isArray() || n.size() != shape[dim]) {
            throw fail(where, "expected an array of " + shape[dim] + " (shape " + java.util.Arrays.toString(shape)
                    + "), got " + (n.isArray() ? "an array of " + n.size() : shorten(n)));
        }
        for (int i = 0; i < shape[dim]; i++) {
            pos = fill(n.get(i), where + "[" + i + "]", shape, dim + 1, out, pos);
        }
        return pos;
    }

    FixtureException fail(String where, String what) {
        return new FixtureException(file + ": field " + where + ": " + what);
    }

    private static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
