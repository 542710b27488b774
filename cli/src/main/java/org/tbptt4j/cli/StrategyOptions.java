package org.tbptt4j.cli;

import java.util.List;
import java.util.Locale;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Strategy;
import org.tbptt4j.experiment.StrategySpec;
import picocli.CommandLine.Option;

/** How sequences are cut for TBPTT (a picocli mixin shared by plan, train and grid). */
final class StrategyOptions {

    /** The strategy names, for picocli's help and shell completion: {@link StrategySpec#NAMES}, never a copy. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StrategySpec.NAMES.iterator();
        }
    }

    @Option(names = "--strategy", defaultValue = "naive", paramLabel = "S", completionCandidates = Names.class,
            description = "${COMPLETION-CANDIDATES}; plan: also grid (candidate lengths). Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--length", paramLabel = "L",
            description = "Subsequence length for naive, domain and packed (k1 = k2 = L). Default: "
                    + StrategySpec.DEFAULT_LENGTH + "; domain: from the autocorrelation analysis (text: from the sentences); "
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

    /** The pseudo-strategy of {@code plan}: it lists candidate lengths instead of cutting one way. */
    static final String GRID = "grid";

    /** Whether the options name {@code plan}'s candidate listing rather than a strategy. */
    boolean grid() {
        return strategy.equalsIgnoreCase(GRID);
    }

    /**
     * Refuses an option the strategy has no use for (the checks of {@link StrategySpec#of}); grid
     * lists candidates (no --length, --k1, --k2); --sentences is domain's on text.
     */
    void requireApplicable() {
        if (grid()) {
            String why = " does not apply to --strategy grid, which lists candidate lengths (--min-length, --max-length, "
                    + "--candidates); plan one of them with --strategy naive --length L";
            refuse("--length", length, why);
            refuse("--k1", k1, why);
            refuse("--k2", k2, why);
        } else {
            spec();
        }
        if (sentences != null && !strategy.equalsIgnoreCase(StrategySpec.Domain.NAME)) {
            throw new IllegalArgumentException("--sentences applies to --strategy domain on text only; leave it out, or give "
                    + "--strategy domain");
        }
    }

    private static void refuse(String option, Integer value, String why) {
        if (value != null) {
            throw new IllegalArgumentException(option + " " + value + why);
        }
    }

    /** The strategy these options name (not grid), every option checked against it. */
    StrategySpec spec() {
        return StrategySpec.of(strategy, length, k1, k2);
    }

    /** The strategy these options name for the training sequences (grid is handled by its caller). */
    Strategy strategy(List<Sequence> train) {
        requireApplicable();
        if (sentences != null) {
            return new Strategy.Sentences(Strategy.Sentences.Mode.valueOf(parseSentences()), length == null ? 0 : length);
        }
        return spec().strategy(train, batch);
    }

    private String parseSentences() {
        return switch (sentences.toLowerCase(Locale.ROOT)) {
            case "pad" -> "PAD";
            case "mean" -> "MEAN";
            default -> throw new IllegalArgumentException("--sentences: use pad or mean, got '" + sentences + "'");
        };
    }
}
