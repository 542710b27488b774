package org.tbptt4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.tbptt4j.model.CellType;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;
import org.tbptt4j.model.TbpttConfig;
import org.tbptt4j.model.TbpttRunResult;

/**
 * Runs a {@code "what": "tbptt"} fixture: a stack of cells with a linear head trained with
 * TBPTT(k1, k2) by plain SGD on one stream batch; compares the per-update losses, the first update's
 * gradient and the final weights.
 */
final class TbpttFixture {

    private TbpttFixture() {
    }

    static void run(JsonArrays js, JsonNode root, Comparison cmp, Precision precision, double valueTol, double gradTol) {
        CellType cell = FixtureRunner.parseCell(js, root);
        int B = js.integer(root, "B");
        int T = js.integer(root, "T");
        int F = js.integer(root, "F");
        int H = js.integer(root, "H");
        int O = js.integer(root, "O");
        int L = js.integer(root, "layers");
        int k1 = js.integer(root, "k1");
        int k2 = js.integer(root, "k2");
        double lr = js.number(root, "lr");
        String optimizer = js.text(root, "optimizer");
        if (!optimizer.equals("sgd")) {
            throw js.fail("optimizer", "only plain sgd fixtures exist, got '" + optimizer + "'");
        }
        ModelConfig model;
        TbpttConfig tbptt;
        try {
            model = ModelConfig.of(cell, F, H, L, O);
            tbptt = TbpttConfig.of(k1, k2);
        } catch (IllegalArgumentException e) {
            throw js.fail("B/T/F/H/O/layers/k1/k2", e.getMessage());
        }
        ParamLayout layout = new ParamLayout(model);
        double[] initial = params(js, js.field(root, "", "initial"), "initial", layout, model);
        double[] x = js.array(root, "", "x", B, T, F);
        double[] y = js.array(root, "", "y", B, T, O);
        double[] mask = js.array(root, "", "mask", B, T);
        double[] reset = js.array(root, "", "reset", B, T);
        double[] wantLosses = js.array(root, "", "update_losses", js.field(root, "", "update_losses").size());
        TbpttRunResult got = precision == Precision.F64
                ? org.tbptt4j.f64.TbpttRun.sgd(model, initial,
                        org.tbptt4j.f64.StreamBatch.fromBatchMajor(B, T, F, O, x, y, mask, reset), tbptt, lr,
                        org.tbptt4j.f64.MatMul.fast())
                : org.tbptt4j.f32.TbpttRun.sgd(model, initial,
                        org.tbptt4j.f32.StreamBatch.fromBatchMajor(B, T, F, O, x, y, mask, reset), tbptt, lr,
                        org.tbptt4j.f32.MatMul.fast());
        cmp.elementwise("update_losses", got.updateLosses(), wantLosses, valueTol);
        compareByTensor(cmp, "first_update_grads", got.firstUpdateGrads(),
                params(js, js.field(root, "", "first_update_grads"), "first_update_grads", layout, model), layout, gradTol);
        compareByTensor(cmp, "final", got.finalParams(), params(js, js.field(root, "", "final"), "final", layout, model),
                layout, valueTol);
    }

    /** {layers: [{weight_ih, ...}, ...], head: {weight, bias}} flattened into the model's layout. */
    private static double[] params(JsonArrays js, JsonNode node, String path, ParamLayout layout, ModelConfig m) {
        JsonNode layers = js.field(node, path, "layers");
        if (!layers.isArray() || layers.size() != m.layers()) {
            throw js.fail(path + ".layers", "expected " + m.layers() + " layers, got " + layers);
        }
        List<double[]> parts = new ArrayList<>();
        int gh = m.cell().gates * m.hidden();
        for (int l = 0; l < m.layers(); l++) {
            JsonNode p = layers.get(l);
            String where = path + ".layers[" + l + "]";
            parts.add(js.array(p, where, "weight_ih", gh, m.layerInputs(l)));
            parts.add(js.array(p, where, "weight_hh", gh, m.hidden()));
            parts.add(js.array(p, where, "bias_ih", gh));
            parts.add(js.array(p, where, "bias_hh", gh));
        }
        JsonNode head = js.field(node, path, "head");
        parts.add(js.array(head, path + ".head", "weight", m.outputs(), m.hidden()));
        parts.add(js.array(head, path + ".head", "bias", m.outputs()));
        double[] flat = FixtureRunner.concat(parts.toArray(new double[0][]));
        if (flat.length != layout.size()) {
            throw js.fail(path, "holds " + flat.length + " values, the model has " + layout.size());
        }
        return flat;
    }

    private static void compareByTensor(Comparison cmp, String what, double[] got, double[] want, ParamLayout layout,
                                        double tol) {
        if (got.length != want.length) {
            cmp.fail(what + ": " + got.length + " values, the fixture has " + want.length);
            return;
        }
        for (ParamLayout.Tensor t : layout.tensors()) {
            double[] g = java.util.Arrays.copyOfRange(got, t.offset(), t.offset() + t.size());
            double[] w = java.util.Arrays.copyOfRange(want, t.offset(), t.offset() + t.size());
            cmp.tensor(what + "." + t.name(), g, w, tol);
        }
    }
}
