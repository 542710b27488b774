package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Candidate subsequence lengths: factors of a sequence length first, then others (with padding). */
public final class Lengths {

    private Lengths() {
    }

    /** Divisors of n in [min, max], ascending. */
    public static List<Integer> factors(int n, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (int d = Math.max(1, min); d <= Math.min(n, max); d++) {
            if (n % d == 0) {
                out.add(d);
            }
        }
        return out;
    }

    /** Up to four divisors of n closest to len. */
    public static List<Integer> factorsNear(int n, int len) {
        List<Integer> f = factors(n, 1, n);
        f.sort((a, b) -> Integer.compare(Math.abs(a - len), Math.abs(b - len)) != 0
                ? Integer.compare(Math.abs(a - len), Math.abs(b - len)) : Integer.compare(a, b));
        List<Integer> near = new ArrayList<>(f.subList(0, Math.min(4, f.size())));
        near.sort(null);
        return near;
    }

    /**
     * The grid strategy's candidates for a sequence of n steps within [min, max]: the divisors of n
     * first (no padding), then round lengths (multiples of 5 and powers of two) that need padding;
     * at most {@code count} in all.
     */
    public static List<Integer> candidates(int n, int min, int max, int count) {
        return candidates(new int[] {n}, min, max, count);
    }

    /**
     * The candidates for streams of these lengths within [min, max]: first the lengths that divide
     * every stream (divisors of their greatest common divisor: no stream is padded), then round
     * lengths up to the longest stream; at most {@code count} in all.
     */
    public static List<Integer> candidates(int[] streams, int min, int max, int count) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("candidate lengths need 1 <= min <= max, got [" + min + ", " + max + "]");
        }
        int g = commonDivisor(streams);
        int n = 0;
        for (int s : streams) {
            n = Math.max(n, s);
        }
        Set<Integer> out = new LinkedHashSet<>();
        List<Integer> f = factors(g, min, max);
        // spread the divisors over the range rather than taking the smallest ones
        for (int i = 0; i < f.size() && out.size() < count; i++) {
            out.add(f.get(f.size() <= count ? i : (int) ((long) i * (f.size() - 1) / Math.max(1, count - 1))));
        }
        for (int v = Math.max(min, 5); v <= Math.min(max, n) && out.size() < count; v += 5) {
            out.add(v);
        }
        for (int p = 1; p <= Math.min(max, n) && out.size() < count; p *= 2) {
            if (p >= min) {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }

    /** The greatest common divisor of the lengths (0 for none): a length divides every one of them iff it divides this. */
    public static int commonDivisor(int[] lengths) {
        int g = 0;
        for (int l : lengths) {
            int a = g;
            int b = l;
            while (b != 0) {
                int t = a % b;
                a = b;
                b = t;
            }
            g = a;
        }
        return g;
    }
}
