package org.tbptt4j.f64;

import org.tbptt4j.model.LossType;

/**
 * A masked loss over one step of a batch: pred (B x O), target (B x O, or B class ids for
 * cross-entropy), mask (B). {@link #accumulate} returns the summed loss of the unmasked rows (not yet
 * normalised; see {@link LossType#normaliser}) and adds {@code scale} times its gradient into dPred.
 */
public abstract class Loss {

    public final LossType type;

    private Loss(LossType type) {
        this.type = type;
    }

    public static Loss of(LossType type) {
        return switch (type) {
            case MSE -> new Loss(type) {
                @Override
                /*wide*/ double rowLoss(double[] p, int po, double[] y, int yo, int o, /*wide*/ double scale, double[] d, int dOff) {
                    /*wide*/ double s = 0;
                    for (int j = 0; j < o; j++) {
                        double e = p[po + j] - y[yo + j];
                        s += e * e;
                        d[dOff + j] += (double) (2 * scale * e);
                    }
                    return s;
                }
            };
            case MAE -> new Loss(type) {
                @Override
                /*wide*/ double rowLoss(double[] p, int po, double[] y, int yo, int o, /*wide*/ double scale, double[] d, int dOff) {
                    /*wide*/ double s = 0;
                    for (int j = 0; j < o; j++) {
                        double e = p[po + j] - y[yo + j];
                        s += Math.abs(e);
                        d[dOff + j] += (double) (scale * Math.signum(e));
                    }
                    return s;
                }
            };
            case CROSS_ENTROPY -> new Loss(type) {
                @Override
                /*wide*/ double rowLoss(double[] p, int po, double[] y, int yo, int o, /*wide*/ double scale, double[] d, int dOff) {
                    int cls = (int) y[yo];
                    if (cls != y[yo] || cls < 0 || cls >= o) {
                        throw new IllegalArgumentException("class id " + y[yo] + " is not an integer in [0, " + o
                                + "): the head has " + o + " outputs; set outputs to the number of classes");
                    }
                    /*wide*/ double max = p[po];
                    for (int j = 1; j < o; j++) {
                        max = Math.max(max, p[po + j]);
                    }
                    /*wide*/ double z = 0;
                    for (int j = 0; j < o; j++) {
                        z += Math.exp(p[po + j] - max);
                    }
                    for (int j = 0; j < o; j++) {
                        /*wide*/ double softmax = Math.exp(p[po + j] - max) / z;
                        d[dOff + j] += (double) (scale * (softmax - (j == cls ? 1 : 0)));
                    }
                    return Math.log(z) + max - p[po + cls];
                }
            };
            case BCE_WITH_LOGITS -> new Loss(type) {
                @Override
                /*wide*/ double rowLoss(double[] p, int po, double[] y, int yo, int o, /*wide*/ double scale, double[] d, int dOff) {
                    /*wide*/ double s = 0;
                    for (int j = 0; j < o; j++) {
                        /*wide*/ double x = p[po + j];
                        /*wide*/ double t = y[yo + j];
                        // max(x, 0) - x t + log(1 + e^-|x|): stable for large |x|
                        s += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
                        d[dOff + j] += (double) (scale * (1 / (1 + Math.exp(-x)) - t));
                    }
                    return s;
                }
            };
        };
    }

    /**
     * Sums the loss of the unmasked rows of one step and adds scale * d(loss)/d(pred) into dPred.
     *
     * @param pred   (B x O) at pOff
     * @param target (B x targetWidth) at tOff
     * @param mask   (B) at mOff, true = the row's loss counts
     * @param dPred  (B x O) at dOff, added to
     */
    public final /*wide*/ double accumulate(int batch, int outputs, double[] pred, int pOff, double[] target, int tOff,
                                           boolean[] mask, int mOff, /*wide*/ double scale, double[] dPred, int dOff) {
        int tw = type.targetWidth(outputs);
        /*wide*/ double sum = 0;
        for (int b = 0; b < batch; b++) {
            if (mask[mOff + b]) {
                sum += rowLoss(pred, pOff + b * outputs, target, tOff + b * tw, outputs, scale, dPred, dOff + b * outputs);
            }
        }
        return sum;
    }

    /** The loss of one row, its gradient times scale added into d. */
    abstract /*wide*/ double rowLoss(double[] pred, int pOff, double[] y, int yOff, int outputs,
                                     /*wide*/ double scale, double[] d, int dOff);
}
