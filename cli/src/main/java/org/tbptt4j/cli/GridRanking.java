package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Racing;

/**
 * The ranking of a grid as text, for the end of {@code tbptt4j grid}: one row per configuration,
 * best first, with its mean and 95% interval, the Holm-adjusted p-value against the best, what its
 * trials cost (mean updates and seconds) and whether it is tied with the best or was eliminated by
 * the race; identical configurations merged into one row list every name.
 */
final class GridRanking {

    /** Rows printed; the rest are counted. */
    static final int ROWS = 12;

    private GridRanking() {
    }

    static void print(PrintWriter out, GridSummary summary) {
        List<GridSummary.ConfigResult> ranked = summary.configs().stream().filter(r -> r.rank() > 0).toList();
        if (ranked.isEmpty()) {
            return;
        }
        Map<Integer, Racing.Elimination> eliminated = new HashMap<>();
        if (summary.race() != null) {
            summary.race().eliminations().forEach(e -> eliminated.put(e.index(), e));
        }
        out.printf(Locale.ROOT, "%-5s %-12s %-12s %-27s %-9s %-10s %-8s %s%n", "rank", "", "mean " + shortName(summary.metric()),
                "95% CI", "p (Holm)", "updates", "seconds", "configuration");
        for (GridSummary.ConfigResult r : ranked.subList(0, Math.min(ROWS, ranked.size()))) {
            Racing.Elimination e = eliminated.get(r.index());
            String note = e != null ? "out after round " + e.round() : r.tieNote();
            List<String> names = summary.grid().get(r.index()).names();
            out.printf(Locale.ROOT, "%-5d %-12s %-12s %-27s %-9s %-10s %-8s %s%n", r.rank(), note, num(r.mean()),
                    "[" + num(r.ciLow()) + ", " + num(r.ciHigh()) + "]", r.pValueHolm() == null ? "-" : p(r.pValueHolm()),
                    r.cost().updates() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.cost().updates()),
                    r.cost().seconds() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.cost().seconds()),
                    String.join(" = ", names));
        }
        if (ranked.size() > ROWS) {
            out.printf(Locale.ROOT, "... and %d more in %s%n", ranked.size() - ROWS, "summary.json");
        }
        if (summary.race() != null) {
            GridSummary.Race race = summary.race();
            out.printf(Locale.ROOT, "racing: %d configuration(s) eliminated, %d of %d trials saved (%.0f%%)%n",
                    race.eliminations().size(), race.trialsSaved(), race.trialsWithoutRacing(),
                    100.0 * race.trialsSaved() / race.trialsWithoutRacing());
        }
    }

    private static String shortName(String metric) {
        return metric.replace("validation_loss", "val. loss").replace("train_loss", "train loss");
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.5g", v);
    }

    private static String p(double v) {
        return v < 1e-4 ? "<1e-4" : String.format(Locale.ROOT, "%.4f", v);
    }
}
