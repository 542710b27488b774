package org.tbptt4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tbptt4j.model.ModelConfig;
import org.tbptt4j.model.ParamLayout;
import org.tbptt4j.model.Precision;

/**
 * Maps a model's flat parameter array to the tensors of {@code model.safetensors} and back: one
 * tensor per {@link ParamLayout} tensor, under the same (PyTorch) names and shapes, F32 for a
 * float32 model and F64 for a float64 one.
 */
final class ModelTensors {

    /** The header metadata written: "pt" tells the safetensors library to load the file as PyTorch tensors. */
    static final Map<String, String> METADATA = metadata();

    private ModelTensors() {
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("tbptt4j", "1");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The dtype that stores parameters of {@code p}. */
    static SafeTensors.DType dtype(Precision p) {
        return p == Precision.F32 ? SafeTensors.DType.F32 : SafeTensors.DType.F64;
    }

    /**
     * The tensors to write for {@code m}, referring to its parameter array.
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite, or too large for float32
     */
    static List<SafeTensors.Tensor> tensors(SavedModel m) {
        ParamLayout layout = new ParamLayout(m.model());
        SafeTensors.DType dtype = dtype(m.precision());
        double[] p = m.params();
        List<SafeTensors.Tensor> out = new ArrayList<>();
        for (ParamLayout.Tensor t : layout.tensors()) {
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                double v = dtype == SafeTensors.DType.F32 ? (float) p[i] : p[i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("cannot save the model: parameter " + t.name()
                            + index(t.shape(), i - t.offset()) + " is " + p[i]
                            + (Double.isFinite(p[i]) ? ", beyond the float32 range" : "")
                            + "; a model with non-finite parameters cannot be used (did training diverge?)");
                }
            }
            out.add(new SafeTensors.Tensor(t.name(), dtype, t.shape(), p, t.offset()));
        }
        return out;
    }

    /**
     * Reads the parameters of a model with config {@code c} and precision {@code p} from
     * {@code file}, checking that it holds exactly the model's tensors with the right shapes and
     * dtype, and only finite values.
     */
    static double[] read(Path file, ModelConfig c, Precision p) throws IOException {
        ParamLayout layout = new ParamLayout(c);
        SafeTensors.DType dtype = dtype(p);
        try (SafeTensors st = SafeTensors.open(file)) {
            Set<String> unknown = new TreeSet<>(st.tensors().keySet());
            for (ParamLayout.Tensor t : layout.tensors()) {
                if (!st.tensors().containsKey(t.name())) {
                    throw mismatch(file, "tensor " + t.name() + " is missing, but config.json (" + describe(c)
                            + ") needs it");
                }
                unknown.remove(t.name());
            }
            if (!unknown.isEmpty()) {
                throw mismatch(file, "it holds tensors that config.json (" + describe(c) + ") does not describe: "
                        + unknown);
            }
            for (ParamLayout.Tensor t : layout.tensors()) {
                SafeTensors.TensorInfo info = st.tensors().get(t.name());
                long[] want = Arrays.stream(t.shape()).asLongStream().toArray();
                if (!Arrays.equals(info.shape(), want)) {
                    throw mismatch(file, "tensor " + t.name() + " has shape " + Arrays.toString(info.shape())
                            + ", but config.json (" + describe(c) + ") implies " + Arrays.toString(want));
                }
                if (info.dtype() != dtype) {
                    throw mismatch(file, "tensor " + t.name() + " is " + info.dtype() + ", but config.json says precision "
                            + ModelConfigJson.id(p) + ", stored as " + dtype);
                }
            }
            double[] params = new double[layout.size()];
            for (ParamLayout.Tensor t : layout.tensors()) {
                st.read(t.name(), params, t.offset());
                checkFinite(file, t, params);
            }
            return params;
        }
    }

    private static void checkFinite(Path file, ParamLayout.Tensor t, double[] params) {
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            if (!Double.isFinite(params[i])) {
                throw new ModelFormatException(file + ": tensor " + t.name() + " holds " + params[i] + " at "
                        + index(t.shape(), i - t.offset()) + "; a model needs finite parameters. The file is damaged,"
                        + " or training diverged before the model was saved: use an intact copy or retrain");
            }
        }
    }

    /** Row-major index {@code flat} in {@code shape}, as "[i, j]". */
    static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? flat : flat / shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String describe(ModelConfig c) {
        return c.cell().id() + ", inputs " + c.inputs() + ", embedding " + c.embedding() + ", hidden " + c.hidden()
                + ", layers " + c.layers() + ", outputs " + c.outputs();
    }

    private static ModelFormatException mismatch(Path file, String what) {
        return new ModelFormatException(file + ": " + what + ". config.json and model.safetensors do not belong"
                + " together; restore both files from one save, or re-save the model");
    }
}
