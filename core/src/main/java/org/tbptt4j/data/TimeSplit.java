package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Time-ordered train / validation / test splits; test gets what train and validation leave. Time
 * is never shuffled: one long series is cut into three contiguous spans, and a set of many
 * sequences is split by whole sequences.
 *
 * <p>Fractions: train &gt; 0, validation &gt;= 0, train + validation &lt;= 1. A part with a zero
 * fraction comes back as a set with no series; a part whose positive fraction rounds to no steps
 * (or no sequences) is an error that says how many there are. Counts round cumulatively:
 * nTrain = round(train * N), nTrain + nValidation = round((train + validation) * N).
 */
public final class TimeSplit {

    /** Suffixes of the span ids, in part order. */
    public static final List<String> PARTS = List.of("train", "validation", "test");

    private TimeSplit() {
    }

    /**
     * Cuts the one series of the set into [train, validation, test] spans, in time order. Each
     * span keeps the label; sentence ends inside it are kept, shifted to its start; its id is the
     * series id + "/train", "/validation" or "/test".
     */
    public static List<SeriesSet> splitSpan(SeriesSet one, double train, double validation) {
        if (one.series().size() != 1) {
            throw new IllegalArgumentException(one.source() + " has " + one.series().size() + " series; splitSpan cuts one "
                    + "long series, use splitBySequence for a set of sequences");
        }
        Series s = one.series().get(0);
        int[] n = counts(s.length(), train, validation, one.source(), "steps");
        List<SeriesSet> parts = new ArrayList<>(3);
        int from = 0;
        for (int p = 0; p < 3; p++) {
            List<Series> part = n[p] == 0 ? List.of() : List.of(slice(s, from, from + n[p], s.id() + "/" + PARTS.get(p)));
            parts.add(one.withSeries(part));
            from += n[p];
        }
        return parts;
    }

    /**
     * Splits the set into [train, validation, test] by whole sequences, chosen by a shuffle seeded
     * with {@code seed} ({@link java.util.Random}, so the same seed gives the same split on any
     * JVM). Inside each part the sequences keep the set's order.
     */
    public static List<SeriesSet> splitBySequence(SeriesSet many, double train, double validation, long seed) {
        int N = many.series().size();
        int[] n = counts(N, train, validation, many.source(), "sequences");
        int[] order = new int[N];
        for (int i = 0; i < N; i++) {
            order[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = N - 1; i > 0; i--) {   // Fisher-Yates
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<SeriesSet> parts = new ArrayList<>(3);
        int from = 0;
        for (int p = 0; p < 3; p++) {
            int[] chosen = Arrays.copyOfRange(order, from, from + n[p]);
            Arrays.sort(chosen);
            List<Series> part = new ArrayList<>(chosen.length);
            for (int i : chosen) {
                part.add(many.series().get(i));
            }
            parts.add(many.withSeries(part));
            from += n[p];
        }
        return parts;
    }

    /**
     * Whether the parts are the spans of one series cut in time by {@link #splitSpan} (each part at
     * most one series, its id ending in "/train", "/validation" or "/test" in part order).
     */
    public static boolean isSpanSplit(List<SeriesSet> parts) {
        for (int k = 0; k < parts.size(); k++) {
            for (Series s : parts.get(k).series()) {
                if (parts.get(k).series().size() > 1 || !s.id().endsWith("/" + PARTS.get(k))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The spans of parts 0..{@code last} of a series cut in time ({@link #isSpanSplit}), joined
     * again in time order into one series with the id of the last span: everything a forecaster
     * running through the series has seen by the end of part {@code last}.
     */
    public static Series joined(List<SeriesSet> parts, int last) {
        List<Series> spans = new ArrayList<>();
        for (int k = 0; k <= last; k++) {
            spans.addAll(parts.get(k).series());
        }
        if (!isSpanSplit(parts) || parts.get(last).series().isEmpty()) {
            throw new IllegalArgumentException("joined needs the spans of one series cut in time, with part " + last);
        }
        int C = spans.get(spans.size() - 1).width();
        int T = spans.stream().mapToInt(Series::length).sum();
        double[] v = new double[T * C];
        boolean anyMissing = spans.stream().anyMatch(s -> s.observed() != null);
        boolean[] observed = anyMissing ? new boolean[T * C] : null;
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        for (Series s : spans) {
            System.arraycopy(s.values(), 0, v, at * C, s.length() * C);
            if (observed != null) {
                if (s.observed() == null) {
                    Arrays.fill(observed, at * C, (at + s.length()) * C, true);
                } else {
                    System.arraycopy(s.observed(), 0, observed, at * C, s.length() * C);
                }
            }
            for (int e : s.sentenceEnds()) {
                ends.add(at + e);
            }
            at += s.length();
        }
        Series end = spans.get(spans.size() - 1);
        return new Series(end.id(), T, v, end.label(), ends.stream().mapToInt(Integer::intValue).toArray(), observed);
    }

    /** Steps [from, to) of s as a new series with the given id. */
    static Series slice(Series s, int from, int to, String id) {
        int C = s.width();
        double[] v = Arrays.copyOfRange(s.values(), from * C, to * C);
        int[] ends = Arrays.stream(s.sentenceEnds()).filter(e -> e >= from && e < to).map(e -> e - from).toArray();
        boolean[] observed = s.observed() == null ? null : Arrays.copyOfRange(s.observed(), from * C, to * C);
        return new Series(id, to - from, v, s.label(), ends, observed);
    }

    // [train, validation, test] counts of N items
    private static int[] counts(int N, double train, double validation, String source, String unit) {
        if (!(train > 0 && train <= 1)) {
            throw new IllegalArgumentException("train fraction " + train + " must be in (0, 1], e.g. 0.7");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("validation fraction " + validation + " must be in [0, 1), e.g. 0.15");
        }
        double test = 1 - train - validation;
        if (test < -1e-9) {
            throw new IllegalArgumentException("train " + train + " + validation " + validation + " = " + (train + validation)
                    + " is more than 1; test gets the rest, so make them add up to at most 1 (e.g. 0.7 and 0.15)");
        }
        int a = (int) Math.round(train * N);
        int b = (int) Math.round(Math.min(1, train + validation) * N);
        int[] n = {a, b - a, N - b};
        double[] f = {train, validation, test > 1e-9 ? test : 0};
        for (int p = 0; p < 3; p++) {
            if (f[p] > 0 && n[p] == 0) {
                throw new IllegalArgumentException(source + " has " + N + " " + unit + "; the " + PARTS.get(p) + " fraction "
                        + String.format("%.3g", f[p]) + " gives it none. Use more data, a larger " + PARTS.get(p)
                        + " fraction" + (p == 2 ? " (smaller train + validation)" : "") + ", or fraction 0 to leave it out");
            }
        }
        return n;
    }
}
