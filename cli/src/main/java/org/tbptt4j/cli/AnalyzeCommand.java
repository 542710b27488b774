package org.tbptt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tbptt4j.analysis.Analysis;
import org.tbptt4j.analysis.Suggestion;
import org.tbptt4j.analysis.Suggestions;
import org.tbptt4j.data.Preparation;
import org.tbptt4j.data.Sequence;
import org.tbptt4j.data.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tbptt4j analyze}: how long should the subsequences be? For a time series, the
 * autocorrelation and partial autocorrelation (statsmodels' definitions) with 95% bands and the
 * lengths they suggest, each with its rule; for text, the sentence-length distribution.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Autocorrelation / partial autocorrelation of the training part, with 95%% bands, and the subsequence",
                "lengths they suggest (each with the rule that produced it); for text, the sentence-length distribution."})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--lags", defaultValue = "200", description = "Lags to analyse (capped at n - 1; PACF at n/2 - 1). Default: ${DEFAULT-VALUE}.")
    int lags;

    @Option(names = "--json", description = "Print the analysis as one JSON object (acf, acf_band, pacf, pacf_band, suggestions).")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        if (lags < 1) {
            throw new UserErrors.UserError("--lags must be at least 1, got " + lags);
        }
        Preparation prep = data.prepare(null);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("file", data.file.getFileName().toString()).put("task", prep.task().describe());
        List<Suggestion> suggestions;
        if (prep.task() instanceof Task.LanguageModel) {
            List<Integer> lengths = new ArrayList<>();
            for (Sequence s : prep.train()) {
                int start = 0;
                for (int end : s.sentenceEnds()) {
                    lengths.add(end + 1 - start);
                    start = end + 1;
                }
            }
            if (lengths.isEmpty()) {
                throw new UserErrors.UserError(data.file + ": no sentence ends found; the sentence analysis needs text with . ! ? or one sentence per line");
            }
            suggestions = Suggestions.forSentences(lengths.stream().mapToInt(Integer::intValue).toArray());
            o.put("sentences", lengths.size());
            if (!json) {
                out.printf(Locale.ROOT, "%s: %d sentences in the training part%n", data.file.getFileName(), lengths.size());
            }
        } else {
            Sequence s = prep.train().stream().max(Comparator.comparingInt(Sequence::length)).orElseThrow();
            double[] y = new double[s.length()];
            for (int t = 0; t < y.length; t++) {
                y[t] = s.y()[t * s.targetWidth()];
            }
            Analysis a = Suggestions.analyze(y, Math.min(lags, y.length - 1));
            suggestions = a.suggestions();
            o.put("n", a.n());
            o.set("acf", mapper.valueToTree(a.acf()));
            o.set("acf_band", mapper.valueToTree(a.acfBand()));
            o.set("pacf", mapper.valueToTree(a.pacf()));
            o.put("pacf_band", a.pacfBand());
            o.put("pacf_method", a.pacfMethod());
            o.put("lags_examined", a.examined());
            if (!json) {
                out.printf(Locale.ROOT, "%s: %d steps (the longest training sequence's first target)%n", data.file.getFileName(), a.n());
                out.printf(Locale.ROOT, "%5s %9s %9s %9s %9s%n", "lag", "acf", "+-band", "pacf", "+-band");
                int shown = Math.min(a.acf().length - 1, 30);
                for (int k = 1; k <= shown; k++) {
                    String pacf = k < a.pacf().length ? String.format(Locale.ROOT, "%9.4f %9.4f", a.pacf()[k], a.pacfBand()) : "";
                    boolean sig = Math.abs(a.acf()[k]) > a.acfBand()[k];
                    out.printf(Locale.ROOT, "%5d %9.4f %9.4f %s%s%n", k, a.acf()[k], a.acfBand()[k], pacf, sig ? "  *" : "");
                }
                if (a.acf().length - 1 > shown) {
                    out.printf(Locale.ROOT, "  ... %d lags in all (--json prints every lag; * = ACF outside its 95%% band)%n", a.acf().length - 1);
                }
                out.println("pacf: " + a.pacfMethod());
                out.println("lags examined: " + a.examined() + ", whatever --lags shows");
            }
        }
        ArrayNode sug = o.putArray("suggestions");
        for (Suggestion s : suggestions) {
            sug.addObject().put("length", s.length()).put("rule", s.rule());
        }
        if (json) {
            out.println(mapper.writeValueAsString(o));
        } else {
            out.println(suggestions.isEmpty() ? "no length suggested: use tbptt4j grid to search" : "suggested subsequence lengths:");
            for (Suggestion s : suggestions) {
                out.printf(Locale.ROOT, "  %4d  %s%n", s.length(), s.rule());
            }
        }
        out.flush();
        return 0;
    }
}
