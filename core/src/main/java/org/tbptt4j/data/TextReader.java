package org.tbptt4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a UTF-8 text file as one series of token ids (T x 1, column {@code token}), with the
 * vocabulary and the steps that end a sentence. Build the vocabulary from the training file
 * (pass null) and pass {@link SeriesSet#vocabulary()} of that result, via {@link Vocabulary#of},
 * when reading validation and test files.
 */
public final class TextReader {

    /** The end-of-sentence token appended to every line by {@link #words}. */
    public static final String EOS = "<eos>";

    private TextReader() {
    }

    /**
     * Every character (Unicode code point, line ends included as they are in the file; a leading
     * byte-order mark dropped) is one token. A new vocabulary is sorted ({@link Vocabulary#sorted}).
     *
     * <p>Sentence ends: step t ends a sentence when it is '.', '!' or '?' followed by whitespace or
     * the end of the text; and a line end followed by a blank line (only spaces, tabs or '\r' up to
     * the next line end) ends one too, unless nothing but whitespace came since the previous end.
     */
    public static SeriesSet characters(Path file, Vocabulary vocab) throws IOException {
        String name = file.getFileName().toString();
        String text = readAll(file, name);
        int[] cps = text.codePoints().toArray();   // (T)
        if (cps.length == 0) {
            throw new DataFormatException(name, 0, null, "the file is empty; give a text file with at least one character");
        }
        if (vocab == null) {
            vocab = Vocabulary.sorted(Arrays.stream(cps).distinct().mapToObj(Character::toString).toList());
        }
        double[] ids = new double[cps.length];
        Map<Integer, Integer> cache = new HashMap<>();
        long line = 1;
        int col = 1;
        for (int t = 0; t < cps.length; t++) {
            int cp = cps[t];
            Vocabulary v = vocab;
            int id = cache.computeIfAbsent(cp, k -> v.idOrUnk(Character.toString(k)));
            if (id < 0) {
                throw new DataFormatException(name, line, col, "character '" + DataFormatException.excerpt(Character.toString(cp)) + "' (U+"
                        + String.format("%04X", cp) + ") is not in the vocabulary, which has no '" + Vocabulary.UNK
                        + "'; rebuild the vocabulary from the training text, or add '" + Vocabulary.UNK + "' to it");
            }
            ids[t] = id;
            if (cp == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        Series s = new Series(name, cps.length, ids, -1, characterSentenceEnds(cps));
        return new SeriesSet(name, List.of("token"), List.of(s), vocab.tokens(), List.of());
    }

    /** The sentence ends of {@link #characters}, ascending. */
    static int[] characterSentenceEnds(int[] cps) {
        int[] ends = new int[16];
        int n = 0;
        boolean open = false;   // a non-whitespace character since the last end
        for (int t = 0; t < cps.length; t++) {
            int c = cps[t];
            boolean end = false;
            if (c == '.' || c == '!' || c == '?') {
                end = t + 1 == cps.length || Character.isWhitespace(cps[t + 1]);
            } else if (c == '\n' && open) {
                int k = t + 1;
                while (k < cps.length && (cps[k] == ' ' || cps[k] == '\t' || cps[k] == '\r')) {
                    k++;
                }
                end = k < cps.length && cps[k] == '\n';
            }
            if (!Character.isWhitespace(c)) {
                open = true;
            }
            if (end) {
                if (n == ends.length) {
                    ends = Arrays.copyOf(ends, n * 2);
                }
                ends[n++] = t;
                open = false;
            }
        }
        return Arrays.copyOf(ends, n);
    }

    /**
     * PTB-style word text: tokens separated by whitespace, one sentence per line, and {@value #EOS}
     * appended to every line (blank lines included), as in the usual PTB language-model setup; the
     * sentence ends are the steps of the {@value #EOS} tokens. A new vocabulary is in order of
     * first appearance ({@value #EOS} first appears after the first line's words).
     */
    public static SeriesSet words(Path file, Vocabulary vocab) throws IOException {
        String name = file.getFileName().toString();
        List<String> built = vocab == null ? new ArrayList<>() : null;
        Map<String, Integer> builtIds = new HashMap<>();
        double[] ids = new double[1 << 12];   // (T)
        int T = 0;
        int[] ends = new int[1 << 8];
        int sentences = 0;
        long line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = r.readLine()) != null) {
                line++;
                if (line == 1) {
                    text = text.replace("\uFEFF", "");
                }
                String[] words = text.strip().isEmpty() ? new String[0] : text.strip().split("\\s+");
                for (int w = 0; w <= words.length; w++) {
                    String token = w < words.length ? words[w] : EOS;
                    int id;
                    if (built != null) {
                        id = builtIds.computeIfAbsent(token, k -> {
                            built.add(k);
                            return built.size() - 1;
                        });
                    } else {
                        id = vocab.idOrUnk(token);
                        if (id < 0) {
                            throw new DataFormatException(name, line, w + 1, "word '" + DataFormatException.excerpt(token) + "' is not in the vocabulary, "
                                    + "which has no '" + Vocabulary.UNK + "'; rebuild the vocabulary from the training text, or add '"
                                    + Vocabulary.UNK + "' to it");
                        }
                    }
                    if (T == ids.length) {
                        ids = Arrays.copyOf(ids, T * 2);
                    }
                    ids[T++] = id;
                }
                if (sentences == ends.length) {
                    ends = Arrays.copyOf(ends, sentences * 2);
                }
                ends[sentences++] = T - 1;
            }
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
        if (T == 0) {
            throw new DataFormatException(name, 0, null, "the file is empty; give one sentence per line");
        }
        Vocabulary v = built != null ? Vocabulary.of(built) : vocab;
        Series s = new Series(name, T, Arrays.copyOf(ids, T), -1, Arrays.copyOf(ends, sentences));
        return new SeriesSet(name, List.of("token"), List.of(s), v.tokens(), List.of());
    }

    private static String readAll(Path file, String name) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw Utf8.notText(file);
        }
    }
}
