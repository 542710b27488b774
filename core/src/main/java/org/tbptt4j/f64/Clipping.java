package org.tbptt4j.f64;

/** Gradient clipping over the flat gradient array, as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}. */
public final class Clipping {

    private Clipping() {
    }

    /**
     * The L2 norm of g, accumulated in double: the squares of each half of g over four interleaved
     * partial sums, the halves on two threads where g is large ({@link Parallel#halves}), then added.
     * The order is fixed by g's length alone, so the bits are the same every time and whatever the
     * threads, without one long chain of dependent additions.
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

    private static /*wide*/ double sumOfSquares(double[] g, int from, int to) {
        /*wide*/ double s0 = 0;
        /*wide*/ double s1 = 0;
        /*wide*/ double s2 = 0;
        /*wide*/ double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += (/*wide*/ double) g[i] * g[i];
            s1 += (/*wide*/ double) g[i + 1] * g[i + 1];
            s2 += (/*wide*/ double) g[i + 2] * g[i + 2];
            s3 += (/*wide*/ double) g[i + 3] * g[i + 3];
        }
        for (; i < to; i++) {
            s0 += (/*wide*/ double) g[i] * g[i];
        }
        return (s0 + s1) + (s2 + s3);
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
