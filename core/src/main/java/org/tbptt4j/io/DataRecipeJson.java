package org.tbptt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Categorical;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.DataSpec;
import org.tbptt4j.data.Missing;
import org.tbptt4j.data.Scaler;

/**
 * A model's data recipe ({@link DataRecipe}) in its {@code config.json}, under {@code extra.data}:
 * the one definition of that JSON, written and read by {@link ModelStore}. Models saved by
 * {@code tbptt4j train} before the recipe moved into the library read unchanged.
 */
final class DataRecipeJson {

    private DataRecipeJson() {
    }

    /** The recipe as JSON (what {@link #read} reads). */
    static ObjectNode write(DataRecipe r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("format", r.format().name().toLowerCase(Locale.ROOT));
        o.put("task", r.task().name().toLowerCase(Locale.ROOT));
        o.put("horizon", r.horizon());
        o.put("id_column", r.idColumn());
        o.put("time_column", r.timeColumn());
        o.put("missing", r.missing().option());
        o.set("features", strings(r.features()));
        o.set("targets", strings(r.targets()));
        // the kind alone too, so that a lost scaler is told apart from a model trained unscaled
        o.put("scale", r.scaler() == null ? "none" : r.scaler().kind().name().toLowerCase(Locale.ROOT));
        if (r.scaler() == null) {
            o.putNull("scaler");
        } else {
            ObjectNode s = o.putObject("scaler");
            s.put("kind", r.scaler().kind().name().toLowerCase(Locale.ROOT));
            s.set("columns", strings(r.scaler().columns()));
            ArrayNode center = s.putArray("center");
            ArrayNode scale = s.putArray("scale");
            for (int i = 0; i < r.scaler().center().length; i++) {
                center.add(r.scaler().center()[i]);
                scale.add(r.scaler().scale()[i]);
            }
        }
        o.set("vocabulary", strings(r.vocabulary()));
        o.set("classes", strings(r.classes()));
        ArrayNode encoded = o.putArray("one_hot");
        for (Categorical c : r.oneHot()) {
            ObjectNode e = encoded.addObject();
            e.put("column", c.column());
            e.set("levels", strings(c.levels()));
        }
        return o;
    }

    /**
     * The recipe saved in a model's {@code extra.data}.
     *
     * @param where names the file in messages
     * @throws ModelFormatException if it is damaged
     */
    static DataRecipe read(JsonNode o, Path where) {
        if (!o.isObject()) {
            throw new ModelFormatException(where + ": the data recipe (extra.data) is not a JSON object; save the model "
                    + "again or restore an intact copy");
        }
        try {
            DataSpec.Format format = DataSpec.Format.parse(text(o, "format"));
            DataSpec.TaskKind task = DataSpec.TaskKind.valueOf(text(o, "task").toUpperCase(Locale.ROOT));
            Missing missing = null;
            for (Missing m : Missing.values()) {
                if (m.option().equals(text(o, "missing"))) {
                    missing = m;
                }
            }
            if (missing == null) {
                throw new IllegalArgumentException("unknown missing-value policy " + o.get("missing"));
            }
            DataRecipe.SavedScaler scaler = null;
            JsonNode s = o.get("scaler");
            if (s != null && s.isObject()) {
                scaler = new DataRecipe.SavedScaler(Scaler.Kind.valueOf(text(s, "kind").toUpperCase(Locale.ROOT)), list(s, "columns"),
                        doubles(s, "center"), doubles(s, "scale"));
            }
            String scaled = nullableText(o, "scale");
            if (scaler == null && scaled != null && !scaled.equals("none")) {
                throw new IllegalArgumentException("the features were scaled (" + scaled + ") at training, but the fitted "
                        + "scaler (extra.data.scaler) is missing, so new data cannot be scaled the same way");
            }
            return new DataRecipe(format, task, o.path("horizon").asInt(1), nullableText(o, "id_column"),
                    nullableText(o, "time_column"), missing, list(o, "features"), list(o, "targets"), scaler,
                    list(o, "vocabulary"), list(o, "classes"), oneHot(o));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelFormatException(where + ": the data recipe (extra.data) is damaged (" + e.getMessage()
                    + "); train the model again or restore an intact copy");
        }
    }

    private static List<Categorical> oneHot(JsonNode o) {
        List<Categorical> out = new ArrayList<>();
        o.path("one_hot").forEach(e -> out.add(new Categorical(text(e, "column"), list(e, "levels"))));
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v.asText();
    }

    private static String nullableText(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode o, String key) {
        List<String> out = new ArrayList<>();
        o.path(key).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static double[] doubles(JsonNode o, String key) {
        JsonNode a = o.path(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
