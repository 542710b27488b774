package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tbptt4j.model.ParameterException;

/**
 * The ways to cut sequences for TBPTT, each a small immutable record that lays supervised
 * sequences into a stream {@link Layout} of B rows. Nothing ever reorders time inside a sequence;
 * every real step lands in the layout exactly once. The strategies as a user chooses them, before
 * the data is seen (names, parameters, checks, defaults), are {@code org.tbptt4j.experiment.StrategySpec}.
 */
public sealed interface Strategy {

    /** Beyond this many steps, using sequences as they are trains slowly and its gradients vanish or explode. */
    int AS_IS_WARNING = 400;

    /** The layout of these sequences in {@code batch} rows. */
    Layout layout(List<Sequence> sequences, int batch);

    /** 1. {@code as-is}: each sequence is one sample, shorter ones padded and masked; state resets every sample. */
    record AsIs() implements Strategy {
        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            checkBatch(seqs.size(), batch, "sequences");
            int len = seqs.stream().mapToInt(Sequence::length).max().orElse(0);
            List<String> notes = new ArrayList<>();
            if (len > AS_IS_WARNING) {
                notes.add("warning: samples of " + len + " steps (above " + AS_IS_WARNING + "): full BPTT this long is slow and its "
                        + "gradients vanish or explode; consider strategy = naive with length = L, strategy = packed, or strategy = decoupled with k1 = K1 and k2 = K2");
            }
            LayoutBuilder lb = new LayoutBuilder(batch, seqs.get(0).inputWidth(), seqs.get(0).targetWidth());
            long padded = 0;
            for (int i = 0; i < seqs.size(); i++) {
                Sequence s = seqs.get(i);
                int b = i % batch;
                lb.pad(b, (i / batch) * len - lb.length(b));
                lb.append(b, s, i, 0, 0, s.length(), true);
                padded += len - s.length();
            }
            if (padded > 0) {
                notes.add(String.format(Locale.ROOT, "shorter sequences padded to %d steps and masked (%d padding steps)", len, padded));
            }
            return lb.build("as-is", len, len, len, false, notes);
        }
    }

    /**
     * 2. {@code naive --length L}: consecutive pieces of L steps laid out statefully (row i of chunk
     * c+1 continues row i of chunk c); the state resets only where a real sequence starts. One long
     * series is first cut into B contiguous streams. A sequence whose length L does not divide ends
     * in a padded, masked piece (the notes say so and name the factors near L).
     */
    record Naive(int length) implements Strategy {
        public Naive {
            requireLength(length);
        }

        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            return pieces(seqs, batch, length, "naive --length " + length, false);
        }
    }

    /** 3. {@code domain}: the length comes from the data (an autocorrelation analysis); laid out as {@link Naive}. */
    record Domain(int length, String rule) implements Strategy {
        public Domain {
            requireLength(length);
        }

        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            Layout l = pieces(seqs, batch, length, "domain --length " + length, false);
            List<String> notes = new ArrayList<>(l.notes());
            notes.add(0, "length " + length + " from " + rule);
            return l.withNotes(notes);
        }
    }

    /**
     * 3. {@code domain} for text: sentences as samples. PAD: every sentence padded to the longest
     * (or cut at {@code length} when given); MEAN: sentences cut into pieces of the mean sentence
     * length, the last piece padded. State resets at every sentence.
     */
    record Sentences(Mode mode, int length) implements Strategy {
        public enum Mode { PAD, MEAN }

        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            // sentences (and, cut, their pieces) as samples, remembering where each came from
            List<Sequence> sentences = new ArrayList<>();
            List<int[]> sentenceOrigin = new ArrayList<>(); // {sequence index, first step}
            for (int i = 0; i < seqs.size(); i++) {
                Sequence s = seqs.get(i);
                int start = 0;
                for (int end : s.sentenceEnds()) {
                    sentences.add(s.slice(start, end + 1));
                    sentenceOrigin.add(new int[] {i, start});
                    start = end + 1;
                }
                if (start < s.length()) {
                    sentences.add(s.slice(start, s.length()));
                    sentenceOrigin.add(new int[] {i, start});
                }
            }
            if (sentences.isEmpty()) {
                throw new IllegalArgumentException("the text has no sentences; the domain split needs sentence boundaries");
            }
            double mean = sentences.stream().mapToInt(Sequence::length).average().orElse(1);
            int max = sentences.stream().mapToInt(Sequence::length).max().orElse(1);
            int len = length > 0 ? length : mode == Mode.MEAN ? Math.max(1, (int) Math.round(mean)) : max;
            List<Sequence> samples = new ArrayList<>();
            List<int[]> sampleOrigin = new ArrayList<>();
            for (int j = 0; j < sentences.size(); j++) {
                Sequence s = sentences.get(j);
                for (int from = 0; from < s.length(); from += len) {
                    samples.add(s.slice(from, Math.min(s.length(), from + len)));
                    sampleOrigin.add(new int[] {sentenceOrigin.get(j)[0], sentenceOrigin.get(j)[1] + from});
                }
            }
            Layout l = new AsIs().layout(samples, batch);
            int[] origin = l.origin().clone();
            int[] originStep = l.originStep().clone();
            for (int i = 0; i < origin.length; i++) {
                if (origin[i] >= 0) {
                    int[] o = sampleOrigin.get(origin[i]);
                    origin[i] = o[0];
                    originStep[i] = o[1] + originStep[i];
                }
            }
            List<String> notes = new ArrayList<>(l.notes());
            notes.add(0, String.format(Locale.ROOT, "%d sentences, mean %.1f, longest %d steps; samples of %d steps (%s)",
                    sentences.size(), mean, max, len, mode == Mode.MEAN ? "cut at the mean length" : "padded to a fixed length"));
            return new Layout("domain --sentences " + mode.name().toLowerCase(Locale.ROOT), l.rows(), l.steps(), l.inputWidth(),
                    l.targetWidth(), l.x(), l.y(), l.mask(), l.reset(), origin, originStep, l.k1(), l.k2(),
                    l.sampleLength(), false, notes);
        }
    }

    /** 5. {@code one-step}: TBPTT(1,1): one step per sample, all memory in the state, reset at sequence starts. */
    record OneStep() implements Strategy {
        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            return pieces(seqs, batch, 1, "one-step", false);
        }
    }

    /** 6. {@code decoupled --k1 --k2}: continuous stateful streams, forward and backward lengths chosen independently. */
    record Decoupled(int k1, int k2) implements Strategy {
        public Decoupled {
            requireLength(k1);
            requireLength(k2);
        }

        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            return pieces(seqs, batch, 1, "decoupled --k1 " + k1 + " --k2 " + k2, false).withTruncation(k1, k2,
                    "decoupled --k1 " + k1 + " --k2 " + k2);
        }
    }

    /**
     * Beyond: {@code packed --length L}: variable-length sequences packed end to end into B rows,
     * longest first into the row that ends earliest (rows end close together), each row resetting
     * where its next sequence starts, the tail padded and masked; rows start sequences at staggered times.
     */
    record Packed(int length) implements Strategy {
        public Packed {
            requireLength(length);
        }

        @Override
        public Layout layout(List<Sequence> seqs, int batch) {
            return pieces(seqs, batch, length, "packed --length " + length, true);
        }
    }

    /**
     * The shared stateful layout: with one sequence, B contiguous streams; pieces of {@code len}
     * steps; with {@code pack} sequences longest-first into the row that ends earliest, else in order
     * into the row that ends earliest; naive padding of each sequence to a multiple of len.
     */
    private static Layout pieces(List<Sequence> seqs, int batch, int len, String name, boolean pack) {
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("no sequences to lay out");
        }
        List<Sequence> parts = seqs;
        int[] starts = new int[Math.max(batch, 1)]; // where each stream of a single series starts in it
        List<String> notes = new ArrayList<>();
        int longest = seqs.stream().mapToInt(Sequence::length).max().orElse(0);
        if (len > longest) {
            throw new ParameterException("length = " + len + " is longer than every sequence (the longest has " + longest
                    + " steps): give length = " + longest + " or less", "length");
        }
        if (seqs.size() == 1 && batch > 1) {
            Sequence one = seqs.get(0);
            if (one.length() / batch < len) {
                throw new ParameterException("batch = " + batch + " streams of the " + one.length() + "-step series leaves "
                        + one.length() / batch + " steps per stream, fewer than length = " + len + ": give batch = "
                        + Math.max(1, one.length() / len) + " or less", "batch", "length");
            }
            parts = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                int from = (int) ((long) one.length() * b / batch);
                int to = (int) ((long) one.length() * (b + 1) / batch);
                parts.add(one.slice(from, to));
                starts[b] = from;
            }
            notes.add("the series is cut into " + batch + " contiguous streams of about " + one.length() / batch + " steps");
        } else {
            checkBatch(seqs.size(), batch, "sequences");
        }
        LayoutBuilder lb = new LayoutBuilder(batch, seqs.get(0).inputWidth(), seqs.get(0).targetWidth());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            order.add(i);
        }
        if (pack) {
            List<Sequence> p = parts;
            order.sort(Comparator.comparingInt((Integer i) -> -p.get(i).length()).thenComparingInt(i -> i));
        }
        long padded = 0;
        int notDivided = 0;
        for (int i : order) {
            Sequence s = parts.get(i);
            int b = parts.size() == batch && !pack ? i : lb.shortestRow();
            boolean single = seqs.size() == 1;
            lb.append(b, s, single ? 0 : i, single ? starts[i] : 0, 0, s.length(), true);
            if (!pack && len > 1 && s.length() % len != 0) {
                notDivided++;
                padded += len - s.length() % len;
                lb.padToMultiple(b, len);
            }
        }
        if (notDivided > 0) {
            int t = seqs.size() == 1 ? parts.get(0).length() : longest;
            notes.add(String.format(Locale.ROOT, "length %d does not divide %d sequence(s): each ends in a padded, masked piece "
                    + "(%d padding steps); lengths that divide %d: %s", len, notDivided, padded, t, Lengths.factorsNear(t, len)));
        }
        Layout l = lb.build(name, len, len, len, true, notes);
        if (pack || seqs.size() > 1 || batch > 1) {
            notes = new ArrayList<>(l.notes());
            long tail = (long) l.rows() * l.steps() - l.realSteps() - padded;
            if (tail > 0) {
                notes.add(String.format(Locale.ROOT, "rows end %d padding steps apart at most; tail padding is masked (%.1f%% of the layout)",
                        l.steps() - minRow(lb, batch), 100.0 * tail / ((long) l.rows() * l.steps())));
            }
            l = l.withNotes(notes);
        }
        return l;
    }

    private static int minRow(LayoutBuilder lb, int batch) {
        int m = Integer.MAX_VALUE;
        for (int b = 0; b < batch; b++) {
            m = Math.min(m, lb.length(b));
        }
        return m;
    }

    private static int checkBatch(int available, int batch, String what) {
        if (batch < 1) {
            throw new ParameterException("batch = " + batch + " is less than 1 row", "batch");
        }
        if (batch > available) {
            throw new ParameterException("batch = " + batch + " rows needs at least " + batch + " " + what
                    + ", the data has " + available + ": give batch = " + available + " or less", "batch");
        }
        return batch;
    }

    private static void requireLength(int length) {
        if (length < 1) {
            throw new ParameterException("length = " + length + " is less than 1 step", "length");
        }
    }
}
