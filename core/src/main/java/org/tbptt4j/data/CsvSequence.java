package org.tbptt4j.data;

import java.util.Arrays;

/**
 * One sequence being read from a CSV file: its rows (T x C, row-major, NaN = missing) in a
 * geometrically grown primitive array, its time keys when the file is sorted by time, and the
 * lines of the rows that have a missing value (for messages).
 */
final class CsvSequence {

    final String id;
    final char[] idChars;
    final long firstLine;
    final int C;

    double[] values;           // (capacity x C)
    int label = -1;            // the sequence label's code (by first appearance), -1 before the first row
    long labelLine;            // the line it was first read on
    int rows;                  // T so far
    private int capacity;      // rows values can hold
    double[] timeNumbers;      // (capacity) when the time column is numeric
    String[] timeTexts;        // (capacity) when it is text

    private int[] missingRows = new int[0];    // ascending rows (file order) with a missing value
    private long[] missingLines = new long[0];
    private int missingCount;

    CsvSequence(String id, long firstLine, int C, int timeKind) {
        this.id = id;
        this.idChars = id.toCharArray();
        this.firstLine = firstLine;
        this.C = C;
        capacity = 16;
        values = new double[capacity * C];
        if (timeKind == CsvReader.TIME_NUMBER) {
            timeNumbers = new double[capacity];
        } else if (timeKind == CsvReader.TIME_TEXT) {
            timeTexts = new String[capacity];
        }
    }

    /** Makes room for one more row; returns the offset of row T in values. The caller fills it and bumps rows. */
    int nextRow() {
        if (rows == capacity) {
            capacity = Math.max(16, capacity + (capacity >> 1));   // x1.5: linear total copying
            values = Arrays.copyOf(values, Math.multiplyExact(capacity, C));
            if (timeNumbers != null) {
                timeNumbers = Arrays.copyOf(timeNumbers, capacity);
            }
            if (timeTexts != null) {
                timeTexts = Arrays.copyOf(timeTexts, capacity);
            }
        }
        return rows * C;
    }

    /** The rows as an exact-size (T x C) array. */
    double[] trimmedValues() {
        return values.length == rows * C ? values : Arrays.copyOf(values, rows * C);
    }

    /** Records that the row just added (row T-1) has a missing value, on the given line. */
    void noteMissing(long line) {
        if (missingCount == missingRows.length) {
            int cap = Math.max(8, missingCount * 2);
            missingRows = Arrays.copyOf(missingRows, cap);
            missingLines = Arrays.copyOf(missingLines, cap);
        }
        missingRows[missingCount] = rows - 1;
        missingLines[missingCount++] = line;
    }

    boolean hasMissing() {
        return missingCount > 0;
    }

    /** Line of file-order row r if it has a missing value, else 0. */
    long lineOfMissingRow(int r) {
        int k = Arrays.binarySearch(missingRows, 0, missingCount, r);
        return k >= 0 ? missingLines[k] : 0;
    }

    /**
     * Sorts the rows by time key, stably; returns the order applied (order[t] = file-order row now
     * at step t), or null when the rows were already in order.
     */
    int[] sortByTime() {
        if (timeNumbers == null && timeTexts == null) {
            return null;
        }
        boolean sorted = true;
        for (int t = 1; t < rows && sorted; t++) {
            sorted = compare(t - 1, t) <= 0;
        }
        if (sorted) {
            return null;
        }
        int[] order = new int[rows];
        for (int t = 0; t < rows; t++) {
            order[t] = t;
        }
        mergeSort(order, new int[rows], 0, rows);
        double[] v = new double[rows * C];
        for (int t = 0; t < rows; t++) {
            System.arraycopy(values, order[t] * C, v, t * C, C);
        }
        values = v;
        return order;
    }

    private int compare(int a, int b) {
        return timeNumbers != null ? Double.compare(timeNumbers[a], timeNumbers[b]) : timeTexts[a].compareTo(timeTexts[b]);
    }

    // stable: on equal keys the left run's row comes first
    private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid);
        mergeSort(a, tmp, mid, hi);
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && compare(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
