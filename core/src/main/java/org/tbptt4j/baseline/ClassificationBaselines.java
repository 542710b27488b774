package org.tbptt4j.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;
import org.tbptt4j.metrics.ClassificationMetrics;

/**
 * The classification baselines a recurrent model must beat, fitted on the training part only and
 * scored on the validation and test parts with the model's measures. A sample is a sequence and its
 * label (sequence classification), or a scored step and its class (per-step classes: exactly the
 * steps whose loss a model counts).
 * <ul>
 *   <li>majority class: always the most frequent training class, with the training class
 *       frequencies (add-one smoothed) as its probabilities, so its log loss is the prior's;</li>
 *   <li>logistic regression: multinomial logistic regression on, for a sequence, per input column
 *       its mean, standard deviation, minimum, maximum and last value, plus the log of its length;
 *       for a step, the step's own input values (no memory: what a model gains over it, it gains from
 *       the past). Each feature standardised on the training part; L2 penalty lambda chosen among
 *       {@link #PENALTIES} by validation log loss (1e-2 without a validation part), never on the test;
 *       fitted on at most {@link #MAX_FIT_SAMPLES} training samples, evenly spaced.</li>
 * </ul>
 */
public final class ClassificationBaselines {

    /** L2 penalties tried for the logistic regression. */
    public static final double[] PENALTIES = {1e-4, 1e-3, 1e-2, 1e-1, 1};

    /** The logistic regression is fitted on at most this many training samples (every n-th step of long series). */
    public static final int MAX_FIT_SAMPLES = 20_000;

    private static final double DEFAULT_PENALTY = 1e-2;
    private static final int SUMMARIES = 5;            // mean, std, min, max, last

    private ClassificationBaselines() {
    }

    /** The baselines of a sequence-classification or per-step-classes preparation. */
    public static List<Baseline<ClassificationMetrics>> evaluate(Preparation prep) {
        boolean steps = prep.task() instanceof Task.PerStepClasses;
        int k = prep.task() instanceof Task.Classify c ? c.classes() : steps ? ((Task.PerStepClasses) prep.task()).classes() : 0;
        if (k == 0) {
            throw new IllegalArgumentException("classification baselines need a sequence-classification or per-step-classes "
                    + "task, not " + prep.task().describe());
        }
        Samples train = Samples.of(prep.train(), steps);
        Samples validation = Samples.of(prep.validation(), steps);
        Samples test = Samples.of(prep.test(), steps);
        Standardiser z = Standardiser.fit(train.features);
        train = z.apply(train);
        validation = z.apply(validation);
        test = z.apply(test);

        List<Baseline<ClassificationMetrics>> out = new ArrayList<>();
        double[] prior = new double[k];
        int majority = 0;
        for (int c : train.labels) {
            prior[c]++;
        }
        for (int c = 0; c < k; c++) {
            majority = prior[c] > prior[majority] ? c : majority;
        }
        float[] priorLogits = new float[k];
        for (int c = 0; c < k; c++) {
            priorLogits[c] = (float) Math.log((prior[c] + 1) / (train.size() + k));
        }
        Logits constant = features -> priorLogits;
        out.add(new Baseline<>("majority class", "always class " + majority + ", the most frequent in the training part ("
                + (int) prior[majority] + " of " + train.size() + ")", measure(validation, constant, k), measure(test, constant, k)));

        double penalty = DEFAULT_PENALTY;
        Logistic model = null;
        String chosen = "lambda " + DEFAULT_PENALTY + " (no validation part to choose it on)";
        Samples fit = train.every(Math.max(1, (train.size() + MAX_FIT_SAMPLES - 1) / MAX_FIT_SAMPLES));
        if (validation.size() > 0) {
            double bestLoss = Double.POSITIVE_INFINITY;
            for (double l : PENALTIES) {
                Logistic m = Logistic.fit(fit, k, l);
                double loss = measure(validation, m::logits, k).logLoss();
                if (loss < bestLoss) {
                    bestLoss = loss;
                    penalty = l;
                    model = m;
                }
            }
            chosen = String.format(Locale.ROOT, "lambda %s chosen by validation log loss among %s", penalty,
                    java.util.Arrays.toString(PENALTIES));
        } else {
            model = Logistic.fit(fit, k, penalty);
        }
        Logistic fitted = model;
        String on = steps ? "the step's own input values (no memory)" : "each input column's mean, std, min, max and last value "
                + "and the log length";
        String subsample = fit.size() < train.size() ? String.format(Locale.ROOT, "; fitted on every %d-th of the %,d training "
                + "steps", (train.size() + MAX_FIT_SAMPLES - 1) / MAX_FIT_SAMPLES, train.size()) : "";
        out.add(new Baseline<>("logistic regression", "multinomial logistic regression on " + on + ", standardised on the "
                + "training part; L2 " + chosen + subsample,
                measure(validation, fitted::logits, k), measure(test, fitted::logits, k)));
        return List.copyOf(out);
    }

