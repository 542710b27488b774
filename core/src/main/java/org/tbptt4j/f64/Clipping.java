package org.tbptt4j.f64;

/** Gradient clipping over the flat gradient array, as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}. */
public final class Clipping {

    private Clipping() {
    }

    /**
     * The L2 norm of g, accumulated in double over four interleaved partial sums (a fixed order, so
     * the same bits every time, without one long chain of dependent additions).
     */
    public static /*wide*/ double norm(double[] g) {
        /*wide*/ double s0 = 0;
        /*wide*/ double s1 = 0;
        /*wide*/ double s2 = 0;
        /*wide*/ double s3 = 0;
        int i = 0;
        for (; i + 3 < g.length; i += 4) {
            s0 += (/*wide*/ double) g[i] * g[i];
            s1 += (/*wide*/ double) g[i + 1] * g[i + 1];
            s2 += (/*wide*/ double) g[i + 2] * g[i + 2];
            s3 += (/*wide*/ double) g[i + 3] * g[i + 3];
        }
        for (; i < g.length; i++) {
            s0 += (/*wide*/ double) g[i] * g[i];
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
    }

    /** Scales g by maxNorm / (norm + 1e-6) when that is below 1; returns the norm before clipping. */
    public static /*wide*/ double clipGlobalNorm(double[] g, /*wide*/ double maxNorm) {
        /*wide*/ double n = norm(g);
        /*wide*/ double coef = maxNorm / (n + 1e-6);
        if (coef < 1) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (double) (g[i] * coef);
            }
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
