package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.analysis.Horizon;
import org.tbptt4j.data.DataRecipe;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.experiment.Experiment;
import org.tbptt4j.f32.LagGradients;
import org.tbptt4j.f32.Loss;
import org.tbptt4j.f32.StreamBatch;
import org.tbptt4j.metrics.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j horizon}: how far back a saved model's loss reaches on a data file, measured from
 * its gradients (see {@link Horizon}): the per-lag norms ||dL_t / dS_{t-k}|| with their spread, the
 * fitted geometric decay, and the k2 whose truncation bias is below each tolerance.
 */
@Command(name = "horizon", mixinStandardHelpOptions = true,
        description = {"Measures how far back a saved model's loss reaches, from its gradients, and suggests k2.",
                "At loss positions along the data it backpropagates --max-lag steps and records ||dL_t/dS_(t-k)|| per lag k;",
                "the suggested k2 is the shortest window whose relative truncation bias is at most each --tolerance.",
                "--json prints one JSON object."})
final class HorizonCommand implements Callable<Integer> {

    /** Rows of the per-lag table shown in text: every lag up to this many, then evenly spaced ones. */
    static final int TABLE_ROWS = 24;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Option(names = "--max-lag", defaultValue = "50", paramLabel = "K", description = "Lags to backpropagate. Default: ${DEFAULT-VALUE}.")
    int maxLag;

    @Option(names = "--tolerance", defaultValue = "0.1,0.01", split = ",", paramLabel = "DELTA",
            description = "Relative truncation biases to suggest a k2 for, comma-separated, each in (0, 1). Default: ${DEFAULT-VALUE}.")
    List<Double> tolerances;

    @Option(names = "--positions", defaultValue = "64", paramLabel = "N",
            description = "Loss positions sampled along the data (each with every stream row). Default: ${DEFAULT-VALUE}.")
    int positions;