    /** Class logits (K) of a sample's features. */
    @FunctionalInterface
    private interface Logits {
        float[] of(double[] features);
    }

    private static ClassificationMetrics measure(Samples s, Logits model, int k) {
        if (s.size() == 0) {
            return null;
        }
        ClassificationMetrics.Accumulator acc = new ClassificationMetrics.Accumulator(k);
        for (int i = 0; i < s.size(); i++) {
            acc.addLogits(model.of(s.features.get(i)), 0, s.labels[i]);
        }
        return acc.result();
    }

    /** One feature vector and class per sample: a sequence's summaries, or a scored step's inputs. */
    private record Samples(List<double[]> features, int[] labels) {

        int size() {
            return labels.length;
        }

        /** Every n-th sample, from the first. */
        Samples every(int n) {
            if (n == 1) {
                return this;
            }
            List<double[]> f = new ArrayList<>();
            int[] l = new int[(size() + n - 1) / n];
            for (int i = 0; i < size(); i += n) {
                f.add(features.get(i));
                l[i / n] = labels[i];
            }
            return new Samples(f, l);
        }

        /** The samples of the sequences: one per scored step ({@code steps}), else one per sequence. */
        static Samples of(List<Sequence> sequences, boolean steps) {
            if (!steps) {
                return of(sequences);
            }
            List<double[]> f = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (Sequence q : sequences) {
                int s = q.inputWidth();
                for (int t = 0; t < q.length(); t++) {
                    if (q.loss()[t]) {
                        f.add(java.util.Arrays.copyOfRange(q.x(), t * s, (t + 1) * s));
                        labels.add((int) q.y()[t * q.targetWidth()]);
                    }
                }
            }
            return new Samples(f, labels.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Summaries of each sequence; its label is the target at its last scored step. */
        static Samples of(List<Sequence> sequences) {
            List<double[]> f = new ArrayList<>(sequences.size());
            int[] labels = new int[sequences.size()];
            for (int i = 0; i < labels.length; i++) {
                Sequence q = sequences.get(i);
                f.add(summaries(q));
                int last = q.length() - 1;
                while (last > 0 && !q.loss()[last]) {
                    last--;
                }
                labels[i] = (int) q.y()[last * q.targetWidth()];
            }
            return new Samples(f, labels);
        }

        /** (S * 5 + 1): per input column mean, std, min, max, last; then ln(T). */
        private static double[] summaries(Sequence q) {
            int s = q.inputWidth();
            int n = q.length();
            double[] out = new double[s * SUMMARIES + 1];
            for (int c = 0; c < s; c++) {
                double sum = 0;
                double sq = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < n; t++) {
                    double v = q.x()[t * s + c];
                    sum += v;
                    sq += v * v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                double mean = n == 0 ? 0 : sum / n;
                out[c * SUMMARIES] = mean;
                out[c * SUMMARIES + 1] = n == 0 ? 0 : Math.sqrt(Math.max(0, sq / n - mean * mean));
                out[c * SUMMARIES + 2] = n == 0 ? 0 : min;
                out[c * SUMMARIES + 3] = n == 0 ? 0 : max;
                out[c * SUMMARIES + 4] = n == 0 ? 0 : q.x()[(n - 1) * s + c];
            }
            out[s * SUMMARIES] = Math.log(Math.max(1, n));
            return out;
        }
    }

    /** Per-feature (v - mean) / std fitted on the training samples (std 0 maps to 1). */
    private record Standardiser(double[] mean, double[] std) {

        static Standardiser fit(List<double[]> rows) {
            int d = rows.isEmpty() ? 0 : rows.get(0).length;
            double[] mean = new double[d];
            double[] std = new double[d];
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    mean[j] += r[j] / rows.size();
                }
            }
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    std[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / rows.size();
                }
            }
            for (int j = 0; j < d; j++) {
                std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
            }
            return new Standardiser(mean, std);
        }

