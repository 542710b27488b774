package org.tbptt4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tbptt4j.model.CellRunResult;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.Precision;

/**
 * Runs the conformance fixtures written by the reference specification ({@code "what": "cell"} and
 * {@code "what": "tbptt"}) through the engine and compares every tensor at the reference's
 * tolerances: float64 1e-9 on everything; float32 1e-5 on outputs, losses and weights, 1e-4 on
 * gradients.
 */
public final class FixtureRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Precision precision;
    private final double valueTol;
    private final double gradTol;

    public FixtureRunner(Precision precision) {
        this.precision = precision;
        this.valueTol = precision == Precision.F64 ? 1e-9 : 1e-5;
        this.gradTol = precision == Precision.F64 ? 1e-9 : 1e-4;
    }

    /** Every {@code *.json} file in dir, sorted by name; fails if dir is not a readable directory. */
    public static List<Path> fixtureFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory: give the folder that holds the *.json fixtures");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    /** Runs one fixture file; an unreadable or malformed file is a failure that names the file and field. */
    public FixtureResult run(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            JsonNode root;
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new FixtureException(file + ": not readable JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (root == null || !root.isObject()) {
                throw new FixtureException(file + ": expected a JSON object");
            }
            JsonArrays js = new JsonArrays(file.toString());
            Comparison cmp = new Comparison();
            String what = js.text(root, "what");
            switch (what) {
                case "cell" -> runCell(js, root, cmp);
                case "tbptt" -> TbpttFixture.run(js, root, cmp, precision, valueTol, gradTol);
                default -> throw js.fail("what", "unknown fixture kind '" + what + "' (expected cell or tbptt)");
            }
            return new FixtureResult(name, cmp.failure() == null, cmp.maxError(), cmp.failure());
        } catch (FixtureException e) {
            return new FixtureResult(name, false, Double.NaN, e.getMessage());
        } catch (IllegalArgumentException e) {
            return new FixtureResult(name, false, Double.NaN, file + ": " + e.getMessage());
        }
    }

    /** Runs every fixture in dir. */
    public List<FixtureResult> runAll(Path dir) throws IOException {
        List<FixtureResult> out = new ArrayList<>();
        for (Path p : fixtureFiles(dir)) {
            out.add(run(p));
        }
        return out;
    }

    private void runCell(JsonArrays js, JsonNode root, Comparison cmp) {
        CellType type = parseCell(js, root);
        int B = js.integer(root, "B");
        int T = js.integer(root, "T");
        int F = js.integer(root, "F");
        int H = js.integer(root, "H");
        int gh = type.gates * H;
        JsonNode p = js.field(root, "", "params");
        double[] params = concat(js.array(p, "params", "weight_ih", gh, F), js.array(p, "params", "weight_hh", gh, H),
                js.array(p, "params", "bias_ih", gh), js.array(p, "params", "bias_hh", gh));
        double[] x = js.array(root, "", "x", B, T, F);
        double[] h0 = js.array(root, "", "h0", B, H);
        boolean lstm = type == CellType.LSTM;
        double[] c0 = lstm ? js.array(root, "", "c0", B, H) : null;
        double[] r = js.array(root, "", "R", B, T, H);
        CellRunResult got = precision == Precision.F64
                ? org.tbptt4j.f64.CellRun.run(type, B, T, F, H, org.tbptt4j.f64.MatMul.fast(), params, x, h0, c0, r)
                : org.tbptt4j.f32.CellRun.run(type, B, T, F, H, org.tbptt4j.f32.MatMul.fast(), params, x, h0, c0, r);
        cmp.tensor("output", got.output(), js.array(root, "", "output", B, T, H), valueTol);
        cmp.tensor("h_final", got.hFinal(), js.array(root, "", "h_final", B, H), valueTol);
        JsonNode g = js.field(root, "", "grads");
        int[][] shapes = {{gh, F}, {gh, H}, {gh}, {gh}};
        int i = 0;
        for (Map.Entry<String, double[]> e : got.grads().entrySet()) {
            cmp.tensor("grads." + e.getKey(), e.getValue(), js.array(g, "grads", e.getKey(), shapes[i++]), gradTol);
        }
        cmp.tensor("grad_x", got.gradX(), js.array(root, "", "grad_x", B, T, F), gradTol);
        cmp.tensor("grad_h0", got.gradH0(), js.array(root, "", "grad_h0", B, H), gradTol);
        if (lstm) {
            cmp.tensor("c_final", got.cFinal(), js.array(root, "", "c_final", B, H), valueTol);
            cmp.tensor("grad_c0", got.gradC0(), js.array(root, "", "grad_c0", B, H), gradTol);
        }
    }

    static CellType parseCell(JsonArrays js, JsonNode root) {
        String c = js.text(root, "cell");
        try {
            return CellType.parse(c);
        } catch (IllegalArgumentException e) {
            throw js.fail("cell", e.getMessage());
        }
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int pos = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
