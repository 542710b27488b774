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

    /** The strategy these options name for the training sequences (grid is handled by its caller). */
    Strategy strategy(List<Sequence> train) {
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
