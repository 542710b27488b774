package org.tbptt4j.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;

/**
 * The language-model baselines a recurrent model must beat: count models of the next token y_t
 * (the token after x_t), fitted on the training part only and scored on the validation and test
 * parts, on exactly the steps a model's loss counts there, in nats per token (the model's
 * cross-entropy) and bits per token. V is the vocabulary (built from the whole file, so a token
 * unseen in training still gets probability).
 * <ul>
 *   <li>unigram: P(w) = (c(w) + 1) / (N + V), add-one smoothed training frequencies of the tokens;</li>
 *   <li>bigram: interpolated absolute discounting with a continuation unigram (Kneser-Ney with one
 *       discount D = {@link #DISCOUNT}): P(w | v) = max(c(v, w) - D, 0) / c(v) + D T(v) / c(v) P_cont(w),
 *       T(v) the distinct tokens seen after v, P_cont(w) = (N1+(. w) + 1) / (N1+(. .) + V) the add-one
 *       smoothed share of bigram types that end in w; P(w | v) = P_cont(w) for a v never seen.</li>
 * </ul>
 * Neither has memory beyond the current token: what a recurrent model gains over the bigram, it
 * gains from the longer past.
 */
public final class TokenBaselines {

    /** The bigram's absolute discount. */
    public static final double DISCOUNT = 0.75;

    private TokenBaselines() {
    }

    /** The baselines of a language-modelling preparation. */
    public static List<Baseline<TokenScore>> evaluate(Preparation prep) {
        if (!(prep.task() instanceof Task.LanguageModel task)) {
            throw new IllegalArgumentException("token baselines need a language-modelling task, not " + prep.task().describe());
        }
        int V = task.vocabulary();
        long[] unigram = new long[V];
        long tokens = 0;
        Map<Long, Long> bigram = new HashMap<>();      // v * V + w -> c(v, w)
        for (Sequence q : prep.train()) {
            for (int t = 0; t < q.length(); t++) {
                if (q.loss()[t]) {
                    int v = (int) q.x()[t];
                    int w = (int) q.y()[t];
                    unigram[w]++;
                    tokens++;
                    bigram.merge((long) v * V + w, 1L, Long::sum);
                }
            }
        }
        long[] context = new long[V];       // c(v): bigrams starting with v
        long[] followers = new long[V];     // T(v)
        long[] histories = new long[V];     // N1+(. w)
        for (Map.Entry<Long, Long> e : bigram.entrySet()) {
            int v = (int) (e.getKey() / V);
            int w = (int) (e.getKey() % V);
            context[v] += e.getValue();
            followers[v]++;
            histories[w]++;
        }
        long types = bigram.size();
        long n = tokens;
        Next uni = (v, w) -> (unigram[w] + 1.0) / (n + V);
        Next cont = (v, w) -> (histories[w] + 1.0) / (types + V);
        Next bi = (v, w) -> {
            if (context[v] == 0) {
                return cont.probability(v, w);
            }
            long c = bigram.getOrDefault((long) v * V + w, 0L);
            return (Math.max(c - DISCOUNT, 0) + DISCOUNT * followers[v] * cont.probability(v, w)) / context[v];
        };
        List<Baseline<TokenScore>> out = new ArrayList<>();
        out.add(new Baseline<>("unigram", String.format(Locale.ROOT, "the add-one smoothed frequency of each token in the %,d "
                + "training tokens, whatever came before", n), score(prep.validation(), uni), score(prep.test(), uni)));
        out.add(new Baseline<>("bigram", String.format(Locale.ROOT, "the next token given the current one: %,d bigram types of "
                + "the training part, absolute discount %.2f interpolated with the continuation unigram (Kneser-Ney-lite)",
                types, DISCOUNT), score(prep.validation(), bi), score(prep.test(), bi)));
        return List.copyOf(out);
    }

    /** P(next token = w | current token = v). */
    @FunctionalInterface
    private interface Next {
        double probability(int v, int w);
    }

    /** Mean -ln P over the scored steps; null when the part has none. */
    private static TokenScore score(List<Sequence> part, Next model) {
        long count = 0;
        double nats = 0;
        for (Sequence q : part) {
            for (int t = 0; t < q.length(); t++) {
                if (q.loss()[t]) {
                    nats -= Math.log(model.probability((int) q.x()[t], (int) q.y()[t]));
                    count++;
                }
            }
        }
        return count == 0 ? null : new TokenScore(count, nats / count);
    }
}
