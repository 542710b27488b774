package org.tbptt4j.model;

/**
 * The shape of a model: an optional embedding, a stack of {@code layers} recurrent layers of one
 * {@code cell} kind with {@code hidden} units, dropout between layers, and a linear head with
 * {@code outputs} units applied at every step. Immutable.
 *
 * @param cell       the recurrent cell kind
 * @param inputs     features per step (F); with an embedding, the vocabulary size (token ids 0..inputs-1)
 * @param embedding  embedding width E, or 0 for none (then the input is F real features)
 * @param hidden     hidden units per layer (H)
 * @param layers     number of stacked layers (L)
 * @param outputs    head outputs per step (O): regression targets or class logits
 * @param dropout    dropout probability on the input of every layer above the first (0 = none)
 */
public record ModelConfig(CellType cell, int inputs, int embedding, int hidden, int layers, int outputs, double dropout) {

    public ModelConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell is missing: use rnn, gru or lstm");
        }
        requirePositive("inputs", inputs);
        if (embedding < 0) {
            throw new IllegalArgumentException("embedding must be 0 (none) or positive, got " + embedding);
        }
        requirePositive("hidden", hidden);
        requirePositive("layers", layers);
        requirePositive("outputs", outputs);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A model without embedding and dropout. */
    public static ModelConfig of(CellType cell, int inputs, int hidden, int layers, int outputs) {
        return new ModelConfig(cell, inputs, 0, hidden, layers, outputs, 0);
    }

    /** Width of the vector fed to the first recurrent layer: E with an embedding, else F. */
    public int firstLayerInputs() {
        return embedding > 0 ? embedding : inputs;
    }

    /** Input width of recurrent layer {@code l}. */
    public int layerInputs(int l) {
        return l == 0 ? firstLayerInputs() : hidden;
    }

    /** Number of values per step in the input stream: 1 (a token id) with an embedding, else F. */
    public int streamFeatures() {
        return embedding > 0 ? 1 : inputs;
    }

    public ModelConfig withDropout(double p) {
        return new ModelConfig(cell, inputs, embedding, hidden, layers, outputs, p);
    }

    public ModelConfig withEmbedding(int e) {
        return new ModelConfig(cell, inputs, e, hidden, layers, outputs, dropout);
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