    @Option(names = "--json", description = "Print the analysis as one JSON object.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Mixin
    ThreadOptions threadOptions;

    @Override
    public Integer call() throws Exception {
        threadOptions.apply();
        if (maxLag < 1) {
            throw new UserErrors.UserError("--max-lag must be at least 1, got " + maxLag);
        }
        if (positions < 1) {
            throw new UserErrors.UserError("--positions must be at least 1, got " + positions);
        }
        double[] deltas = new double[tolerances.size()];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = tolerances.get(i);
            if (!(deltas[i] > 0 && deltas[i] < 1)) {
                throw new UserErrors.UserError("--tolerance " + tolerances.get(i) + ": a relative bias in (0, 1), e.g. 0.1");
            }
        }
        LoadedModel m = input.load();
        Path file = input.file();
        DataRecipe.Input in = m.data().read(file, true);
        List<String> notes = new ArrayList<>();
        List<Sequence> sequences = in.task().applyAll(in.scaled(), notes);
        if (sequences.isEmpty()) {
            throw new UserErrors.UserError(file + ": too short for " + in.task().describe() + "; give a longer file");
        }
        StreamBatch stream = StreamBatch.fromLayout(Experiment.validationLayout(sequences, m.batch()));
        if (stream.steps < maxLag) {
            throw new UserErrors.UserError(file + ": its stream has " + stream.steps + " steps, fewer than --max-lag "
                    + maxLag + "; give a smaller --max-lag or a longer file");
        }
        Horizon.Analysis a;
        try {
            a = LagGradients.horizon(m.net(), Loss.of(m.saved().loss()), List.of(stream), maxLag, positions, deltas);
        } catch (IllegalArgumentException e) {
            throw new UserErrors.UserError(file + ": " + UserErrors.message(e));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(a)));
        } else {
            printText(out, m, stream, a, notes);
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(Horizon.Analysis a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model", input.model.toString());
        o.put("data", input.file.toString());
        o.put("max_lag", a.maxLag());
        o.put("samples", a.samples());
        putArray(o, "phi", a.phi());
        putArray(o, "lower_quartile", a.lowerQuartile());
        putArray(o, "median", a.median());
        putArray(o, "upper_quartile", a.upperQuartile());
        putArray(o, "std_error", a.stdError());
        putArray(o, "bias", a.bias());
        if (a.fit() == null) {
            o.putNull("fit");
        } else {
            ObjectNode f = o.putObject("fit");
            f.put("from_lag", a.fit().from());
            f.put("to_lag", a.fit().to());
            f.put("beta", a.fit().beta());
            f.put("beta_low", a.fit().betaLow());
            f.put("beta_high", a.fit().betaHigh());
            f.put("r2", a.fit().r2());
            f.put("geometric", a.fit().geometric());
        }
        Metrics.put(o, "tail", a.tail());
        ArrayNode s = o.putArray("suggestions");
        for (Horizon.Choice c : a.suggestions()) {
            ObjectNode n = s.addObject();
            n.put("tolerance", c.tolerance());
            if (c.k2() > 0) {
                n.put("k2", c.k2());
            } else {
                n.putNull("k2");
            }
            Metrics.put(n, "bias", c.bias());
            n.put("extrapolated", c.extrapolated());
        }
        o.put("no_long_memory", a.noLongMemory());
        ArrayNode w = o.putArray("warnings");
        a.warnings().forEach(w::add);
        return o;
    }

    private static void putArray(ObjectNode o, String key, double[] v) {
        ArrayNode arr = o.putArray(key);
        for (double d : v) {
            if (Double.isFinite(d)) {
                arr.add(d);
            } else {
                arr.addNull();
            }
        }
    }

    private void printText(PrintWriter out, LoadedModel m, StreamBatch stream, Horizon.Analysis a, List<String> notes) {
        out.printf(Locale.ROOT, "model       %s (%s)%n", input.model, m.data().describe());
        out.printf(Locale.ROOT, "data        %s: %d row(s) of %,d steps; %d loss samples, %d lags back%n", input.file.getFileName(),
                stream.batch, stream.steps, a.samples(), a.maxLag());
        out.printf(Locale.ROOT, "%-5s %11s %11s %11s %11s %11s %9s%n", "lag", "phi", "25%", "median", "75%", "std err",
                "bias(k2)");
        for (int k : tableLags(a.maxLag())) {
            out.printf(Locale.ROOT, "%-5d %11.4g %11.4g %11.4g %11.4g %11.4g %9s%n", k, a.phi()[k], a.lowerQuartile()[k],
                    a.median()[k], a.upperQuartile()[k], a.stdError()[k],
                    k == 0 ? "" : String.format(Locale.ROOT, "%.3g", a.bias()[k]));
        }
        if (a.fit() != null) {
            out.printf(Locale.ROOT, "decay       phi_k ~ C beta^k from lag %d to %d: beta %.4f (95%% %.4f to %.4f), R^2 %.3f%n",
                    a.fit().from(), a.fit().to(), a.fit().beta(), a.fit().betaLow(), a.fit().betaHigh(), a.fit().r2());
        } else {
            out.println("decay       not fitted (too few lags after the decay starts)");
        }
        for (Horizon.Choice c : a.suggestions()) {
            out.printf(Locale.ROOT, "k2          %s at tolerance %s%n", c.k2() > 0
                    ? String.format(Locale.ROOT, "%d (bias %.3g%s)", c.k2(), c.bias(), c.extrapolated() ? ", extrapolated" : "")
                    : "none reliable", c.tolerance());
        }
        if (a.noLongMemory()) {
            out.printf(Locale.ROOT, "note        no long memory: a window of %d steps keeps all but %.0f%% of the gradient's reach%n",
                    Horizon.FEW_LAGS, 100 * a.bias()[Math.min(Horizon.FEW_LAGS, a.maxLag())]);
        }
        out.println("rule        bias(k2) = share of sum_k phi_k (tail beyond the max lag from the fit) at lags >= k2;"
                + " with k1 > 1 use k2 + k1 - 1 so the first loss of each chunk reaches as far");
        for (String n : notes) {
            out.println("note        " + UserErrors.inOptions(n));
        }
        for (String w : a.warnings()) {
            out.println("warning     " + w);
        }
    }

    /** Lags shown in text: all up to TABLE_ROWS, else the first twelve and evenly spaced ones to the max lag. */
    static List<Integer> tableLags(int maxLag) {
        List<Integer> lags = new ArrayList<>();
        if (maxLag < TABLE_ROWS) {
            for (int k = 0; k <= maxLag; k++) {
                lags.add(k);
            }
            return lags;
        }
        int head = TABLE_ROWS / 2;
        for (int k = 0; k <= head; k++) {
            lags.add(k);
        }
        int rest = TABLE_ROWS - head - 1;
        for (int i = 1; i <= rest; i++) {
            int k = head + (int) Math.round((double) (maxLag - head) * i / rest);
            if (k > lags.get(lags.size() - 1)) {
                lags.add(k);
            }
        }
        return lags;
    }
}
