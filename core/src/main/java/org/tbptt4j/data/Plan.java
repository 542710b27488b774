package org.tbptt4j.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What training will see, in numbers: the sequences, the stream layout, the truncation, the
 * equivalent Keras input and its {@code reset_states} schedule, and every warning.
 */
public record Plan(String source, String task, int sequences, int minLength, double meanLength, int maxLength,
                   long totalSteps, String strategy, int rows, int steps, int k1, int k2, long updatesPerEpoch,
                   double paddingFraction, long resets, long lossSteps, int features, long kerasSamples,
                   int kerasTimesteps, boolean stateful, String kerasResets, List<String> warnings) {

    /** The plan of a layout made from these sequences. */
    public static Plan of(String source, Task task, List<Sequence> seqs, Layout l) {
        int min = seqs.stream().mapToInt(Sequence::length).min().orElse(0);
        int max = seqs.stream().mapToInt(Sequence::length).max().orElse(0);
        double mean = seqs.stream().mapToInt(Sequence::length).average().orElse(0);
        long total = seqs.stream().mapToLong(Sequence::length).sum();
        return new Plan(source, task.describe(), seqs.size(), min, mean, max, total, l.strategy(), l.rows(), l.steps(),
                l.k1(), l.k2(), (l.steps() + l.k1() - 1) / l.k1(), l.paddingFraction(), l.resets(), l.lossSteps(),
                l.inputWidth(), l.samples(), l.sampleLength(), l.stateful(), kerasResets(l), l.notes());
    }

    /** Keras resets every row at once; say where that matches the layout's per-row resets and where not. */
    private static String kerasResets(Layout l) {
        if (l.k1() != l.k2()) {
            return "no Keras equivalent: Keras trains with k1 = k2 = timesteps, this plan uses k1 = " + l.k1() + ", k2 = " + l.k2();
        }
        if (!l.stateful()) {
            return "stateful=False: Keras resets the state before every sample, as this layout does";
        }
        int chunks = l.steps() / l.sampleLength();
        List<Integer> all = new ArrayList<>();
        int partial = 0;
        for (int c = 1; c < chunks; c++) {
            int n = 0;
            for (int b = 0; b < l.rows(); b++) {
                n += l.reset()[c * l.sampleLength() * l.rows() + b] ? 1 : 0;
            }
            if (n == l.rows()) {
                all.add(c);
            } else if (n > 0) {
                partial++;
            }
        }
        StringBuilder s = new StringBuilder("stateful=True, shuffle=False, batch_size=" + l.rows() + "; reset_states() at the end of every epoch");
        if (!all.isEmpty()) {
            s.append(", and before chunk(s) ").append(all.size() <= 8 ? all.toString() : all.subList(0, 8) + "... (" + all.size() + " in all)");
        }
        if (partial > 0) {
            s.append("; ").append(partial).append(" chunk(s) reset only some rows, which Keras' reset_states() cannot do "
                    + "(it resets every row): tbptt4j resets those rows alone");
        }
        return s.toString();
    }

    /** The plan as one JSON object. */
    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("source", source).put("task", task);
        ObjectNode seq = o.putObject("sequences");
        seq.put("count", sequences).put("min_length", minLength).put("mean_length", meanLength).put("max_length", maxLength)
                .put("total_steps", totalSteps);
        ObjectNode lay = o.putObject("layout");
        lay.put("strategy", strategy).put("streams", rows).put("steps_per_stream", steps).put("k1", k1).put("k2", k2)
                .put("updates_per_epoch", updatesPerEpoch).put("padding_fraction", paddingFraction).put("resets", resets)
                .put("loss_steps", lossSteps);
        ObjectNode keras = o.putObject("keras");
        ArrayNode shape = keras.putArray("input_shape");
        shape.add(kerasSamples).add(kerasTimesteps).add(features);
        keras.put("batch_size", rows).put("stateful", stateful).put("reset_states", kerasResets);
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        return o;
    }

    /** The plan for people. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "data       %s (%s)%n", source, task));
        s.append(String.format(Locale.ROOT, "sequences  %d, lengths %d..%d (mean %.1f), %,d steps in all%n", sequences, minLength,
                maxLength, meanLength, totalSteps));
        s.append(String.format(Locale.ROOT, "strategy   %s%n", strategy));
        s.append(String.format(Locale.ROOT, "streams    %d rows x %,d steps; TBPTT(k1=%d, k2=%d): %,d updates per epoch%n", rows, steps,
                k1, k2, updatesPerEpoch));
        s.append(String.format(Locale.ROOT, "padding    %.1f%% of the layout; %,d resets; loss on %,d (row, step) pairs%n",
                100 * paddingFraction, resets, lossSteps));
        s.append(String.format(Locale.ROOT, "keras      input [%d, %d, %d], %s%n", kerasSamples, kerasTimesteps, features, kerasResets));
        for (String w : warnings) {
            s.append("note       ").append(w).append(System.lineSeparator());
        }
        return s.toString();
    }
}
