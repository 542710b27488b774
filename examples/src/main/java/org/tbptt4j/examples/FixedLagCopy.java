package org.tbptt4j.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the streaming fixed-lag copy task (after Aicher, Foti and Fox, 2019) as a CSV for
 * {@code tbptt4j train --task per-step --loss cross-entropy}: one long stream over an alphabet of 6
 * symbols, {@code _} (blank), {@code S} (start marker) and {@code a b c d}. The stream is strings of
 * m steps, the start marker then m - 1 random symbols, each followed by m blanks; the target at step
 * t is the input at step t - m (blank for t &lt; m).
 *
 * <p>Without a memory of m steps, only the targets that copy a random symbol are uncertain (m - 1 of
 * every 2m steps, each 1 of 4): the best perplexity is 4^((m-1)/(2m)), 1.87 for m = 10. Learning the
 * copy needs a gradient that spans the lag: TBPTT(k1, k2) with k2 >= k1 + m - 1, e.g. TBPTT(10, 19).
 *
 * <p>Usage: {@code FixedLagCopy FILE [steps=100000] [m=10] [seed=1]}; it needs only the JDK, so
 * {@code java examples/src/main/java/org/tbptt4j/examples/FixedLagCopy.java copy.csv} runs it as it is.
 * Columns: {@code step,x,y}.
 */
public final class FixedLagCopy {

    private static final String BLANK = "_";
    private static final String START = "S";
    private static final String[] SYMBOLS = {"a", "b", "c", "d"};

    private FixedLagCopy() {
    }

    /** The input stream: strings (start marker, m - 1 random symbols) each followed by m blanks. */
    static String[] stream(int steps, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] x = new String[steps];
        for (int t = 0; t < steps; t++) {
            int p = t % (2 * m);
            x[t] = p == 0 ? START : p < m ? SYMBOLS[rng.nextInt(SYMBOLS.length)] : BLANK;
        }
        return x;
    }

    /** The lowest perplexity reachable without a memory of m steps: 4^((m-1)/(2m)). */
    static double noMemoryPerplexity(int m) {
        return Math.pow(SYMBOLS.length, (m - 1) / (2.0 * m));
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FixedLagCopy FILE [steps=100000] [m=10] [seed=1]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        String[] x = stream(steps, m, seed);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("step,x,y\n");
            for (int t = 0; t < steps; t++) {
                w.write(t + "," + x[t] + "," + (t < m ? BLANK : x[t - m]) + "\n");
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(java.util.Locale.ROOT, "%s: %d steps, m = %d; no-memory perplexity %.3f%n", file, steps, m,
                noMemoryPerplexity(m));
    }
}