        Samples apply(Samples s) {
            List<double[]> out = new ArrayList<>(s.size());
            for (double[] r : s.features()) {
                double[] v = new double[r.length];
                for (int j = 0; j < r.length; j++) {
                    v[j] = (r[j] - mean[j]) / std[j];
                }
                out.add(v);
            }
            return new Samples(out, s.labels());
        }
    }

    /**
     * Multinomial logistic regression: logits z = W v + b, W (K x D), loss = mean cross-entropy +
     * lambda/2 ||W||^2 (b not penalised), minimised by gradient descent with Armijo backtracking
     * (a convex problem, so it converges from zero weights; deterministic).
     */
    private record Logistic(double[] w, double[] b, int k, int d) {

        private static final int MAX_ITERATIONS = 500;
        private static final double GRADIENT_TOLERANCE = 1e-6;

        float[] logits(double[] v) {
            float[] z = new float[k];
            for (int c = 0; c < k; c++) {
                double s = b[c];
                for (int j = 0; j < d; j++) {
                    s += w[c * d + j] * v[j];
                }
                z[c] = (float) s;
            }
            return z;
        }

        static Logistic fit(Samples s, int k, double lambda) {
            int d = s.features().isEmpty() ? 0 : s.features().get(0).length;
            int n = k * d + k;                       // parameters: W then b
            double[] theta = new double[n];
            double[] grad = new double[n];
            double[] trial = new double[n];
            double[] trialGrad = new double[n];
            double loss = objective(s, k, d, lambda, theta, grad);
            double step = 1;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double g2 = 0;
                for (double g : grad) {
                    g2 += g * g;
                }
                if (Math.sqrt(g2) < GRADIENT_TOLERANCE) {
                    break;
                }
                step = Math.min(step * 2, 64);
                double next;
                while (true) {
                    for (int i = 0; i < n; i++) {
                        trial[i] = theta[i] - step * grad[i];
                    }
                    next = objective(s, k, d, lambda, trial, trialGrad);
                    if (next <= loss - 0.5 * step * g2 || step < 1e-12) {
                        break;
                    }
                    step /= 2;
                }
                System.arraycopy(trial, 0, theta, 0, n);
                System.arraycopy(trialGrad, 0, grad, 0, n);
                loss = next;
            }
            return new Logistic(java.util.Arrays.copyOf(theta, k * d), java.util.Arrays.copyOfRange(theta, k * d, n), k, d);
        }

        /** The objective at theta, its gradient written into grad. */
        private static double objective(Samples s, int k, int d, double lambda, double[] theta, double[] grad) {
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            double[] z = new double[k];
            int m = s.size();
            for (int i = 0; i < m; i++) {
                double[] v = s.features().get(i);
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double sum = theta[k * d + c];
                    for (int j = 0; j < d; j++) {
                        sum += theta[c * d + j] * v[j];
                    }
                    z[c] = sum;
                    max = Math.max(max, sum);
                }
                double norm = 0;
                for (int c = 0; c < k; c++) {
                    norm += Math.exp(z[c] - max);
                }
                int y = s.labels()[i];
                loss += (Math.log(norm) + max - z[y]) / m;
                for (int c = 0; c < k; c++) {
                    double dz = (Math.exp(z[c] - max) / norm - (c == y ? 1 : 0)) / m;
                    for (int j = 0; j < d; j++) {
                        grad[c * d + j] += dz * v[j];
                    }
                    grad[k * d + c] += dz;
                }
            }
            for (int i = 0; i < k * d; i++) {
                loss += 0.5 * lambda * theta[i] * theta[i];
                grad[i] += lambda * theta[i];
            }
            return loss;
        }
    }
}
