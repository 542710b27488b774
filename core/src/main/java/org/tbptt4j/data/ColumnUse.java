package org.tbptt4j.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a preparation made of a file's columns, for plans and reports: the columns the network sees
 * and predicts, every other column of the file with why it is not used, and how many values of
 * each column were filled in for missing ones.
 *
 * @param features the columns the network sees, in input order (empty for text)
 * @param targets  the columns it predicts, in output order (empty for classification and text)
 * @param others   every other column of the file with the reason, worded to follow the column's name
 *                 ("is non-numeric ('NW' on line 2)", "has no values (every cell is missing)", {@value #NOT_CHOSEN})
 * @param imputed  per column with at least one, the values filled in by the missing-value policy (whole file)
 * @param missing  the missing-value policy that filled them
 */
public record ColumnUse(List<String> features, List<String> targets, Map<String, String> others, Map<String, Long> imputed,
                        Missing missing) {

    /** The reason given for a numeric column that is neither a feature nor a target. */
    public static final String NOT_CHOSEN = "is not a feature or target";

    public ColumnUse {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
        others = Collections.unmodifiableMap(new LinkedHashMap<>(others));
        imputed = Collections.unmodifiableMap(new LinkedHashMap<>(imputed));
    }

    /** The use the task makes of the set's columns (the set as read, before splitting). */
    static ColumnUse of(SeriesSet all, Task task, Missing missing) {
        int[] in = new int[0];
        int[] out = new int[0];
        if (task instanceof Task.Forecast f) {
            in = f.inputs();
            out = f.targets();
        } else if (task instanceof Task.PerStep p) {
            in = p.inputs();
            out = p.targets();
        } else if (task instanceof Task.Classify c) {
            in = c.inputs();
        }
        List<String> features = names(all, in);
        List<String> targets = names(all, out);
        Map<String, String> others = new LinkedHashMap<>(all.unread());
        if (!(task instanceof Task.LanguageModel)) {
            for (String c : all.columns()) {
                if (!features.contains(c) && !targets.contains(c)) {
                    others.put(c, NOT_CHOSEN);
                }
            }
        }
        Map<String, Long> imputed = new LinkedHashMap<>();
        long[] n = all.imputed();
        for (int c = 0; c < n.length; c++) {
            if (n[c] > 0) {
                imputed.put(all.columns().get(c), n[c]);
            }
        }
        return new ColumnUse(features, targets, others, imputed, missing);
    }

    private static List<String> names(SeriesSet all, int[] indices) {
        List<String> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.columns().get(i));
        }
        return out;
    }

    /** The lines a plan or report prints: columns seen and predicted, left out and why, values imputed and target steps not scored. */
    List<String> notes(List<Sequence> train, List<Sequence> validation, List<Sequence> test) {
        List<String> out = new ArrayList<>();
        if (!features.isEmpty()) {
            out.add("features " + features + (targets.isEmpty() ? "" : "; targets " + targets));
        }
        if (!others.isEmpty()) {
            List<String> parts = new ArrayList<>();
            List<String> notChosen = new ArrayList<>();
            others.forEach((c, why) -> {
                if (why.equals(NOT_CHOSEN)) {
                    notChosen.add(c);
                } else if (why.startsWith(SeriesSet.NON_NUMERIC)) {
                    parts.add(c + " " + why + ", left out: categorical = " + c + " reads it as categories");
                } else {
                    parts.add(c + " " + why);
                }
            });
            if (!notChosen.isEmpty()) {
                parts.add(String.join(", ", notChosen) + (notChosen.size() == 1 ? " " + NOT_CHOSEN : " are not features or targets"));
            }
            out.add("other columns: " + String.join("; ", parts));
        }
        if (!imputed.isEmpty()) {
            List<String> parts = new ArrayList<>();
            imputed.forEach((c, k) -> parts.add(String.format(Locale.ROOT, "%s %,d", c, k)));
            out.add("values filled in by missing = " + missing.option() + ": " + String.join(", ", parts));
            if (!targets.isEmpty()) {
                out.addAll(unscoredNote(train, validation, test));
            }
        }
        return out;
    }

    /**
     * For sequences of a forecasting or per-step task: a note saying how many steps are not scored
     * because their target was filled in (their loss mask is false), or nothing when every step is scored.
     */
    @SafeVarargs
    public static List<String> unscoredNote(List<Sequence>... parts) {
        long n = 0;
        for (List<Sequence> seqs : parts) {
            for (Sequence s : seqs) {
                for (boolean b : s.loss()) {
                    n += b ? 0 : 1;
                }
            }
        }
        return n == 0 ? List.of()
                : List.of(String.format(Locale.ROOT, "%,d step(s) whose target was filled in are left out of the loss and the metrics", n));
    }

    /** Adds features, targets, other_columns ({column: reason}) and imputed ({column: count}) to o. */
    public void putJson(ObjectNode o) {
        features.forEach(o.putArray("features")::add);
        targets.forEach(o.putArray("targets")::add);
        ObjectNode u = o.putObject("other_columns");
        others.forEach(u::put);
        ObjectNode i = o.putObject("imputed");
        imputed.forEach(i::put);
    }
}
