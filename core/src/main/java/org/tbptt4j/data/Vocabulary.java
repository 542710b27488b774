package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Token strings and their ids (id = index in {@link #tokens()}), built from training text only and
 * reused unchanged for validation and test text. A token not in the vocabulary maps to
 * {@value #UNK} when the vocabulary has that token; otherwise the readers report it.
 *
 * <p>Order (deterministic): {@link #sorted} orders tokens by their UTF-16 text, as char-rnn and
 * nanoGPT order characters; {@link #of} keeps the given order, which for word text is order of
 * first appearance, as PyTorch's word-language-model example does.
 */
public final class Vocabulary {

    /** The unknown-token spelling that unseen tokens map to, when present. */
    public static final String UNK = "<unk>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unk;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + this.tokens.get(i) + "' appears twice in the vocabulary "
                        + "(ids " + ids.get(this.tokens.get(i)) + " and " + i + "); every token needs one id");
            }
        }
        this.unk = ids.getOrDefault(UNK, -1);
    }

    /** The tokens in the given order (id i = tokens.get(i)); a repeated token is an error. */
    public static Vocabulary of(List<String> tokens) {
        return new Vocabulary(tokens);
    }

    /** The distinct tokens, sorted by {@link String#compareTo}. */
    public static Vocabulary sorted(Collection<String> tokens) {
        return new Vocabulary(new ArrayList<>(new TreeSet<>(tokens)));
    }

    /** Number of tokens, V. */
    public int size() {
        return tokens.size();
    }

    /** Token strings by id. */
    public List<String> tokens() {
        return tokens;
    }

    /** The token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /** Whether the token has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token's id, else the id of {@value #UNK} if present, else -1. */
    public int idOrUnk(String token) {
        Integer i = ids.get(token);
        return i != null ? i : unk;
    }

    /**
     * The token's id, else the id of {@value #UNK}.
     *
     * @throws IllegalArgumentException if the token is unknown and there is no {@value #UNK}
     */
    public int id(String token) {
        int i = idOrUnk(token);
        if (i < 0) {
            throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary, which has no '" + UNK
                    + "'; rebuild the vocabulary from the training text, or add '" + UNK + "' to it");
        }
        return i;
    }
}
