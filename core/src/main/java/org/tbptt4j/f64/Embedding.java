package org.tbptt4j.f64;

/**
 * Token embedding: row {@code id} of {@code embedding.weight} (V x E) for each token id. The ids
 * arrive as numbers in the input stream (one value per row and step).
 */
public final class Embedding {

    private final int vocab;
    private final int width;
    private final int wOff;

    public Embedding(int vocab, int width, int offset) {
        this.vocab = vocab;
        this.width = width;
        this.wOff = offset;
    }

    /** out (B x E) = W[ids[b]] for the B ids at ids[idOff..]; a bad id fails with its value. */
    public void forward(double[] w, double[] ids, int idOff, int batch, double[] out) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(w, wOff + id(ids[idOff + b]) * width, out, b * width, width);
        }
    }

    /** dW[ids[b]] += dOut[b] for every row b. */
    public void backward(double[] ids, int idOff, int batch, double[] dOut, double[] dW) {
        for (int b = 0; b < batch; b++) {
            int row = wOff + id(ids[idOff + b]) * width;
            for (int j = 0; j < width; j++) {
                dW[row + j] += dOut[b * width + j];
            }
        }
    }

    private int id(double v) {
        int id = (int) v;
        if (id != v || id < 0 || id >= vocab) {
            throw new IllegalArgumentException("token id " + v + " is not an integer in [0, " + vocab
                    + "): the vocabulary has " + vocab + " entries; rebuild it from the training text");
        }
        return id;
    }
}
