package org.tbptt4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.TrialKey;
import org.tbptt4j.experiment.TrialRecord;
import org.tbptt4j.model.CellType;

/**
 * A realistic grid output directory for the tests: summary.json and trials.jsonl in the formats
 * the grid writes, for four configurations of a Mackey-Glass-like series (two tied at rank 1, one
 * with diverged repeats).
 */
final class GridOutput {

    static final String CHECKSUM = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final List<String> LABELS_BY_RANK = List.of(
            "naive L=50 (50,50) lstm H=32",
            "packed L=100 (25,50) lstm H=32",
            "packed L=200 (50,100) gru H=16",
            "naive L=10 (10,10) rnn H=8");
    private static final int[] INDEX_BY_RANK = {3, 1, 2, 0};
    private static final int[] RANK = {1, 1, 3, 4};
    private static final boolean[] TIE = {true, true, false, false};
    private static final double[] MEAN = {0.0121, 0.0125, 0.0190, 0.0450};
    private static final int REPEATS = 30;

    private final ObjectMapper json = GridFiles.JSON;
    private final Random random = new Random(42);

    /** Writes summary.json (with the analysis unless {@code withAnalysis} is false) and trials.jsonl into dir. */
    static void write(Path dir, boolean withAnalysis) throws IOException {
        GridOutput grid = new GridOutput();
        Map<String, Object> summary = grid.summary(withAnalysis);
        Files.writeString(dir.resolve("summary.json"), grid.json.writeValueAsString(summary), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("trials.jsonl"), grid.journal(), StandardCharsets.UTF_8);
    }

