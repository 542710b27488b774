package org.tbptt4j.cli;

import java.util.List;
import java.util.Locale;
import org.tbptt4j.analysis.DomainSplit;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import picocli.CommandLine.Option;

/** How sequences are cut for TBPTT (a picocli mixin shared by plan, train and grid). */
final class StrategyOptions {

    @Option(names = "--strategy", defaultValue = "naive", paramLabel = "S",
            description = "as-is, naive, domain, grid, one-step, decoupled or packed. Default: ${DEFAULT-VALUE}.")
    String strategy;

    /** The subsequence length when --length is not given. */
    static final int DEFAULT_LENGTH = 50;

    @Option(names = "--length", paramLabel = "L",
            description = "Subsequence length for naive, domain and packed (k1 = k2 = L). Default: 50; domain: from the autocorrelation analysis (text: from the sentences); "
                    + "classification: the longest training sequence, with k2 raised until every label's gradient reaches its sequence's first step.")
    Integer length;

    @Option(names = "--k1", paramLabel = "K1", description = "Steps between updates (decoupled; overrides any strategy's). Default: the strategy's.")
    Integer k1;

    @Option(names = "--k2", paramLabel = "K2", description = "Steps of backpropagation (decoupled; overrides any strategy's). Default: the strategy's.")
    Integer k2;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "Stream rows trained together. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--sentences", paramLabel = "MODE",
            description = "domain on text: pad (sentences padded to the longest, or cut at --length) or mean (cut at the mean sentence length).")
    String sentences;

    /**
     * Refuses an option the strategy has no use for: one-step is TBPTT(1,1), so --length, --k1 and
     * --k2 would change it into another strategy; as-is cuts nothing (--length); decoupled is cut by
     * --k1 and --k2 alone (--length); grid lists candidates (--length, --k1, --k2); --sentences is
     * domain's on text.
     */
    void requireApplicable() {
        String s = strategy.toLowerCase(Locale.ROOT);
        switch (s) {
            case "one-step" -> {
                String why = " does not apply to --strategy one-step, which is TBPTT(1,1): one step per update, all memory "
                        + "in the carried state; ";
                refuse("--length", length, why + "for pieces of " + length + " steps use --strategy naive --length " + length);
                refuse("--k1", k1, why + "for other truncation lengths use --strategy decoupled --k1 K1 --k2 K2");
                refuse("--k2", k2, why + "for other truncation lengths use --strategy decoupled --k1 K1 --k2 K2");
            }
            case "as-is" -> refuse("--length", length, " does not apply to --strategy as-is, which trains each sequence "
                    + "whole, at its own length; use --strategy naive --length " + length + " (or packed) to cut them");
            case "decoupled" -> refuse("--length", length, " does not apply to --strategy decoupled, which is cut by --k1 "
                    + "(steps between updates) and --k2 (steps of backpropagation) alone; leave --length out");
            case "grid" -> {
                String why = " does not apply to --strategy grid, which lists candidate lengths (--min-length, --max-length, "
                        + "--candidates); plan one of them with --strategy naive --length L";
                refuse("--length", length, why);
                refuse("--k1", k1, why);
                refuse("--k2", k2, why);
            }
            default -> {
            }
        }
        if (sentences != null && !s.equals("domain")) {
            throw new IllegalArgumentException("--sentences applies to --strategy domain on text only; leave it out, or give "
                    + "--strategy domain");
        }
    }

    private static void refuse(String option, Integer value, String why) {
        if (value != null) {
            throw new IllegalArgumentException(option + " " + value + why);
        }
    }

    /** The strategy these options name for the training sequences (grid is handled by its caller). */
    Strategy strategy(List<Sequence> train) {
        requireApplicable();
        String s = strategy.toLowerCase(Locale.ROOT);
        if (s.equals("domain") && sentences != null) {
            return new Strategy.Sentences(Strategy.Sentences.Mode.valueOf(parseSentences()), length == null ? 0 : length);
        }
        if (s.equals("domain") && length == null) {
            return DomainSplit.strategy(train, batch);
        }
        if (s.equals("decoupled") && (k1 == null || k2 == null)) {
            throw new IllegalArgumentException("--strategy decoupled needs both --k1 and --k2");
        }
        if (!Strategy.NAMES.contains(s)) {
            throw new IllegalArgumentException("--strategy: unknown strategy '" + strategy
                    + "': use as-is, naive, domain, grid, one-step, decoupled or packed");
        }
        return Strategy.of(s, length(), k1 == null ? 0 : k1, k2 == null ? 0 : k2);
    }

    /** --length, or its default. */
    int length() {
        return length == null ? DEFAULT_LENGTH : length;
    }

    private String parseSentences() {
        return switch (sentences.toLowerCase(Locale.ROOT)) {
            case "pad" -> "PAD";
            case "mean" -> "MEAN";
            default -> throw new IllegalArgumentException("--sentences: use pad or mean, got '" + sentences + "'");
        };
    }
}
