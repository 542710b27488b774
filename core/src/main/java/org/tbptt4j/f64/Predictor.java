package org.tbptt4j.f64;

import org.tbptt4j.model.Evaluation;
import org.tbptt4j.model.LossType;

/**
 * Stateful streaming inference: feed one step (or a stream batch) at a time for B rows and get the
 * head's outputs; each row's state carries on to its next step until reset. It owns its state, so
 * validation and prediction never disturb a trainer's state, and its batch size is its own.
 */
public final class Predictor {

    private final Network net;
    private final int batch;
    private final Network.State state;
    private final Network.Step step;
    private final double[] scratch;

    public Predictor(Network net, int batch) {
        this.net = net;
        this.batch = batch;
        this.state = net.newState(batch);
        this.step = net.newStep(batch);
        this.scratch = new double[net.scratchSize(batch)];
    }

    public int batch() {
        return batch;
    }

    /** This predictor's state (e.g. to start validation from a copy of the training state). */
    public Network.State state() {
        return state;
    }

    /** Zeroes every row's state. */
    public void reset() {
        state.reset();
    }

    /**
     * One step for all rows: pred (B x O) at pOff from x (B x S) at xOff; rows flagged in reset
     * (at rOff; may be null) start from zero state.
     */
    public void step(double[] x, int xOff, boolean[] reset, int rOff, double[] pred, int pOff) {
        net.forwardStep(x, xOff, reset, rOff, state, step, null, scratch);
        net.headForward(step, pred, pOff);
    }

    /** Predictions for every step of s, time-major (T x B x O); the state carries on afterwards. */
    public double[] predict(StreamBatch s) {
        checkBatch(s);
        int O = net.config.outputs();
        double[] out = new double[s.steps * batch * O];
        for (int t = 0; t < s.steps; t++) {
            step(s.x, t * batch * s.inputWidth, s.reset, t * batch, out, t * batch * O);
        }
        return out;
    }

    /** The loss of every unmasked step of s, without touching the weights; the state carries on. */
    public Evaluation evaluate(StreamBatch s, Loss loss) {
        checkBatch(s);
        int O = net.config.outputs();
        double[] pred = new double[batch * O];
        double[] ignored = new double[batch * O];
        /*wide*/ double sum = 0;
        long count = 0;
        long correct = 0;
        boolean classes = loss.type == LossType.CROSS_ENTROPY;
        for (int t = 0; t < s.steps; t++) {
            step(s.x, t * batch * s.inputWidth, s.reset, t * batch, pred, 0);
            sum += loss.accumulate(batch, O, pred, 0, s.y, t * batch * s.targetWidth, s.mask, t * batch, 0, ignored, 0);
            for (int b = 0; b < batch; b++) {
                if (s.mask[t * batch + b]) {
                    count++;
                    if (classes && argmax(pred, b * O, O) == (int) s.y[(t * batch + b) * s.targetWidth]) {
                        correct++;
                    }
                }
            }
        }
        return new Evaluation(sum, count, count == 0 ? /*wide*/ Double.NaN : sum / loss.type.normaliser(count, O), correct);
    }

    private static int argmax(double[] a, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (a[off + j] > a[off + best]) {
                best = j;
            }
        }
        return best;
    }

    private void checkBatch(StreamBatch s) {
        if (s.batch != batch) {
            throw new IllegalArgumentException("this predictor runs " + batch + " rows, the stream has " + s.batch);
        }
        net.requireInputWidth(s, "the stream");
    }
}
