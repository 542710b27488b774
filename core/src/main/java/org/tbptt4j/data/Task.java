package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What the network learns from raw series: which columns it sees, what it predicts and at which
 * steps the loss counts. Tasks never look across series and never reorder time.
 */
public sealed interface Task {

    /** The supervised sequence made from one raw series (may be shorter, e.g. by the horizon). */
    Sequence apply(Series s);

    /** Values per step the network sees. */
    int inputWidth();

    /** Values per step in the target stream: one class id or token id unless the task says otherwise. */
    default int targetWidth() {
        return 1;
    }

    /** A short description for plans and reports. */
    String describe();

    /** All series of a set; series too short for the task are dropped and counted in {@code dropped}. */
    default List<Sequence> applyAll(SeriesSet set, List<String> notes) {
        List<Sequence> out = new ArrayList<>();
        int dropped = 0;
        for (Series s : set.series()) {
            Sequence q = apply(s);
            if (q.length() > 0) {
                out.add(q);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            notes.add(dropped + " sequence(s) too short for " + describe() + " were dropped");
        }
        return out;
    }

    /**
     * h-step-ahead forecasting: x_t = the input columns at t, y_t = the target columns at t + h;
     * a series of T steps gives T - h steps (next-step forecasting is h = 1). The loss counts at
     * every step whose targets were all observed (a target filled in for a missing value is not scored).
     */
    record Forecast(int[] inputs, int[] targets, int horizon) implements Task {
        public Forecast {
            if (horizon < 1) {
                throw new IllegalArgumentException("the forecast horizon must be at least 1 step, got " + horizon);
            }
            requireColumns(inputs, targets);
        }

        @Override
        public Sequence apply(Series s) {
            int n = Math.max(0, s.length() - horizon);
            return observedSteps(s, n, inputs, targets, horizon);
        }

        @Override
        public int inputWidth() {
            return inputs.length;
        }

        @Override
        public int targetWidth() {
            return targets.length;
        }

        @Override
        public String describe() {
            return horizon == 1 ? "next-step forecasting" : horizon + "-step-ahead forecasting";
        }
    }

    /** Given targets per step: x_t = the input columns at t, y_t = the target columns at t; scored where the targets were observed. */
    record PerStep(int[] inputs, int[] targets) implements Task {
        public PerStep {
            requireColumns(inputs, targets);
        }

        @Override
        public Sequence apply(Series s) {
            int n = s.length();
            return observedSteps(s, n, inputs, targets, 0);
        }

        @Override
        public int inputWidth() {
            return inputs.length;
        }

        @Override
        public int targetWidth() {
            return targets.length;
        }

        @Override
        public String describe() {
            return "per-step targets";
        }
    }

    /**
     * Per-step classes: x_t = the input columns at t, y_t = the class code of the target column at t
     * (a {@link Categorical} column); cross-entropy over {@code classes} outputs at every step.
     */
    record PerStepClasses(int[] inputs, int target, int classes) implements Task {
        public PerStepClasses {
            requireColumns(inputs, new int[] {target});
            if (classes < 2) {
                throw new IllegalArgumentException("per-step classes need at least 2 classes, got " + classes);
            }
        }

        @Override
        public Sequence apply(Series s) {
            return observedSteps(s, s.length(), inputs, new int[] {target}, 0);   // class labels are never filled in
        }

        @Override
        public int inputWidth() {
            return inputs.length;
        }

        @Override
        public String describe() {
            return "per-step classes (" + classes + " classes)";
        }
    }

    /** Sequence classification: one label per series, its loss at the series' last step only. */
    record Classify(int[] inputs, int classes) implements Task {
        public Classify {
            requireColumns(inputs, new int[] {0});
            if (classes < 2) {
                throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
            }
        }

        @Override
        public Sequence apply(Series s) {
            if (s.label() < 0 || s.label() >= classes) {
                throw new IllegalArgumentException("series " + s.id() + " has no class label in [0, " + classes + ")");
            }
            int n = s.length();
            double[] x = pick(s, inputs, 0, n);
            double[] y = new double[n];
            boolean[] loss = new boolean[n];
            if (n > 0) {
                java.util.Arrays.fill(y, s.label());
                loss[n - 1] = true;
            }
            return new Sequence(s.id(), n, inputs.length, 1, x, y, loss, new int[0]);
        }

        @Override
        public int inputWidth() {
            return inputs.length;
        }

        @Override
        public String describe() {
            return "sequence classification (" + classes + " classes)";
        }
    }

    /** Language modelling on token ids: x_t = token t, y_t = token t + 1. */
    record LanguageModel(int vocabulary) implements Task {
        @Override
        public Sequence apply(Series s) {
            int n = Math.max(0, s.length() - 1);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = s.at(t, 0);
                y[t] = s.at(t + 1, 0);
            }
            boolean[] loss = new boolean[n];
            java.util.Arrays.fill(loss, true);
            int[] ends = java.util.Arrays.stream(s.sentenceEnds()).filter(e -> e < n).toArray();
            return new Sequence(s.id(), n, 1, 1, x, y, loss, ends);
        }

        @Override
        public int inputWidth() {
            return 1;
        }

        @Override
        public String describe() {
            return "language modelling (" + vocabulary + " tokens)";
        }
    }

    /** (n x cols) values of the given columns at steps shift .. shift + n - 1. */
    private static double[] pick(Series s, int[] cols, int shift, int n) {
        double[] out = new double[n * cols.length];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < cols.length; i++) {
                out[t * cols.length + i] = s.at(t + shift, cols[i]);
            }
        }
        return out;
    }

    /** x_t = inputs at t, y_t = targets at t + shift; the loss counts where every target at t + shift was observed. */
    private static Sequence observedSteps(Series s, int n, int[] inputs, int[] targets, int shift) {
        boolean[] loss = new boolean[n];
        for (int t = 0; t < n; t++) {
            boolean observed = true;
            for (int i = 0; i < targets.length && observed; i++) {
                observed = s.observed(t + shift, targets[i]);
            }
            loss[t] = observed;
        }
        return new Sequence(s.id(), n, inputs.length, targets.length, pick(s, inputs, 0, n), pick(s, targets, shift, n), loss,
                new int[0]);
    }

    private static void requireColumns(int[] inputs, int[] targets) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("no input columns: name at least one feature column");
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("no target columns: name at least one target column");
        }
    }
}
