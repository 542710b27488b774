package org.tbptt4j.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.tbptt4j.experiment.GridSummary;
import org.tbptt4j.experiment.Journal;
import org.tbptt4j.experiment.RunConfig;
import org.tbptt4j.experiment.TrialRecord;

/**
 * Builds the report page's HTML from a summary (and, for the versions that ran, the journal). Each
 * section is one method; every text from the files is escaped with {@link Html#escape}.
 */
final class ReportPage {

    /** Pixel width of the full-width charts; the page's content column is about this wide. */
    static final int WIDE = 1000;
    /** Configurations whose learning curves are shown. */
    static final int CURVES = 3;

    /**
     * Marks the body once every image has decoded ({@code data-images}, {@code data-images-loaded})
     * and where each lies ({@code data-image-boxes}: x,y,w,h per image), so a headless browser, or
     * a reader's developer tools, can confirm the charts display.
     */
    private static final String IMAGE_CHECK = """
            window.addEventListener('load', function () {
              var imgs = document.images, ok = 0, boxes = [];
              for (var i = 0; i < imgs.length; i++) {
                if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; }
                var r = imgs[i].getBoundingClientRect();
                boxes.push([r.left + window.scrollX, r.top + window.scrollY, r.width, r.height].map(Math.round).join(','));
              }
              document.body.setAttribute('data-images', String(imgs.length));
              document.body.setAttribute('data-images-loaded', String(ok));
              document.body.setAttribute('data-image-boxes', boxes.join(' '));
            });
            """;

    private final GridSummary summary;
    private final Journal.Contents journal;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private ReportPage(GridSummary summary, Journal.Contents journal) {
        this.summary = summary;
        this.journal = journal;
    }

    /**
     * The whole page.
     *
     * @param journal the trials, for the versions that ran them; null when there is no journal
     */
    static String html(GridSummary summary, Journal.Contents journal) throws IOException {
        return new ReportPage(summary, journal).build();
    }

