package org.tbptt4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.analysis.Analysis;
import org.tbptt4j.analysis.Suggestion;
import org.tbptt4j.analysis.Suggestions;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;

/**
 * {@code DIR/summary.json}: per configuration the statistics of its repeats (mean, sd, median,
 * 95% Student-t interval), the ranking by mean, ties (configurations whose difference from the
 * best is not significant by Welch's t-test, p >= 0.05), mean learning curves, the data at a glance,
 * the autocorrelation analysis, and the recommended configuration with the command that trains it.
 */
public final class GridSummary {

    /** Configurations not significantly worse than the best at this level are ties. */
    public static final double TIE_P = 0.05;

    private static final ObjectMapper JSON = new ObjectMapper();

    private GridSummary() {
    }

    /** Builds the summary from the journal's trials of this grid; {@code dataArgs} are the data options to repeat in the command. */
    public static ObjectNode build(Preparation prep, Grid grid, GridSearch.Result result, String dataArgs) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("data", data(prep));
        JsonNode analysis = analysis(prep);
        if (analysis != null) {
            root.set("analysis", analysis);
        }
        root.put("metric", result.trials().isEmpty() ? "validation_loss" : result.trials().get(0).path("metric_name").asText());
        root.put("lower_is_better", true).put("repeats", grid.repeats()).put("trials_done", result.done())
                .put("trials_total", result.total()).put("stopped_early", result.stoppedEarly())
                .put("stop_reason", result.stoppedEarly() ? "the budget was spent before every trial ran" : "");
        root.put("data_args", dataArgs.trim());
        ArrayNode definition = root.putArray("grid");
        for (int i = 0; i < grid.configs().size(); i++) {
            RunConfig c = grid.configs().get(i);
            ObjectNode d = definition.addObject();
            d.put("index", i).put("key_prefix", c + "#").put("command", command(c, dataArgs));
            d.set("config", GridSearch.configJson(c, c.k1(), c.k2()));
        }
        rankConfigs(root, result.trials());
        return root;
    }

    /**
     * Recomputes the statistics, ranking and recommendation of DIR/summary.json from the journal
     * DIR/trials.jsonl (for a grid still running, killed, or resumed since) and writes it back.
     */
    public static ObjectNode refresh(Path dir) throws IOException {
        JsonNode read = JSON.readTree(dir.resolve("summary.json").toFile());
        if (!(read instanceof ObjectNode root) || !root.has("grid")) {
            throw new IllegalArgumentException(dir.resolve("summary.json") + " has no grid definition: rerun tbptt4j grid with --out " + dir);
        }
        List<JsonNode> trials;
        try (Journal j = Journal.open(dir.resolve(GridSearch.JOURNAL))) {
            trials = j.entries();
        }
        int total = root.path("repeats").asInt() * root.get("grid").size();
        int done = 0;
        for (JsonNode t : trials) {
            for (JsonNode d : root.get("grid")) {
                if (t.path("key").asText().startsWith(d.path("key_prefix").asText())) {
                    done++;
                    break;
                }
            }
        }
        root.put("trials_done", done).put("trials_total", total).put("stopped_early", done < total)
                .put("stop_reason", done < total ? "the grid has not run every trial yet: rerun tbptt4j grid with the same --out" : "");
        rankConfigs(root, trials);
        write(dir, root);
        return root;
    }

    /** Fills "configs" (sorted by rank) and "best" from the grid definition in root and the trials. */
    private static void rankConfigs(ObjectNode root, List<JsonNode> trials) {
        List<ObjectNode> configs = new ArrayList<>();
        for (JsonNode d : root.get("grid")) {
            configs.add(config(d, trials));
        }
        rank(configs);
        ArrayNode arr = root.putArray("configs");
        configs.stream().sorted(Comparator.comparingInt(c -> c.path("rank").asInt(Integer.MAX_VALUE))).forEach(arr::add);
        root.remove("best");
        for (ObjectNode c : configs) {
            if (c.path("rank").asInt() == 1) {
                JsonNode d = root.get("grid").get(c.path("index").asInt());
                root.putObject("best").put("index", c.path("index").asInt()).put("label", c.path("label").asText())
                        .put("command", d.path("command").asText());
            }
        }
    }

    /** Writes DIR/summary.json atomically. */
    public static void write(Path dir, ObjectNode summary) throws IOException {
        GridSearch.writeAtomically(dir.resolve("summary.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    }

    /** One configuration's statistics over its finished trials; d is its entry of the grid definition. */
    private static ObjectNode config(JsonNode d, List<JsonNode> trials) {
        int index = d.path("index").asInt();
        String prefix = d.path("key_prefix").asText();
        List<Double> values = new ArrayList<>();
        int diverged = 0;
        List<double[]> train = new ArrayList<>();
        List<double[]> valid = new ArrayList<>();
        JsonNode cfg = null;
        for (JsonNode t : trials) {
            if (!t.path("key").asText().startsWith(prefix)) {
                continue;
            }
            cfg = t.get("config");
            if ("diverged".equals(t.path("status").asText()) || t.path("metric").isNull()) {
                diverged++;
                continue;
            }
            values.add(t.path("metric").asDouble());
            JsonNode ep = t.path("epochs");
            double[] tr = new double[ep.size()];
            double[] va = new double[ep.size()];
            for (int e = 0; e < ep.size(); e++) {
                tr[e] = ep.get(e).path("train_loss").asDouble(Double.NaN);
                va[e] = ep.get(e).path("validation_loss").asDouble(Double.NaN);
            }
            train.add(tr);
            valid.add(va);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Statistics.Summary s = Statistics.summarize(v);
        ObjectNode o = JSON.createObjectNode();
        o.put("index", index);
        ObjectNode configJson = (ObjectNode) (cfg != null ? cfg : d.get("config"));
        o.put("label", configJson.path("label").asText());
        o.set("config", configJson);
        o.put("n", s.n());
        putFinite(o, "mean", s.mean());
        putFinite(o, "sd", s.sd());
        putFinite(o, "median", s.median());
        putFinite(o, "ci_low", s.ciLow());
        putFinite(o, "ci_high", s.ciHigh());
        ArrayNode vals = o.putArray("values");
        for (double x : v) {
            vals.add(x);
        }
        o.put("diverged", diverged);
        ObjectNode curve = o.putObject("curve");
        curve.set("train", meanCurve(train));
        curve.set("validation", meanCurve(valid));
        return o;
    }

    /** Ranks by mean (lower is better); ties are those not significantly worse than the best (Welch p >= 0.05). */
    private static void rank(List<ObjectNode> configs) {
        List<ObjectNode> ranked = new ArrayList<>(configs.stream().filter(c -> c.path("n").asInt() > 0 && c.has("mean")
                && !c.get("mean").isNull()).toList());
        ranked.sort(Comparator.comparingDouble((ObjectNode c) -> c.path("mean").asDouble())
                .thenComparingInt(c -> c.path("index").asInt()));
        Statistics.Summary best = ranked.isEmpty() ? null : summaryOf(ranked.get(0));
        for (int r = 0; r < ranked.size(); r++) {
            ObjectNode c = ranked.get(r);
            c.put("rank", r + 1);
            if (r == 0) {
                c.put("p_value_vs_best", 1.0).put("tie", true);
                continue;
            }
            double p = Statistics.welchP(summaryOf(c), best);
            putFinite(c, "p_value_vs_best", p);
            c.put("tie", Double.isFinite(p) && p >= TIE_P);
        }
    }

    private static Statistics.Summary summaryOf(ObjectNode c) {
        return new Statistics.Summary(c.path("n").asInt(), c.path("mean").asDouble(), c.path("sd").asDouble(Double.NaN),
                c.path("median").asDouble(), c.path("ci_low").asDouble(), c.path("ci_high").asDouble());
    }

    private static ArrayNode meanCurve(List<double[]> curves) {
        ArrayNode out = JSON.createArrayNode();
        int len = curves.stream().mapToInt(a -> a.length).max().orElse(0);
        for (int e = 0; e < len; e++) {
            double sum = 0;
            int n = 0;
            for (double[] c : curves) {
                if (e < c.length && Double.isFinite(c[e])) {
                    sum += c[e];
                    n++;
                }
            }
            if (n > 0) {
                out.add(sum / n);
            } else {
                out.addNull();
            }
        }
        return out;
    }

    private static ObjectNode data(Preparation prep) throws IOException {
        ObjectNode d = JSON.createObjectNode();
        d.put("file", prep.spec().file().getFileName().toString()).put("checksum", GridSearch.sha256(prep.spec().file()))
                .put("task", prep.task().describe()).put("sequences", prep.train().size())
                .put("steps", prep.train().stream().mapToLong(Sequence::length).sum());
        ArrayNode first = d.putArray("first_values");
        Sequence s = prep.train().get(0);
        for (int t = 0; t < Math.min(500, s.length()); t++) {
            first.add(s.y()[t * s.targetWidth()]);
        }
        return d;
    }

    /** The ACF/PACF analysis of the longest training sequence's first target, for numeric forecasting tasks. */
    private static JsonNode analysis(Preparation prep) {
        if (Experiment.hasClasses(prep.task())) {
            return null;
        }
        Sequence s = prep.train().stream().max(Comparator.comparingInt(Sequence::length)).orElseThrow();
        if (s.length() < 8) {
            return null;
        }
        double[] y = new double[s.length()];
        for (int t = 0; t < y.length; t++) {
            y[t] = s.y()[t * s.targetWidth()];
        }
        Analysis a;
        try {
            a = Suggestions.analyze(y, Math.min(200, y.length - 1));
        } catch (IllegalArgumentException e) {
            return null; // a constant series has no autocorrelation to show
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("n", a.n());
        o.set("acf", JSON.valueToTree(a.acf()));
        o.set("acf_band", JSON.valueToTree(a.acfBand()));
        o.set("pacf", JSON.valueToTree(a.pacf()));
        o.put("pacf_band", a.pacfBand());
        ArrayNode sug = o.putArray("suggestions");
        for (Suggestion g : a.suggestions()) {
            sug.addObject().put("length", g.length()).put("rule", g.rule());
        }
        return o;
    }

    /** The command line that trains a configuration. */
    static String command(RunConfig c, String dataArgs) {
        StringBuilder s = new StringBuilder("bin/tbptt4j train ").append(dataArgs.trim());
        s.append(" --strategy ").append(c.strategy());
        if (c.length() > 0) {
            s.append(" --length ").append(c.length());
        }
        if (c.k1() > 0) {
            s.append(" --k1 ").append(c.k1());
        }
        if (c.k2() > 0) {
            s.append(" --k2 ").append(c.k2());
        }
        s.append(String.format(Locale.ROOT, " --batch %d --cell %s --hidden %d --layers %d --epochs %d --optimizer %s --lr %s --seed %d --out model",
                c.batch(), c.cell().id(), c.hidden(), c.layers(), c.epochs(), c.optimizer().id(), c.lr(), c.seed()));
        return s.toString();
    }

    private static void putFinite(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }
}
