package org.tbptt4j.data;

import java.util.List;

/**
 * The stream layout a strategy produces, what the trainer consumes: B rows of T steps, time-major.
 * Row b of step t+1 continues row b of step t unless {@code reset}; padding has mask false and
 * origin -1.
 * <pre>
 *   x      (T x B x S)   inputs
 *   y      (T x B x Y)   targets
 *   mask   (T x B)       the step's loss counts
 *   reset  (T x B)       zero the row's state before the step
 *   origin (T x B)       index of the source sequence, -1 for padding
 *   originStep (T x B)   the step within that sequence
 * </pre>
 *
 * @param strategy     the strategy's name and arguments
 * @param k1           suggested steps between updates (the sample length for Keras-style strategies)
 * @param k2           suggested steps of backpropagation
 * @param sampleLength the Keras timesteps this layout corresponds to (samples are consecutive L-step pieces)
 * @param stateful     whether state carries from one sample to the next of the same row
 * @param notes        warnings and the policies applied (padding, dropped steps), for the plan
 */
public record Layout(String strategy, int rows, int steps, int inputWidth, int targetWidth, double[] x, double[] y,
                     boolean[] mask, boolean[] reset, int[] origin, int[] originStep, int k1, int k2, int sampleLength,
                     boolean stateful, List<String> notes) {

    /** (row, step) pairs that hold real data. */
    public long realSteps() {
        long n = 0;
        for (int o : origin) {
            n += o >= 0 ? 1 : 0;
        }
        return n;
    }

    /** Fraction of the B x T slots that are padding. */
    public double paddingFraction() {
        return 1 - (double) realSteps() / ((long) rows * steps);
    }

    /** Number of reset flags set. */
    public long resets() {
        long n = 0;
        for (boolean r : reset) {
            n += r ? 1 : 0;
        }
        return n;
    }

    /** Unmasked (row, step) pairs: where the loss counts. */
    public long lossSteps() {
        long n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        return n;
    }

    /** Keras samples: every row cut into consecutive pieces of sampleLength steps. */
    public long samples() {
        return (long) rows * (steps / sampleLength);
    }

    /**
     * How far the gradient reaches under this layout's TBPTT(k1, k2), as the trainer windows it:
     * the update of new steps [t_u - k1, t_u) backpropagates through [lo, t_u) with
     * lo = t_u - k1 - (k2 - k1) for k2 >= k1, else t_u - k2. A sequence is spanned when the gradient
     * of every one of its loss steps reaches the sequence's first step.
     *
     * @param sequences sequences with at least one loss step
     * @param cut       of those, the ones the gradient does not span
     * @param k2ToSpan  the smallest k2 (at least k1) under which every sequence is spanned
     */
    public record Reach(long sequences, long cut, int k2ToSpan) {

        /** Fraction of the sequences not spanned (0 when there are none). */
        public double cutFraction() {
            return sequences == 0 ? 0 : (double) cut / sequences;
        }
    }

    /** The gradient's reach over the sequences of this layout (see {@link Reach}). */
    public Reach reach() {
        java.util.Map<Integer, Boolean> spanned = new java.util.HashMap<>();
        long need = k1;
        for (int t = 0; t < steps; t++) {
            long tPrev = (long) (t / k1) * k1;
            long tEnd = Math.min(tPrev + k1, steps);
            long lo = k2 >= k1 ? Math.max(0, tPrev - (k2 - k1)) : Math.max(tPrev, tEnd - k2);
            for (int b = 0; b < rows; b++) {
                int i = t * rows + b;
                if (!mask[i] || origin[i] < 0) {
                    continue;
                }
                long first = Math.max(0, t - (long) originStep[i]);   // where the sequence starts in its row
                boolean ok = lo <= first;
                spanned.merge(origin[i], ok, Boolean::logicalAnd);
                need = Math.max(need, k1 + tPrev - first);
            }
        }
        long cut = spanned.values().stream().filter(ok -> !ok).count();
        return new Reach(spanned.size(), cut, (int) Math.min(Integer.MAX_VALUE, need));
    }

    /** This layout with other truncation lengths (the decoupled technique on top of any layout). */
    public Layout withTruncation(int newK1, int newK2, String name) {
        return new Layout(name, rows, steps, inputWidth, targetWidth, x, y, mask, reset, origin, originStep, newK1, newK2,
                sampleLength, stateful, notes);
    }

    /**
     * The decoupled technique on top of this layout: k1 and k2 replaced where given (0 keeps the
     * layout's own), the name saying so. Returns this layout when neither is given.
     */
    public Layout withK(int newK1, int newK2) {
        if (newK1 <= 0 && newK2 <= 0) {
            return this;
        }
        int a = newK1 > 0 ? newK1 : k1;
        int b = newK2 > 0 ? newK2 : k2;
        return withTruncation(a, b, strategy.startsWith("decoupled") ? strategy : strategy + " + decoupled --k1 " + a + " --k2 " + b);
    }

    /** This layout with other notes. */
    public Layout withNotes(List<String> newNotes) {
        return new Layout(strategy, rows, steps, inputWidth, targetWidth, x, y, mask, reset, origin, originStep, k1, k2,
                sampleLength, stateful, List.copyOf(newNotes));
    }
}
