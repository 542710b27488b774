package org.tbptt4j.f64;

/** Conversions between double arrays (files, fixtures, initialisers) and this engine's precision. */
public final class Convert {

    private Convert() {
    }

    /** The values of src in this engine's precision. */
    public static double[] narrow(/*wide*/ double[] src) {
        double[] out = new double[src.length];
        copyNarrow(src, out);
        return out;
    }

    /** dst[i] = src[i] for every index of dst. */
    public static void copyNarrow(/*wide*/ double[] src, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (double) src[i];
        }
    }

    /** The values of src widened to double. */
    public static /*wide*/ double[] widen(double[] src) {
        return widen(src, 0, src.length);
    }

    /** src[from .. from+len) widened to double. */
    public static /*wide*/ double[] widen(double[] src, int from, int len) {
        /*wide*/ double[] out = new /*wide*/ double[len];
        for (int i = 0; i < len; i++) {
            out[i] = src[from + i];
        }
        return out;
    }

    /** Whether v is neither NaN nor infinite (v - v is 0 exactly then, NaN otherwise). */
    public static boolean isFinite(/*wide*/ double v) {
        return v - v == 0;
    }
}
