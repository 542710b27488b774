package org.tbptt4j.f64;

/** Gradient clipping over the flat gradient array, as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}. */
public final class Clipping {

    private Clipping() {
    }

    /**
     * The L2 norm of g, accumulated in double: the squares of each half of g over {@link #CHAINS}
     * interleaved partial sums added in a fixed tree ({@link #sumOfSquares}), the halves on two threads
     * where g is large ({@link Parallel#halves}), then added. The order is fixed by g's length alone, so
     * the bits are the same every time, whatever the threads.
     */
    public static /*wide*/ double norm(double[] g) {
        int split = Parallel.half(g.length);
        /*wide*/ double[] halves = new /*wide*/ double[2];
        Parallel.halves(g.length, (from, to) -> {
            if (from < split) {
                halves[0] = sumOfSquares(g, from, Math.min(to, split));
            }
            if (to > split) {
                halves[1] = sumOfSquares(g, Math.max(from, split), to);
            }
        });
        return Math.sqrt(halves[0] + halves[1]);
    }

    /** The interleaved partial sums of {@link #sumOfSquares}. */
    static final int CHAINS = 16;

    /**
     * The squares of g[from, to), each in double, over 16 chains: element from + i joins chain i mod 16, the
     * chains then added pairwise (c and c + 8, then c and c + 4, c + 2, c + 1). No chain of dependent
     * additions is longer than a sixteenth of the elements: the norm of an LSTM of 128 units (67k float
     * parameters) takes 18 us on one core, where four chains took 37. Plain loops: a Vector API version (8 us)
     * widened the floats with DoubleVector, and that second vector class in the float engine slowed every
     * kernel down (H = 32: 1.05M against 1.31M row-steps/s), the JIT's profiles of the Vector API's shared
     * code seeing both.
     */
    static /*wide*/ double sumOfSquares(double[] g, int from, int to) {
        /*wide*/ double[] chains = new /*wide*/ double[CHAINS];
        int i = addSquares(g, from, to, chains);
        for (int c = 0; i < to; i++, c++) {
            chains[c] += (/*wide*/ double) g[i] * g[i];
        }
        for (int width = CHAINS / 2; width > 0; width /= 2) {
            for (int c = 0; c < width; c++) {
                chains[c] += chains[c + width];
            }
        }
        return chains[0];
    }

    /** chains += {@link #sumOfSquares}' whole blocks of 16 from i, each chain in a local (in an array, each addition waited on a store); returns the first index left. */
    private static int addSquares(double[] g, int i, int to, /*wide*/ double[] chains) {
        /*wide*/ double s0 = chains[0];
        /*wide*/ double s1 = chains[1];
        /*wide*/ double s2 = chains[2];
        /*wide*/ double s3 = chains[3];
        /*wide*/ double s4 = chains[4];
        /*wide*/ double s5 = chains[5];
        /*wide*/ double s6 = chains[6];
        /*wide*/ double s7 = chains[7];
        /*wide*/ double s8 = chains[8];
        /*wide*/ double s9 = chains[9];
        /*wide*/ double s10 = chains[10];
        /*wide*/ double s11 = chains[11];
        /*wide*/ double s12 = chains[12];
        /*wide*/ double s13 = chains[13];
        /*wide*/ double s14 = chains[14];
        /*wide*/ double s15 = chains[15];
        for (; i + CHAINS <= to; i += CHAINS) {
            s0 += (/*wide*/ double) g[i] * g[i];
            s1 += (/*wide*/ double) g[i + 1] * g[i + 1];
            s2 += (/*wide*/ double) g[i + 2] * g[i + 2];
            s3 += (/*wide*/ double) g[i + 3] * g[i + 3];
            s4 += (/*wide*/ double) g[i + 4] * g[i + 4];
            s5 += (/*wide*/ double) g[i + 5] * g[i + 5];
            s6 += (/*wide*/ double) g[i + 6] * g[i + 6];
            s7 += (/*wide*/ double) g[i + 7] * g[i + 7];
            s8 += (/*wide*/ double) g[i + 8] * g[i + 8];
            s9 += (/*wide*/ double) g[i + 9] * g[i + 9];
            s10 += (/*wide*/ double) g[i + 10] * g[i + 10];
            s11 += (/*wide*/ double) g[i + 11] * g[i + 11];
            s12 += (/*wide*/ double) g[i + 12] * g[i + 12];
            s13 += (/*wide*/ double) g[i + 13] * g[i + 13];
            s14 += (/*wide*/ double) g[i + 14] * g[i + 14];
            s15 += (/*wide*/ double) g[i + 15] * g[i + 15];
        }
        chains[0] = s0;
        chains[1] = s1;
        chains[2] = s2;
        chains[3] = s3;
        chains[4] = s4;
        chains[5] = s5;
        chains[6] = s6;
        chains[7] = s7;
        chains[8] = s8;
        chains[9] = s9;
        chains[10] = s10;
        chains[11] = s11;
        chains[12] = s12;
        chains[13] = s13;
        chains[14] = s14;
        chains[15] = s15;
        return i;
    }

    /** Scales g by maxNorm / (norm + 1e-6) when that is below 1; returns the norm before clipping. */
    public static /*wide*/ double clipGlobalNorm(double[] g, /*wide*/ double maxNorm) {
        /*wide*/ double n = norm(g);
        /*wide*/ double coef = maxNorm / (n + 1e-6);
        if (coef < 1) {
            Parallel.halves(g.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    g[i] = (double) (g[i] * coef);
                }
            });
        }
        return n;
    }

    /** Clamps every element of g to [-limit, limit]. */
    public static void clipValue(double[] g, /*wide*/ double limit) {
        for (int i = 0; i < g.length; i++) {
            g[i] = (double) Math.max(-limit, Math.min(limit, g[i]));
        }
    }
}
