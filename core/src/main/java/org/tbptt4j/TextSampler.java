package org.tbptt4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tbptt4j.data.TextReader;
import org.tbptt4j.data.Vocabulary;
import org.tbptt4j.f32.Network;
import org.tbptt4j.f32.Predictor;
import org.tbptt4j.model.ParameterException;
import org.tbptt4j.model.Softmax;

/**
 * Generates text from a language model, as char-rnn samples: the prime text is fed through a
 * {@link Predictor} to set the state, then each next token is drawn from softmax(logits / T) with a
 * seeded {@link SplittableRandom} and fed back. Without a prime, the first input is a token drawn
 * uniformly with the same generator. The same model, prime, temperature and seed give the same text.
 * What {@link Model#sample} and {@code tbptt4j predict --sample} run.
 */
final class TextSampler {

    private final Network net;
    private final Vocabulary vocab;
    private final boolean words;

    /**
     * @param words whether tokens are words (joined by spaces, {@value TextReader#EOS} as a line end)
     *              rather than characters
     */
    TextSampler(Network net, Vocabulary vocab, boolean words) {
        if (net.config.embedding() == 0 || net.config.inputs() != vocab.size() || net.config.outputs() != vocab.size()) {
            throw new IllegalStateException("this model does not predict tokens of its " + vocab.size()
                    + "-token vocabulary; sampling needs a language model trained on text");
        }
        this.net = net;
        this.vocab = vocab;
        this.words = words;
    }

    /** The prime's token ids; a token outside the vocabulary is a user error naming it. */
    List<Integer> tokens(String prime) {
        List<Integer> ids = new ArrayList<>();
        List<String> pieces = words ? List.of(prime.strip().split("\\s+"))
                : prime.codePoints().mapToObj(Character::toString).toList();
        for (String p : pieces) {
            if (p.isEmpty()) {
                continue;
            }
            int id = vocab.idOrUnk(p);
            if (id < 0) {
                throw new ParameterException("prime = " + prime + ": '" + p + "' is not in the model's vocabulary of "
                        + vocab.size() + " tokens; prime with text made of tokens the training text had", "prime");
            }
            ids.add(id);
        }
        return ids;
    }

    /**
     * {@code n} tokens sampled after {@code prime} (null or empty: after one random token), as text.
     *
     * @param temperature > 0: 1 samples the model's distribution, lower is more conservative
     */
    String sample(String prime, int n, double temperature, long seed) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new ParameterException("temperature = " + temperature + " is not a positive number (1 = the model's own "
                    + "distribution, lower = more conservative)", "temperature");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> start = prime == null ? List.of() : tokens(prime);
        if (start.isEmpty()) {
            start = List.of(rnd.nextInt(vocab.size()));
        }
        int V = vocab.size();
        Predictor p = new Predictor(net, 1);
        float[] x = new float[1];        // (B=1 x 1) token id
        float[] logits = new float[V];   // (B=1 x V)
        for (int id : start) {
            x[0] = id;
            p.step(x, 0, null, 0, logits, 0);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int id = Softmax.sample(logits, 0, V, temperature, rnd);
            append(text, vocab.token(id), i == 0);
            x[0] = id;
            p.step(x, 0, null, 0, logits, 0);
        }
        return text.toString();
    }

    private void append(StringBuilder text, String token, boolean first) {
        if (!words) {
            text.append(token);
        } else if (token.equals(TextReader.EOS)) {
            text.append('\n');
        } else {
            if (!first && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append(' ');
            }
            text.append(token);
        }
    }
}
