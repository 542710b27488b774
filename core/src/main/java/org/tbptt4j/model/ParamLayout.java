package org.tbptt4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each named parameter tensor lives in a model's one flat parameter array (and in its
 * gradient array, which has the same layout). Names are PyTorch's: {@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, ... for the recurrent stack (as in
 * {@code torch.nn.LSTM}), {@code embedding.weight} (V x E) and {@code head.weight} (O x H),
 * {@code head.bias} (O).
 *
 * <p>Per layer the four tensors are contiguous in the order above, so a cell reads its weights
 * from one offset.
 */
public final class ParamLayout {

    /** One tensor: its name, offset in the flat array and row-major shape. */
    public record Tensor(String name, int offset, int[] shape) {
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        public int rows() {
            return shape[0];
        }

        public int cols() {
            return shape.length > 1 ? shape[1] : 1;
        }
    }

    private final Map<String, Tensor> byName;
    private final int size;
    private final int[] layerOffsets;
    private final int embeddingOffset;
    private final int headOffset;

    public ParamLayout(ModelConfig c) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        int off = 0;
        if (c.embedding() > 0) {
            m.put("embedding.weight", new Tensor("embedding.weight", off, new int[] {c.inputs(), c.embedding()}));
            embeddingOffset = off;
            off += c.inputs() * c.embedding();
        } else {
            embeddingOffset = -1;
        }
        int gh = c.cell().gates * c.hidden();
        layerOffsets = new int[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            layerOffsets[l] = off;
            int in = c.layerInputs(l);
            off = add(m, "weight_ih_l" + l, off, gh, in);
            off = add(m, "weight_hh_l" + l, off, gh, c.hidden());
            off = add(m, "bias_ih_l" + l, off, gh);
            off = add(m, "bias_hh_l" + l, off, gh);
        }
        headOffset = off;
        off = add(m, "head.weight", off, c.outputs(), c.hidden());
        off = add(m, "head.bias", off, c.outputs());
        this.byName = Collections.unmodifiableMap(m);
        this.size = off;
    }

    private static int add(Map<String, Tensor> m, String name, int off, int... shape) {
        Tensor t = new Tensor(name, off, shape);
        m.put(name, t);
        return off + t.size();
    }

    /** Total number of parameters. */
    public int size() {
        return size;
    }

    /** Offset of layer {@code l}'s block [weight_ih, weight_hh, bias_ih, bias_hh]. */
    public int layerOffset(int l) {
        return layerOffsets[l];
    }

    /** Offset of embedding.weight, or -1 without embedding. */
    public int embeddingOffset() {
        return embeddingOffset;
    }

    /** Offset of the head block [head.weight, head.bias]. */
    public int headOffset() {
        return headOffset;
    }

    /** The tensor called {@code name}; the message lists the known names. */
    public Tensor tensor(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; this model has " + byName.keySet());
        }
        return t;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** All tensors in storage order. */
    public List<Tensor> tensors() {
        return new ArrayList<>(byName.values());
    }
}
