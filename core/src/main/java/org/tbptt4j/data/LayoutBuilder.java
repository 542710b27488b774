package org.tbptt4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays pieces of sequences end to end into B rows, then pads every row to the longest and writes
 * the time-major arrays of a {@link Layout}. Rows grow as primitive arrays; nothing per step is an
 * object.
 */
final class LayoutBuilder {

    private final int rows;
    private final int in;
    private final int out;
    private final Row[] row;

    private static final class Row {
        double[] x;
        double[] y;
        boolean[] mask = new boolean[16];
        boolean[] reset = new boolean[16];
        int[] origin = new int[16];
        int[] originStep = new int[16];
        int length;

        Row(int in, int out) {
            x = new double[16 * in];
            y = new double[16 * out];
        }

        void ensure(int n, int in, int out) {
            if (n <= mask.length) {
                return;
            }
            int cap = Math.max(n, mask.length * 2);
            x = Arrays.copyOf(x, cap * in);
            y = Arrays.copyOf(y, cap * out);
            mask = Arrays.copyOf(mask, cap);
            reset = Arrays.copyOf(reset, cap);
            origin = Arrays.copyOf(origin, cap);
            originStep = Arrays.copyOf(originStep, cap);
        }
    }

    LayoutBuilder(int rows, int inputWidth, int targetWidth) {
        this.rows = rows;
        this.in = inputWidth;
        this.out = targetWidth;
        this.row = new Row[rows];
        for (int b = 0; b < rows; b++) {
            row[b] = new Row(in, out);
        }
    }

    /** Steps of row b so far. */
    int length(int b) {
        return row[b].length;
    }

    /** The row with the fewest steps (the lowest index on ties). */
    int shortestRow() {
        int best = 0;
        for (int b = 1; b < rows; b++) {
            if (row[b].length < row[best].length) {
                best = b;
            }
        }
        return best;
    }

    /**
     * Appends steps [from, to) of s to row b, reset before the first when asked. The origin of each
     * step is sequence seqIndex, step originOffset + from + i (s may be a slice of that sequence).
     */
    void append(int b, Sequence s, int seqIndex, int originOffset, int from, int to, boolean resetFirst) {
        Row r = row[b];
        int n = to - from;
        r.ensure(r.length + n, in, out);
        System.arraycopy(s.x(), from * in, r.x, r.length * in, n * in);
        System.arraycopy(s.y(), from * out, r.y, r.length * out, n * out);
        System.arraycopy(s.loss(), from, r.mask, r.length, n);
        for (int i = 0; i < n; i++) {
            r.reset[r.length + i] = resetFirst && i == 0;
            r.origin[r.length + i] = seqIndex;
            r.originStep[r.length + i] = originOffset + from + i;
        }
        r.length += n;
    }

    /** Appends n padding steps to row b (masked, zero inputs). */
    void pad(int b, int n) {
        Row r = row[b];
        r.ensure(r.length + n, in, out);
        for (int i = 0; i < n; i++) {
            r.mask[r.length + i] = false;
            r.reset[r.length + i] = false;
            r.origin[r.length + i] = -1;
            r.originStep[r.length + i] = -1;
        }
        r.length += n;
    }

    /** Pads row b up to a multiple of len steps. */
    void padToMultiple(int b, int len) {
        int rem = row[b].length % len;
        if (rem != 0) {
            pad(b, len - rem);
        }
    }

    Layout build(String strategy, int k1, int k2, int sampleLength, boolean stateful, List<String> notes) {
        int steps = 0;
        for (Row r : row) {
            steps = Math.max(steps, r.length);
        }
        if (sampleLength > 0) {
            steps = (steps + sampleLength - 1) / sampleLength * sampleLength;
        }
        double[] x = new double[steps * rows * in];
        double[] y = new double[steps * rows * out];
        boolean[] mask = new boolean[steps * rows];
        boolean[] reset = new boolean[steps * rows];
        int[] origin = new int[steps * rows];
        int[] originStep = new int[steps * rows];
        Arrays.fill(origin, -1);
        Arrays.fill(originStep, -1);
        for (int b = 0; b < rows; b++) {
            Row r = row[b];
            for (int t = 0; t < r.length; t++) {
                int i = t * rows + b;
                System.arraycopy(r.x, t * in, x, i * in, in);
                System.arraycopy(r.y, t * out, y, i * out, out);
                mask[i] = r.mask[t];
                reset[i] = r.reset[t];
                origin[i] = r.origin[t];
                originStep[i] = r.originStep[t];
            }
        }
        return new Layout(strategy, rows, steps, in, out, x, y, mask, reset, origin, originStep, k1, k2,
                sampleLength > 0 ? sampleLength : steps, stateful, List.copyOf(new ArrayList<>(notes)));
    }
}
