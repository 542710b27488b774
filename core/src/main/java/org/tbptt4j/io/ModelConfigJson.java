package org.tbptt4j.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.LossType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.Precision;

/**
 * A model directory's {@code config.json}, format version 1:
 *
 * <pre>{@code
 * {
 *   "format" : "tbptt4j-model",
 *   "version" : 1,
 *   "model" : { "cell" : "lstm", "inputs" : 3, "embedding" : 0, "hidden" : 5, "layers" : 2, "outputs" : 2, "dropout" : 0.0 },
 *   "loss" : "mse",
 *   "precision" : "f32",
 *   "extra" : { "data" : { ...the data recipe, see DataRecipeJson... }, ... }
 * }
 * }</pre>
 *
 * Reading checks every field and names the first bad one; unknown fields are ignored.
 */
final class ModelConfigJson {

    static final String FORMAT = "tbptt4j-model";
    static final int VERSION = 1;
    /** Where in {@code extra} the data recipe is kept. */
    static final String DATA_KEY = "data";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** What config.json holds. */
    record Parsed(ModelConfig model, LossType loss, Precision precision, ObjectNode extra) {
    }

    private final Path file;

    private ModelConfigJson(Path file) {
        this.file = file;
    }

    /** The pretty-printed config.json of {@code m}, UTF-8. */
    static byte[] write(SavedModel m) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ModelConfig c = m.model();
        ObjectNode model = root.putObject("model");
        model.put("cell", c.cell().id());
        model.put("inputs", c.inputs());
        model.put("embedding", c.embedding());
        model.put("hidden", c.hidden());
        model.put("layers", c.layers());
        model.put("outputs", c.outputs());
        model.put("dropout", c.dropout());
        root.put("loss", m.loss().id);
        root.put("precision", id(m.precision()));
        ObjectNode extra = m.extra().deepCopy();
        if (m.data() != null) {
            extra.set(DATA_KEY, DataRecipeJson.write(m.data()));
        }
        root.set("extra", extra);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** The name of a precision in config.json: "f32" or "f64". */
    static String id(Precision p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code bytes} is a JSON object whose format field says it is a tbptt4j model's config (any version). */
    static boolean isModelConfig(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            return root != null && root.path("format").asText("").equals(FORMAT);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Parses and checks config.json's content; {@code file} names it in messages. */
    static Parsed parse(Path file, byte[] bytes) {
        return new ModelConfigJson(file).parse(bytes);
    }

    private Parsed parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw fail("is not valid JSON" + where + ": " + why);
        }
        if (root == null || !root.isObject()) {
            throw fail("is not a JSON object");
        }
        if (!root.has("format")) {
            throw new ModelFormatException(file + ": has no format field, so it is not a tbptt4j model's config"
                    + " (a tbptt4j model directory holds config.json with \"format\": \"" + FORMAT + "\")");
        }
        String format = text(root, "format");
        if (!format.equals(FORMAT)) {
            throw new ModelFormatException(file + ": format is '" + format + "', not '" + FORMAT
                    + "': this is not a tbptt4j model directory");
        }
        JsonNode v = field(root, "version");
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw bad("version", "must be a positive integer, got " + v);
        }
        if (v.intValue() > VERSION) {
            throw new ModelFormatException(file + ": the model was written in format version " + v.intValue()
                    + ", newer than this tbptt4j reads (version " + VERSION + "): upgrade tbptt4j to load it");
        }
        JsonNode m = field(root, "model");
        if (!m.isObject()) {
            throw bad("model", "must be an object, got " + m.getNodeType());
        }
        ModelConfig model;
        try {
            model = new ModelConfig(
                    choice("model.cell", text(m, "model.cell"), CellType::parse),
                    integer(m, "model.inputs", 1),
                    integer(m, "model.embedding", 0),
                    integer(m, "model.hidden", 1),
                    integer(m, "model.layers", 1),
                    integer(m, "model.outputs", 1),
                    dropout(m));
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw fail("describes an invalid model: " + e.getMessage());
        }
        checkSize(model);
        LossType loss = choice("loss", text(root, "loss"), LossType::parse);
        Precision precision = choice("precision", text(root, "precision"), ModelConfigJson::precision);
        JsonNode extra = root.get("extra");
        if (extra != null && !extra.isObject()) {
            throw bad("extra", "must be an object, got " + extra.getNodeType());
        }
        ObjectNode x = extra == null ? JSON.createObjectNode() : (ObjectNode) extra;
        return new Parsed(model, loss, precision, x);
    }

    private static Precision precision(String s) {
        for (Precision p : Precision.values()) {
            if (id(p).equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + s + "': use f32 or f64");
    }

    /** Guards against a damaged config that asks for more parameters than a Java array holds. */
    private void checkSize(ModelConfig c) {
        long h = c.hidden();
        long gh = (long) c.cell().gates * h;
        long n = (long) c.inputs() * c.embedding() + (long) c.outputs() * (h + 1);
        for (int l = 0; l < c.layers() && n < Integer.MAX_VALUE; l++) {
            n += gh * (c.layerInputs(l) + h + 2);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw fail("describes a model with more than " + (Integer.MAX_VALUE - 8)
                    + " parameters, more than tbptt4j holds; the file is probably damaged");
        }
    }

    private JsonNode field(JsonNode parent, String path) {
        JsonNode n = parent.get(path.substring(path.lastIndexOf('.') + 1));
        if (n == null || n.isNull()) {
            throw bad(path, "is missing");
        }
        return n;
    }

    private String text(JsonNode parent, String path) {
        JsonNode n = field(parent, path);
        if (!n.isTextual()) {
            throw bad(path, "must be a string, got " + n);
        }
        return n.textValue();
    }

    private int integer(JsonNode parent, String path, int min) {
        JsonNode n = field(parent, path);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min) {
            throw bad(path, "must be a " + (min > 0 ? "positive" : "non-negative") + " integer, got " + n);
        }
        return n.intValue();
    }

    private double dropout(JsonNode parent) {
        JsonNode n = field(parent, "model.dropout");
        if (!n.isNumber() || !(n.doubleValue() >= 0 && n.doubleValue() < 1)) {
            throw bad("model.dropout", "must be a number in [0, 1), got " + n);
        }
        return n.doubleValue();
    }

    private <T> T choice(String path, String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw bad(path, "is invalid: " + e.getMessage());
        }
    }

    private ModelFormatException bad(String path, String problem) {
        return fail("field " + path + " " + problem);
    }

    private ModelFormatException fail(String problem) {
        return new ModelFormatException(file + ": " + problem + ". Fix the file, or re-save the model");
    }
}
