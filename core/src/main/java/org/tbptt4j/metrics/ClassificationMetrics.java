package org.tbptt4j.metrics;

import java.util.Arrays;

/**
 * Classification measures over N samples of K classes (a sample: a sequence for sequence
 * classification, an unmasked (row, step) pair, and for binary cross-entropy each output of it,
 * for per-step targets). From the model's logits z, sample i of true class y_i:
 * <ul>
 *   <li>p_i = softmax(z_i) over K logits, or for one binary logit p_i = (1 - s, s), s = 1 / (1 + e^-z);
 *       the predicted class is argmax_k p_ik (the lowest k on a tie; class 1 when s &gt; 1/2);</li>
 *   <li>{@link #accuracy} = (1/N) sum_i [predicted_i = y_i];</li>
 *   <li>{@link #logLoss} = (1/N) sum_i -ln p_{i, y_i}, in nats, from the logits (log-sum-exp), so it is
 *       exact where p rounds to 0 or 1 and equals the cross-entropy or BCE training loss; a binary
 *       target t in [0, 1] that is not 0 or 1 counts as class [t &gt;= 1/2] and adds
 *       -t ln s - (1 - t) ln(1 - s);</li>
 *   <li>{@link #confusion}[a][b] = samples of true class a predicted as b (K x K);</li>
 *   <li>{@link #macroF1} = the mean over the classes that occur as truth or prediction of
 *       F1_k = 2 TP_k / (2 TP_k + FP_k + FN_k) (scikit-learn's {@code f1_score(average="macro")});</li>
 *   <li>{@link #rocAuc}, for K = 2 only (else NaN): the probability that a random sample of class 1
 *       scores above a random sample of class 0, ties counting one half, the score being z_1 - z_0
 *       (softmax) or z (binary), which orders samples as p_{i,1} does without rounding to ties:
 *       (R_1 - n_1 (n_1 + 1) / 2) / (n_1 n_0) with R_1 the sum of the class-1 samples' ranks (ties
 *       get their mean rank), the Mann-Whitney statistic; NaN when either class is absent.</li>
 * </ul>
 * Every measure is NaN for no samples.
 *
 * @param count     N, samples measured
 * @param accuracy  fraction classified right
 * @param logLoss   mean negative log-likelihood of the true class, nats
 * @param macroF1   unweighted mean of the per-class F1 scores
 * @param rocAuc    area under the ROC curve (binary only)
 * @param confusion (K x K) counts, rows the true class, columns the predicted one
 */
public record ClassificationMetrics(long count, double accuracy, double logLoss, double macroF1, double rocAuc,
                                    long[][] confusion) {

    /** Classes, K. */
    public int classes() {
        return confusion.length;
    }

    /** s = 1 / (1 + e^-z), the probability of class 1 of a binary logit. */
    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The first index of the largest value. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Collects samples one at a time, then {@link #result()}. Not thread-safe. */
    public static final class Accumulator {
        private final long[][] confusion;
        private double logLossSum;
        private long n;
        private double[] scores = new double[64];   // binary only: (n) z_1 - z_0 or z
        private boolean[] positive = new boolean[64];

        /** For {@code classes} = K &gt;= 2 classes (2 for binary logits). */
        public Accumulator(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
            }
            confusion = new long[classes][classes];
        }

        /** A sample of K = classes logits at {@code z[off ..]} (softmax cross-entropy) of true class {@code truth}. */
        public void addLogits(float[] z, int off, int truth) {
            int k = confusion.length;
            if (truth < 0 || truth >= k) {
                throw new IllegalArgumentException("class id " + truth + " is not in [0, " + k + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                if (z[off + j] > max) {
                    max = z[off + j];
                    predicted = j;
                }
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[off + j] - max);
            }
            add(truth, predicted, Math.log(sum) + max - z[off + truth], k == 2 ? (double) z[off + 1] - z[off] : 0);
        }

        /** A sample of one binary logit z (binary cross-entropy) with target t in [0, 1] (class [t &gt;= 1/2]). */
        public void addLogit(double z, double t) {
            if (confusion.length != 2) {
                throw new IllegalArgumentException("a binary logit needs a 2-class accumulator, this one has " + confusion.length);
            }
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("a binary target must lie in [0, 1], got " + t);
            }
            // -t ln s - (1 - t) ln(1 - s) = max(z, 0) - z t + ln(1 + e^-|z|)
            add(t >= 0.5 ? 1 : 0, z > 0 ? 1 : 0, Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z))), z);
        }

        private void add(int truth, int predicted, double nll, double score) {
            confusion[truth][predicted]++;
            logLossSum += nll;
            if (confusion.length == 2) {
                if (n == scores.length) {
                    scores = Arrays.copyOf(scores, (int) n * 2);
                    positive = Arrays.copyOf(positive, (int) n * 2);
                }
                scores[(int) n] = score;
                positive[(int) n] = truth == 1;
            }
            n++;
        }

        /** The measures of the samples so far. */
        public ClassificationMetrics result() {
            int k = confusion.length;
            long[][] c = new long[k][];
            long right = 0;
            double f1Sum = 0;
            int present = 0;
            for (int a = 0; a < k; a++) {
                c[a] = confusion[a].clone();
                right += confusion[a][a];
                long tp = confusion[a][a];
                long fn = 0;
                long fp = 0;
                for (int b = 0; b < k; b++) {
                    if (b != a) {
                        fn += confusion[a][b];
                        fp += confusion[b][a];
                    }
                }
                if (tp + fn + fp > 0) {
                    f1Sum += 2.0 * tp / (2.0 * tp + fp + fn);
                    present++;
                }
            }
            if (n == 0) {
                return new ClassificationMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, c);
            }
            return new ClassificationMetrics(n, (double) right / n, logLossSum / n, f1Sum / present,
                    k == 2 ? auc(Arrays.copyOf(scores, (int) n), Arrays.copyOf(positive, (int) n)) : Double.NaN, c);
        }

        // Mann-Whitney: mean ranks for ties, (R_1 - n_1 (n_1 + 1) / 2) / (n_1 n_0)
        private static double auc(double[] score, boolean[] positive) {
            int n = score.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
            double rankSum = 0;
            long n1 = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                    j++;
                }
                double meanRank = (i + j) / 2.0 + 1;   // ranks i + 1 .. j + 1
                for (int m = i; m <= j; m++) {
                    if (positive[order[m]]) {
                        rankSum += meanRank;
                        n1++;
                    }
                }
                i = j + 1;
            }
            long n0 = n - n1;
            if (n1 == 0 || n0 == 0) {
                return Double.NaN;
            }
            return (rankSum - n1 * (n1 + 1) / 2.0) / ((double) n1 * n0);
        }
    }
}
