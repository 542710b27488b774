package org.tbptt4j.f64;

/** Gradient clipping over the flat gradient array, as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}. */
public final class Clipping {

    private Clipping() {
    }

    /** The L2 norm of g, accumulated in double. */
    public static /*wide*/ double norm(double[] g) {
        /*wide*/ double s = 0;
        for (double v : g) {
            s += (/*wide*/ double) v * v;
        }
        return Math.sqrt(s);
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