    private String build() throws IOException {
        String file = summary.data().file();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Grid search report \u2013 ").append(Html.escape(file)).append("</title>\n")
                .append("<style>\n").append(Css.STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        header();
        data();
        analysis();
        memoryHorizon();
        boxes();
        curves();
        ranking();
        cost();
        race();
        recommendation();
        baselines();
        testPart();
        footer();
        out.append("</main>\n<script>\n").append(IMAGE_CHECK).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        GridSummary.Data d = summary.data();
        out.append("<header>\n<h1>Grid search report</h1>\n<p class=\"sub\">")
                .append(Html.escape(d.file())).append(" \u00b7 ").append(Html.escape(d.task()))
                .append(" \u00b7 ").append(summary.configs().size()).append(" configurations \u00d7 ")
                .append(summary.repeats()).append(" repeats \u00b7 metric ").append(Html.escape(summary.metric()))
                .append(summary.lowerIsBetter() ? " (lower is better)" : " (higher is better)").append("</p>\n");
        GridSummary.Best best = summary.best();
        if (best != null) {
            GridSummary.ConfigResult r = result(best.index());
            out.append("<p class=\"callout\">Recommended: <strong>").append(Html.escape(best.label())).append("</strong>");
            if (r != null) {
                out.append(" \u2013 mean ").append(Html.num(r.mean())).append(", 95% CI [")
                        .append(Html.num(r.ciLow())).append(", ").append(Html.num(r.ciHigh())).append("]");
            }
            out.append(" (<a href=\"#recommendation\">command</a>)</p>\n");
        }
        if (summary.verdict() != null) {
            out.append("<p class=\"callout\" id=\"verdict\">").append(Html.escape(summary.verdict().text()))
                    .append(" (<a href=\"#baselines\">baselines</a>)</p>\n");
        }
        out.append("<nav><a href=\"#data\">Data</a><a href=\"#analysis\">Autocorrelation</a>")
                .append("<a href=\"#horizon\">Memory horizon</a>")
                .append("<a href=\"#metric\">Metric</a><a href=\"#curves\">Learning curves</a>")
                .append("<a href=\"#ranking\">Ranking</a><a href=\"#cost\">Cost</a>")
                .append(summary.race() != null ? "<a href=\"#race\">Racing</a>" : "")
                .append("<a href=\"#recommendation\">Recommendation</a>")
                .append("<a href=\"#baselines\">Baselines</a><a href=\"#test\">Test part</a></nav>\n")
                .append("</header>\n");
    }

    private void data() throws IOException {
        GridSummary.Data d = summary.data();
        out.append("<section id=\"data\">\n<h2>Data at a glance</h2>\n<dl class=\"facts\">\n");
        fact("file", d.file());
        fact("task", d.task());
        fact("sequences", Integer.toString(d.sequences()));
        fact("steps", Long.toString(d.steps()));
        out.append("<dt>checksum</dt><dd><code>").append(Html.escape(d.checksum())).append("</code> (SHA-256)</dd>\n");
        out.append("</dl>\n");
        if (d.firstValues().length > 0) {
            int n = d.firstValues().length;
            String column = d.column() == null ? "target" : d.column();
            XYChart chart = Charts.line("First " + n + " training targets", d.firstValues(), "step", column, WIDE, 300);
            figure(ChartImage.of(chart, "Line chart of the first " + n + " training values of " + column + " in " + d.file() + "."),
                    "The first " + n + " values of " + Html.escape(column) + " the model is trained to predict, in time order"
                            + (d.column() == null ? "." : ", in the data\u2019s units."));
        } else {
            out.append("<p class=\"note\">The summary holds no target values to plot.</p>\n");
        }
        out.append("</section>\n");
    }

    private void analysis() throws IOException {
        out.append("<section id=\"analysis\">\n<h2>Autocorrelation</h2>\n");
        GridSummary.Analysis a = summary.analysis();
        if (a == null || a.acf().length < 2) {
            out.append("<p class=\"note\">Skipped: summary.json has no autocorrelation analysis. The grid computes it ")
                    .append("for numeric series only, so text and classification runs have none.</p>\n</section>\n");
            return;
        }
        List<Integer> lags = a.suggestions().stream().map(GridSummary.Suggestion::length).toList();
        double[] pacfBand = new double[a.pacf().length];
        Arrays.fill(pacfBand, a.pacfBand());
        double[] acfBand = a.acfBand().length == a.acf().length ? a.acfBand() : new double[a.acf().length];
        figure(ChartImage.of(Charts.correlogram("ACF", a.acf(), acfBand, lags, WIDE, 300),
                        "Bar chart of the autocorrelation function at lags 1 to " + (a.acf().length - 1)
                                + " with its 95% band as dashed lines" + suggestedAlt(lags) + "."),
                "Autocorrelation by lag over n = " + a.n() + " values; dashed: Bartlett 95% band. Lag 0 (always 1) is left out.");
        if (a.pacf().length >= 2) {
            figure(ChartImage.of(Charts.correlogram("PACF", a.pacf(), pacfBand, lags, WIDE, 300),
                            "Bar chart of the partial autocorrelation function at lags 1 to " + (a.pacf().length - 1)
                                    + " with its 95% band as dashed lines" + suggestedAlt(lags) + "."),
                    "Partial autocorrelation by lag; dashed: 95% band \u00b1" + Html.num(a.pacfBand()) + ".");
        }
        if (a.pacfMethod() != null) {
            out.append("<p class=\"note\" id=\"pacf-method\">PACF by ").append(Html.escape(a.pacfMethod())).append(".</p>\n");
        }
        out.append("<h3>Suggested subsequence lengths</h3>\n");
        if (a.examined() != null) {
            out.append("<p class=\"note\">Lags examined: ").append(Html.escape(a.examined())).append(".</p>\n");
        }
        if (a.suggestions().isEmpty()) {
            out.append("<p class=\"note\">The analysis suggested no length.</p>\n");
        } else {
            out.append("<ul class=\"lags\">\n");
            for (GridSummary.Suggestion s : a.suggestions()) {
                out.append("<li><strong>L = ").append(s.length()).append("</strong> \u2013 ")
                        .append(Html.escape(s.rule())).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    /** The gradient's memory horizon (issue 17) and the suggestions side by side, each with its rule. */
    private void memoryHorizon() throws IOException {
        out.append("<section id=\"horizon\">\n<h2>Memory horizon</h2>\n");
        GridSummary.MemoryHorizon h = summary.horizon();
        if (h == null) {
            out.append("<p class=\"note\">Not measured: add <code>horizon</code> to <code>--strategies</code> to measure how far ")
                    .append("back the loss\u2019s gradient reaches and compare the window it suggests.</p>\n");
        } else {
            if (h.phi().length >= 2) {
                figure(ChartImage.of(Charts.memoryHorizon("Gradient norm by lag", h.phi(), h.lowerQuartile(), h.upperQuartile(),
                                h.fit(), h.window(), WIDE, 340),
                        "Line chart, logarithmic y axis, of the mean gradient norm at lags 0 to " + h.maxLag()
                                + (h.fit() != null ? " with the fitted geometric tail as a dashed line" : "")
                                + (h.window() > 0 ? " and the suggested window K = " + h.window() + " as a vertical line" : "")
                                + "."),
                        "phi_k = mean ||dL_t/dS_(t-k)|| over " + h.samples() + " loss samples of the " + Html.escape(h.part())
                                + " part, for " + Html.escape(h.warmUp()) + " trained as its first trial is (seed " + h.seed()
                                + ", " + h.epochs() + " epochs); grey: 25% and 75% of the samples.");
            }
            if (h.reason() != null) {
                out.append("<p class=\"note\" id=\"horizon-reason\">Nothing compared for it: ").append(Html.escape(h.reason()))
                        .append(".</p>\n");
            }
            for (String w : h.warnings()) {
                out.append("<p class=\"note\">Warning: ").append(Html.escape(w)).append(".</p>\n");
            }
        }
        if (!summary.advice().isEmpty()) {
            out.append("<h3>What each analysis suggests</h3>\n<ul class=\"lags\" id=\"advice\">\n");
            for (GridSummary.Advice a : summary.advice()) {
                // the rule names its source: "ACF: ...", "gradient horizon: ..."
                out.append("<li><strong>").append(a.length() > 0 ? (a.source().equals("acf") ? "L = " : "K = ") + a.length()
                                : "none")
                        .append("</strong> \u2013 ").append(Html.escape(a.rule())).append("; ")
                        .append(a.configuration() != null ? "compared as <em>" + Html.escape(a.configuration()) + "</em>"
                                : "not compared").append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static String suggestedAlt(List<Integer> lags) {
        return lags.isEmpty() ? "" : "; suggested lags " + lags + " highlighted";
    }

    private void boxes() throws IOException {
        out.append("<section id=\"metric\">\n<h2>").append(Html.escape(summary.metric()))
                .append(" by configuration</h2>\n");
        List<GridSummary.ConfigResult> shown = summary.configs().stream().filter(r -> r.values().length > 0).toList();
        if (shown.isEmpty()) {
            out.append("<p class=\"note\">No configuration has a finished trial yet.</p>\n</section>\n");
            return;
        }
        List<String> names = boxNames(shown);
        String yTitle = summary.metric() + (summary.lowerIsBetter() ? " (lower is better)" : " (higher is better)");
        int width = Math.max(WIDE, 70 * shown.size());
        double lo = shown.stream().flatMapToDouble(r -> Arrays.stream(r.values())).min().orElse(0);
        double hi = shown.stream().flatMapToDouble(r -> Arrays.stream(r.values())).max().orElse(0);
        boolean log = Charts.spansDecades(lo, hi); // one outlier would flatten every other box to a line on a linear axis
        figure(ChartImage.of(Charts.boxes("Distribution over repeats, best rank first", shown, names,
                                yTitle + (log ? ", log scale" : ""), log, width, 440),
                        "Box plot of " + summary.metric() + " over the repeats of each of " + shown.size()
                                + " configurations, best rank first" + (log ? ", on a logarithmic axis" : "") + "."),
                "Each box spans the quartiles of one configuration's repeats, the red line is the median, whiskers reach "
                        + "the farthest value within 1.5 \u00d7 IQR and crosses mark values beyond. Best rank on the left."
                        + (log ? String.format(java.util.Locale.ROOT, " The values span %.1f decades (%s to %s), so the axis is "
                        + "logarithmic.", Math.log10(hi / lo), Html.num(lo), Html.num(hi)) : "")
                        + omitted(summary.configs().size() - shown.size()));
        out.append("</section>\n");
    }

    /** Category names for the box plot: the labels when they are unique and short, else c&lt;index&gt;. */
    private static List<String> boxNames(List<GridSummary.ConfigResult> shown) {
        Set<String> labels = new LinkedHashSet<>();
        for (GridSummary.ConfigResult r : shown) {
            labels.add(r.label());
        }
        boolean useLabels = labels.size() == shown.size() && !labels.contains(null) && shown.size() <= 12;
        List<String> names = new ArrayList<>();
        for (GridSummary.ConfigResult r : shown) {
            names.add(useLabels ? r.label() : "c" + r.index());
        }
        return names;
    }

    private static String omitted(int count) {
        return count == 0 ? "" : " " + count + " configuration(s) without a finished trial are not shown.";
    }

    private void curves() throws IOException {
        List<GridSummary.ConfigResult> top = summary.configs().stream()
                .filter(r -> r.curve().train().length + r.curve().validation().length > 0).limit(CURVES).toList();
        out.append("<section id=\"curves\">\n<h2>Learning curves of the best ").append(top.size()).append("</h2>\n");
        if (top.isEmpty()) {
            out.append("<p class=\"note\">No configuration has a learning curve.</p>\n</section>\n");
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (GridSummary.ConfigResult r : top) {
            for (double[] c : new double[][] {r.curve().train(), r.curve().validation()}) {
                for (double v : c) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        boolean log = lo > 0 && hi / lo > 30; // losses that fall by orders of magnitude read better on a log axis
        double pad = log ? 0 : 0.05 * (hi - lo);
        double yMin = log ? lo : Math.max(0, lo - pad);
        double yMax = hi + pad;
        out.append("<div class=\"grid3\">\n");
        for (GridSummary.ConfigResult r : top) {
            XYChart chart = Charts.curves("#" + r.rank() + " " + r.label(), r.curve(), yMin, yMax, log, 340, 280);
            figure(ChartImage.of(chart, "Learning curve of " + r.label() + ": mean training and validation loss per epoch."),
                    Html.escape(r.label()) + ": mean over " + r.n() + " repeats.");
        }
        out.append("</div>\n<p class=\"note\">Dashed: training loss; solid: validation loss; same y axis")
                .append(log ? " (logarithmic)" : "").append(" in all three.</p>\n</section>\n");
    }

    private void ranking() {
        out.append("<section id=\"ranking\">\n<h2>Ranking</h2>\n<table>\n<thead><tr><th>rank</th><th>config</th>")
                .append("<th class=\"label\">label</th><th>n</th><th>mean</th><th>sd</th><th>median</th>")
                .append("<th>95% CI</th><th>p vs best</th><th>p (Holm)</th><th>updates</th><th>seconds</th>")
                .append("<th>diverged</th></tr></thead>\n<tbody>\n");
        for (GridSummary.ConfigResult r : summary.configs()) {
            baselineRows(r.rank(), false);
            String note = eliminatedNote(r.index());
            note = note.isEmpty() ? r.tieNote() : note;
            out.append("<tr").append(r.rank() == 1 ? " class=\"best\"" : "").append(" data-rank=\"").append(r.rank())
                    .append("\"><td>").append(r.rank() > 0 ? Integer.toString(r.rank()) : "\u2013")
                    .append(note.isEmpty() ? "" : "<span class=\"tie\">" + Html.escape(note) + "</span>")
                    .append("</td><td>c").append(r.index())
                    .append("</td><td class=\"label\">").append(Html.escape(r.label())).append(otherNames(r.index()))
                    .append("</td><td>").append(r.n())
                    .append("</td><td>").append(Html.num(r.mean()))
                    .append("</td><td>").append(Html.num(r.sd()))
                    .append("</td><td>").append(Html.num(r.median()))
                    .append("</td><td>[").append(Html.num(r.ciLow())).append(", ").append(Html.num(r.ciHigh()))
                    .append("]</td><td>").append(Html.p(r.pValueVsBest()))
                    .append("</td><td>").append(Html.p(r.pValueHolm()))
                    .append("</td><td>").append(r.cost().updates() == null ? "\u2013" : String.format(java.util.Locale.ROOT, "%.0f",
                            r.cost().updates()))
                    .append("</td><td>").append(r.cost().seconds() == null ? "\u2013" : String.format(java.util.Locale.ROOT,
                            "%.2f", r.cost().seconds()))
                    .append("</td><td").append(r.diverged() > 0 ? " class=\"bad\"" : "").append(">").append(r.diverged())
                    .append("</td></tr>\n");
        }
        baselineRows(Integer.MAX_VALUE, true);
        out.append("</tbody>\n</table>\n<p class=\"note\">Ranked by mean ").append(Html.escape(summary.metric()))
                .append(summary.lowerIsBetter() ? ", lower first" : ", higher first")
                .append(". Each configuration is compared with the best by Welch\u2019s t-test; the p-values are Holm-corrected ")
                .append("for the ").append(Math.max(0, summary.configs().stream().filter(r -> r.rank() > 1).count()))
                .append(" comparisons, and \u201ctied with #1\u201d marks a configuration not significantly worse than the best ")
                .append("(Holm p \u2265 ").append(GridSummary.TIE_P).append("). n counts repeats with a value; diverged repeats ")
                .append("have none. Updates and seconds are the mean cost of a trial.</p>\n</section>\n");
    }

    // ---- fairness: cost, racing and merged configurations (issue 14: fair budgets and honest statistics) ----

    /** ", also asked as ..." for a configuration that trains as others asked for would. */
    private String otherNames(int index) {
        List<String> names = index < summary.grid().size() ? summary.grid().get(index).names() : List.of();
        return names.size() < 2 ? "" : "<br><span class=\"note\">same training as "
                + Html.escape(String.join(", ", names.subList(1, names.size()))) + "</span>";
    }

    /** "out after round 2" for a configuration the race eliminated, else "". */
    private String eliminatedNote(int index) {
        if (summary.race() == null) {
            return "";
        }
        return summary.race().eliminations().stream().filter(e -> e.index() == index).findFirst()
                .map(e -> "out after round " + e.round()).orElse("");
    }

    private void cost() throws IOException {
        out.append("<section id=\"cost\">\n<h2>Quality against cost</h2>\n");
        List<GridSummary.ConfigResult> ranked = summary.configs().stream().filter(r -> r.mean() != null).toList();
        if (ranked.isEmpty()) {
            out.append("<p class=\"note\">No configuration has a finished trial yet.</p>\n</section>\n");
            return;
        }
        boolean updates = ranked.stream().allMatch(r -> r.cost().updates() != null);
        double[] x = new double[ranked.size()];
        double[] y = new double[ranked.size()];
        boolean[] best = new boolean[ranked.size()];
        for (int i = 0; i < x.length; i++) {
            GridSummary.ConfigResult r = ranked.get(i);
            Double c = updates ? r.cost().updates() : r.cost().seconds();
            x[i] = c == null ? Double.NaN : c;
            y[i] = r.mean();
            best[i] = r.rank() == 1 || r.tie();
        }
        String what = updates ? "updates" : "seconds";
        if (Arrays.stream(x).noneMatch(Double::isFinite)) {
            out.append("<p class=\"note\">The journal records no cost for these trials (written before tbptt4j recorded it).</p>\n")
                    .append("</section>\n");
            return;
        }
        figure(ChartImage.of(Charts.qualityVersusCost("Mean " + summary.metric() + " against mean " + what + " per trial", x, y,
                                best, "mean " + what + " per trial", "mean " + summary.metric(), WIDE, 400),
                        "Scatter chart of the mean " + summary.metric() + " of each configuration against the mean "
                                + what + " of its trials, the best and those tied with it highlighted."),
                "One point per configuration. A configuration that wins only because it made more " + what
                        + " shows to the right: compare at equal cost with <code>--budget-per-trial</code>. "
                        + budgetNote());
        out.append("</section>\n");
    }

    /** What each trial was given, from the configurations. */
    private String budgetNote() {
        RunConfig c = summary.grid().isEmpty() ? null : summary.grid().get(0).config();
        if (c == null) {
            return "";
        }
        if (c.budget().updates() > 0) {
            return "Every trial made exactly " + c.budget().updates() + " updates.";
        }
        if (c.budget().seconds() > 0) {
            return "Every trial trained for " + Html.escape(c.budget().text()) + ".";
        }
        return c.patience() > 0 ? "Every trial trained to convergence: early stopping with patience " + c.patience()
                + ", at most " + c.epochs() + " epochs." : "Every trial trained " + c.epochs() + " epochs.";
    }

    private void race() {
        GridSummary.Race race = summary.race();
        if (race == null) {
            return;
        }
        out.append("<section id=\"race\">\n<h2>Racing</h2>\n<p>Repeats ran in rounds of ").append(race.round())
                .append("; after each round, a configuration significantly worse than the round\u2019s best (Welch, ")
                .append("Holm-corrected, p &lt; ").append(GridSummary.TIE_P).append(") received no more repeats. ")
                .append(race.trialsSaved()).append(" of ").append(race.trialsWithoutRacing())
                .append(String.format(java.util.Locale.ROOT, " trials saved (%.0f%%).</p>\n",
                        100.0 * race.trialsSaved() / Math.max(1, race.trialsWithoutRacing())));
        if (race.eliminations().isEmpty()) {
            out.append("<p class=\"note\">No configuration was eliminated (yet).</p>\n</section>\n");
            return;
        }
        out.append("<table>\n<thead><tr><th>config</th><th class=\"label\">label</th><th>out after round</th>")
                .append("<th>repeats run</th><th>p (Holm) vs the round\u2019s best</th><th>that best</th></tr></thead>\n<tbody>\n");
        for (org.tbptt4j.experiment.Racing.Elimination e : race.eliminations()) {
            out.append("<tr data-eliminated=\"").append(e.index()).append("\"><td>c").append(e.index())
                    .append("</td><td class=\"label\">").append(Html.escape(label(e.index())))
                    .append("</td><td>").append(e.round()).append("</td><td>").append(e.repeats())
                    .append("</td><td>").append(Html.p(e.pHolm())).append("</td><td>c").append(e.bestIndex())
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private String label(int index) {
        return index < summary.grid().size() ? summary.grid().get(index).label() : "c" + index;
    }

    // ---- end of the fairness sections ----

    private void recommendation() {
        out.append("<section id=\"recommendation\">\n<h2>Recommended configuration</h2>\n");
        GridSummary.Best best = summary.best();
        if (best == null) {
            out.append("<p class=\"note\">None: no trial finished.</p>\n</section>\n");
            return;
        }
        out.append("<p><strong>").append(Html.escape(best.label())).append("</strong></p>\n");
        GridSummary.ConfigResult r = result(best.index());
        RunConfig c = r == null ? null : r.config();
        if (c != null) {
            out.append("<dl class=\"facts\">\n");
            fact("strategy", c.strategy());
            fact("length L", c.length() > 0 ? str(c.length()) : "the strategy's own");
            fact("k1, k2", str(r.trainedK1()) + ", " + str(r.trainedK2()));
            fact("batch", str(c.batch()));
            fact("cell", c.cell().id() + ", hidden " + str(c.hidden()) + ", layers " + str(c.layers()));
            fact("training", (c.budget().limited() ? "a budget of " + c.budget().text() : c.patience() > 0 ? "at most "
                    + str(c.epochs()) + " epochs, patience " + c.patience() : str(c.epochs()) + " epochs") + ", "
                    + c.optimizer().id() + ", lr " + str(c.lr()));
            out.append("</dl>\n");
        }
        out.append("<p>Train it:</p>\n<pre><code>").append(Html.escape(best.command())).append("</code></pre>\n</section>\n");
    }

    // ---- answers (issue 14): the baselines beside the ranking, and the scored test part ----

    /**
     * The ranking's baseline rows that rank before a configuration of rank {@code rank} (all that are
     * left when {@code rest}); each is written once.
     */
    private void baselineRows(int rank, boolean rest) {
        for (GridSummary.BaselineResult b : summary.baselines()) {
            boolean due = b.rankAmong() > 0 && (rest ? !shownBaselines.contains(b.name()) : b.rankAmong() <= rank);
            if (!due || !shownBaselines.add(b.name())) {
                continue;
            }
            out.append("<tr class=\"baseline\" data-baseline=\"").append(Html.escape(b.name())).append("\"><td>baseline</td><td>\u2013")
                    .append("</td><td class=\"label\">").append(Html.escape(b.name())).append("</td><td>1</td><td>")
                    .append(Html.num(b.metric())).append("</td><td colspan=\"8\">deterministic: one value, ")
                    .append("see <a href=\"#baselines\">Baselines</a></td></tr>\n");
        }
    }

    private final Set<String> shownBaselines = new java.util.HashSet<>();

    private void baselines() {
        out.append("<section id=\"baselines\">\n<h2>Baselines</h2>\n");
        if (summary.baselines().isEmpty()) {
            out.append("<p class=\"note\">None: the grid computes baselines for forecasting (persistence, seasonal naive, AR(p)), ")
                    .append("classes of sequences or of steps (majority class, logistic regression) and text (unigram, bigram), ")
                    .append("not for numeric per-step targets.</p>\n</section>\n");
            return;
        }
        if (summary.verdict() != null) {
            out.append("<p><strong>").append(Html.escape(summary.verdict().text())).append("</strong></p>\n");
        }
        out.append("<table>\n<thead><tr><th class=\"label\">baseline</th><th>").append(Html.escape(summary.metric()))
                .append("</th><th>would rank</th><th class=\"label\">rule</th></tr></thead>\n<tbody>\n");
        for (GridSummary.BaselineResult b : summary.baselines()) {
            out.append("<tr class=\"baseline\"><td class=\"label\">").append(Html.escape(b.name())).append("</td><td>")
                    .append(Html.num(b.metric())).append("</td><td>").append(b.rankAmong() > 0 ? "#" + b.rankAmong() : "\u2013")
                    .append("</td><td class=\"label\">").append(Html.escape(b.rule())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n<p class=\"note\">Fitted on the training part only and measured on the same ")
                .append("validation steps, on the same metric, as every configuration; they are deterministic, so they ran once.</p>\n")
                .append("</section>\n");
    }

    private void testPart() throws IOException {
        out.append("<section id=\"test\">\n<h2>Test part, scored once</h2>\n");
        GridSummary.Test t = summary.test();
        if (t == null) {
            out.append("<p class=\"note\">Not scored: the test part is scored once the search has ended, for the recommended ")
                    .append("configuration (or the data has no test part).</p>\n</section>\n");
            return;
        }
        out.append("<p>").append(Html.escape(t.part())).append(". Recurrent row: ").append(Html.escape(t.model())).append(".</p>\n");
        boolean text = t.rows().stream().anyMatch(r -> r.bitsPerToken() != null);
        boolean classes = !text && t.rows().stream().anyMatch(r -> r.accuracy() != null);
        out.append("<table>\n<thead><tr><th class=\"label\">model</th><th>steps</th>");
        if (text) {
            out.append("<th>log loss (nats)</th><th>bits per token</th><th>perplexity</th>");
        } else if (classes) {
            out.append("<th>accuracy</th><th>macro F1</th><th>log loss</th>");
        } else {
            for (String c : t.columns()) {
                String col = Html.escape(c);
                out.append("<th>RMSE ").append(col).append("</th><th>MAE ").append(col).append("</th><th>MASE ").append(col).append("</th>");
            }
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (GridSummary.TestRow r : t.rows()) {
            out.append("<tr").append(r.baseline() ? " class=\"baseline\"" : " class=\"best\"").append(" data-test-row=\"")
                    .append(Html.escape(r.name())).append("\"><td class=\"label\">").append(Html.escape(r.name())).append("</td><td>")
                    .append(r.count()).append("</td>");
            if (text) {
                out.append("<td>").append(Html.num(r.logLoss())).append("</td><td>").append(Html.num(r.bitsPerToken()))
                        .append("</td><td>").append(Html.num(r.logLoss() == null ? null : Math.exp(r.logLoss()))).append("</td>");
            } else if (classes) {
                out.append("<td>").append(Html.num(r.accuracy())).append("</td><td>").append(Html.num(r.macroF1()))
                        .append("</td><td>").append(Html.num(r.logLoss())).append("</td>");
            } else {
                for (int j = 0; j < r.rmse().length; j++) {
                    out.append("<td>").append(Html.num(r.rmse()[j])).append("</td><td>").append(Html.num(r.mae()[j]))
                            .append("</td><td>").append(Html.num(r.mase()[j])).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n<p class=\"note\">").append(classes || text ? "" : "In the data\u2019s units. ")
                .append(Html.escape(t.note())).append("</p>\n");
        if (t.actual().length > 1 && t.predicted().length == t.actual().length) {
            String column = t.columns().isEmpty() ? "target" : t.columns().get(0);
            XYChart chart = Charts.predictionVsActual("Test part: prediction and actual", t.actual(), t.predicted(), column, WIDE, 320);
            figure(ChartImage.of(chart, "Line chart of the first " + t.actual().length + " test values of " + column
                            + " and the recommended configuration's predictions of them."),
                    "The first " + t.actual().length + " test steps of " + Html.escape(column) + " in the data\u2019s units: actual "
                            + "(grey) and the recommended configuration\u2019s prediction (blue).");
        }
        out.append("</section>\n");
    }

    private void footer() {
        out.append("<footer>\n<p>Trials: ").append(summary.trialsDone()).append(" of ").append(summary.trialsTotal())
                .append(" done");
        if (summary.stoppedEarly()) {
            out.append(" \u00b7 stopped early: ").append(Html.escape(summary.stopReason().isEmpty() ? "no reason given"
                    : summary.stopReason()));
        } else if (!summary.stopReason().isEmpty()) {
            out.append(" \u00b7 ").append(Html.escape(summary.stopReason()));
        } else {
            out.append(" \u00b7 the grid ran to its end");
        }
        out.append("</p>\n<p>").append(versions()).append("</p>\n");
        if (journal != null && journal.tornTail()) {
            out.append("<p>The journal\u2019s last line was cut short (the grid stopped while writing it) and was ignored.</p>\n");
        }
        out.append("</footer>\n");
    }

    private String versions() {
        String report = "Report written with Java " + Html.escape(System.getProperty("java.version")) + ".";
        if (journal == null || journal.trials().isEmpty()) {
            return "Versions that ran the trials: not recorded (no trials.jsonl). " + report;
        }
        Set<String> libs = new LinkedHashSet<>();
        Set<String> javas = new LinkedHashSet<>();
        for (TrialRecord t : journal.trials()) {
            libs.add(String.valueOf(t.provenance().tbptt4j()));
            javas.add(String.valueOf(t.provenance().java()));
        }
        return "Trials ran on tbptt4j " + Html.escape(String.join(", ", libs)) + ", Java "
                + Html.escape(String.join(", ", javas)) + ". " + report;
    }

    private GridSummary.ConfigResult result(int index) {
        return summary.configs().stream().filter(r -> r.index() == index).findFirst().orElse(null);
    }

    private void fact(String name, String value) {
        out.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
    }

    /** Appends a figure; the caption is HTML (callers escape what came from the files). */
    private void figure(ChartImage image, String captionHtml) {
        out.append("<figure>").append(image.html()).append("<figcaption>").append(captionHtml)
                .append("</figcaption></figure>\n");
    }

    private static String str(Object value) {
        return value == null ? "\u2013" : value.toString();
    }
}