    /** The summary as a mutable map, so a test can change a field before writing it. */
    Map<String, Object> summary(boolean withAnalysis) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schema", GridFiles.SCHEMA); // without a grid definition: the page shows these statistics as they are
        s.put("data", data());
        if (withAnalysis) {
            s.put("analysis", analysis());
            s.put("horizon", horizon());
            s.put("advice", List.of(
                    Map.of("source", "acf", "length", 50, "rule", "ACF: ACF peaks at lag 50 (period 50)",
                            "configuration", "domain L=50 lstm H=32"),
                    Map.of("source", "horizon", "length", 14, "rule", "gradient horizon: the smallest K with bias(K) <= 0.1",
                            "configuration", "horizon: naive L=50 (50,63) lstm H=32")));
        }
        s.put("metric", "validation_loss");
        s.put("lower_is_better", true);
        s.put("repeats", REPEATS);
        s.put("trials_done", 120);
        s.put("trials_total", 120);
        s.put("stopped_early", false);
        s.put("stop_reason", "");
        List<Map<String, Object>> configs = new ArrayList<>();
        for (int r = 0; r < LABELS_BY_RANK.size(); r++) {
            configs.add(config(r));
        }
        s.put("configs", configs);
        s.put("best", Map.of("index", INDEX_BY_RANK[0], "label", LABELS_BY_RANK.get(0),
                "command", "bin/tbptt4j train --data data/MackeyGlass_t17.txt --strategy naive --length 50 "
                        + "--k1 50 --k2 50 --batch 16 --cell lstm --hidden 32 --epochs 5 --lr 0.01 --optimizer adam"));
        // the answers: two baselines (one above every configuration, one below), the verdict, the scored test part
        s.put("baselines", List.of(
                Map.of("name", "persistence", "rule", "the last observed value", "metric", 0.0600, "rank_among", 5),
                Map.of("name", "AR(8)", "rule", "least squares on the training part", "metric", 0.0100, "rank_among", 1)));
        s.put("verdict", Map.of("baseline", "AR(8)", "baseline_metric", 0.0100, "best_mean", MEAN[0], "recurrent_wins", false,
                "text", "No recurrent configuration beats the best baseline: AR(8) has validation_loss 0.0100"));
        double[] actual = new double[300];
        double[] predicted = new double[300];
        for (int t = 0; t < actual.length; t++) {
            actual[t] = 0.9 + 0.3 * Math.sin(2 * Math.PI * t / 50.0);
            predicted[t] = actual[t] + 0.02 * random.nextGaussian();
        }
        s.put("test", Map.of("part", "the test part: the last 15% of the series in time (1,500 steps)", "model",
                "retrained with repeat 0's seed", "config_index", INDEX_BY_RANK[0], "seed", 1000003, "columns", List.of("value"),
                "rows", List.of(testRow("recommended: naive (50,50) lstm H=32", false, 0.021),
                        testRow("persistence", true, 0.034), testRow("AR(8)", true, 0.018)),
                "actual", actual, "predicted", predicted, "note", "from a fresh state"));
        return s;
    }

    private static Map<String, Object> testRow(String name, boolean baseline, double rmse) {
        return Map.of("name", name, "baseline", baseline, "count", 1500, "rmse", new double[] {rmse}, "mae",
                new double[] {0.8 * rmse}, "mase", new double[] {rmse / 0.034});
    }

    ObjectMapper json() {
        return json;
    }

    private Map<String, Object> data() {
        double[] first = new double[500];
        for (int t = 0; t < first.length; t++) {
            first[t] = 0.9 + 0.3 * Math.sin(2 * Math.PI * t / 50.0) + 0.08 * Math.sin(2 * Math.PI * t / 17.0);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", "MackeyGlass_t17.txt");
        d.put("checksum", CHECKSUM);
        d.put("task", "next-step forecasting");
        d.put("sequences", 1);
        d.put("steps", 6999);
        d.put("first_values", first);
        d.put("column", "value");
        return d;
    }

    private Map<String, Object> analysis() {
        int lags = 120;
        double[] acf = new double[lags + 1];
        double[] band = new double[lags + 1];
        double sumSq = 0;
        for (int k = 0; k <= lags; k++) {
            acf[k] = Math.cos(2 * Math.PI * k / 50.0) * Math.exp(-k / 200.0);
            band[k] = k == 0 ? 0 : 1.96 * Math.sqrt((1 + 2 * sumSq) / 6999.0); // Bartlett
            if (k > 0) {
                sumSq += acf[k] * acf[k];
            }
        }
        double[] pacf = new double[61];
        pacf[0] = 1;
        for (int k = 1; k < pacf.length; k++) {
            pacf[k] = k == 1 ? 0.99 : k == 2 ? -0.6 : 0.05 * random.nextGaussian();
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("n", 6999);
        a.put("acf", acf);
        a.put("acf_band", band);
        a.put("pacf", pacf);
        a.put("pacf_band", 1.96 / Math.sqrt(6999));
        a.put("suggestions", List.of(
                Map.of("length", 25, "rule", "PACF cuts off after lag 2; 25 = half the period"),
                Map.of("length", 50, "rule", "ACF peaks at lag 50 (period 50)")));
        return a;
    }

    /** A measured memory horizon: phi_k = 2 * 0.8^k with some spread, fitted from lag 3. */
    private Map<String, Object> horizon() {
        int lags = 40;
        double[] phi = new double[lags + 1];
        double[] lower = new double[lags + 1];
        double[] upper = new double[lags + 1];
        for (int k = 0; k <= lags; k++) {
            phi[k] = 2 * Math.pow(0.8, k) * (1 + 0.05 * random.nextGaussian());
            lower[k] = 0.6 * phi[k];
            upper[k] = 1.3 * phi[k];
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("warm_up", "domain L=50 lstm H=32");
        h.put("seed", 1000003);
        h.put("epochs", 12);
        h.put("part", "validation");
        h.put("max_lag", lags);
        h.put("samples", 64);
        h.put("tolerance", 0.1);
        h.put("phi", phi);
        h.put("lower_quartile", lower);
        h.put("upper_quartile", upper);
        h.put("fit", Map.of("from", 3, "to", lags, "points", lags - 2, "log_c", Math.log(2), "beta", 0.8, "beta_low", 0.79,
                "beta_high", 0.81, "r2", 0.99));
        h.put("window", 14);
        h.put("bias", 0.09);
        h.put("rule", "gradient horizon: the smallest K with bias(K) <= 0.1");
        return h;
    }

    private Map<String, Object> config(int rank) {
        int diverged = rank == 2 ? 2 : 0;
        int n = REPEATS - diverged;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = MEAN[rank] * (1 + 0.12 * random.nextGaussian());
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(values).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n - 1));
        double half = 2.045 * sd / Math.sqrt(n);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("index", INDEX_BY_RANK[rank]);
        c.put("label", LABELS_BY_RANK.get(rank));
        c.put("config", trialConfig(rank));
        c.put("trained_k1", runConfig(rank).k1());
        c.put("trained_k2", runConfig(rank).k2());
        c.put("n", n);
        c.put("mean", mean);
        c.put("sd", sd);
        c.put("median", (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
        c.put("ci_low", mean - half);
        c.put("ci_high", mean + half);
        c.put("rank", RANK[rank]);
        c.put("tie", TIE[rank]);
        c.put("p_value_vs_best", rank == 0 ? 1.0 : rank == 1 ? 0.41 : rank == 2 ? 0.0042 : 0.00001);
        c.put("values", values);
        c.put("diverged", diverged);
        c.put("p_value_holm", rank == 0 ? null : rank == 1 ? 0.41 : rank == 2 ? 0.0084 : 0.00003);
        c.put("cost", Map.of("trials", REPEATS, "updates", 700.0 * (4 - rank), "epochs", 5.0, "seconds", 1.5 * (4 - rank)));
        double[] train = new double[5];
        double[] validation = new double[5];
        for (int e = 0; e < 5; e++) {
            train[e] = MEAN[rank] * (1 + 8 * Math.exp(-1.1 * e)) * 0.9;
            validation[e] = MEAN[rank] * (1 + 6 * Math.exp(-1.0 * e));
        }
        c.put("curve", Map.of("train", train, "validation", validation));
        return c;
    }

    /** The configuration of a rank, from its label: strategy, L, (k1,k2), cell, H. */
    private static RunConfig runConfig(int rank) {
        String[] parts = LABELS_BY_RANK.get(rank).split(" ");
        String[] k = parts[2].replaceAll("[()]", "").split(",");
        return RunConfig.defaults().withModel(CellType.parse(parts[3]), Integer.parseInt(parts[4].substring(2)), 1)
                .withEpochs(5).withBatch(16).withStrategy(parts[0], Integer.parseInt(parts[1].substring(2)),
                        Integer.parseInt(k[0]), Integer.parseInt(k[1]));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> trialConfig(int rank) {
        return json.convertValue(runConfig(rank), Map.class);
    }

    /** Eight trials (two repeats of each configuration), one JSON object per line. */
    String journal() throws IOException {
        StringBuilder out = new StringBuilder();
        for (int repeat = 0; repeat < 2; repeat++) {
            for (int rank = 0; rank < LABELS_BY_RANK.size(); rank++) {
                out.append(trial(rank, repeat).toJson()).append('\n');
            }
        }
        return out.toString();
    }

    TrialRecord trial(int rank, int repeat) {
        int index = INDEX_BY_RANK[rank];
        boolean diverged = rank == 2 && repeat == 1;
        RunConfig c = runConfig(rank);
        List<TrialRecord.Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            epochs.add(new TrialRecord.Epoch(e, 0.4, 0.1 / e, 0.05 / e, 100L * (rank + 1), 50));
        }
        return new TrialRecord(GridFiles.SCHEMA, String.format("c%03d-r%02d", index, repeat), TrialKey.of(c, repeat), index, repeat,
                12345L + repeat, LABELS_BY_RANK.get(rank), c, c.k1(), c.k2(), diverged ? "diverged" : "ok",
                diverged ? null : MEAN[rank], "validation_loss", diverged ? "the loss became NaN" : null, epochs, 1.23,
                new TrialRecord.Provenance("0.1.0-SNAPSHOT", "17.0.15", "Vector API 256-bit", CHECKSUM), "2026-11-27T21:40:00Z",
                500L * (rank + 1), diverged ? "diverged" : "completed");
    }
}
