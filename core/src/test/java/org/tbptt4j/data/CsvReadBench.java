package org.tbptt4j.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a generated CSV of N rows x 3 numeric columns (default 10,000,000) and prints rows/s and
 * heap: retained after the read (the data itself is 24 bytes a row) and the peak while reading.
 * Not run by the tests: {@code java -cp core/target/classes:core/target/test-classes
 * org.tbptt4j.data.CsvReadBench [rows]}.
 */
public final class CsvReadBench {

    private CsvReadBench() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Path f = Files.createTempFile("tbptt4j-bench", ".csv");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(f)) {
                w.write("step,x,y\n");
                for (int i = 0; i < n; i++) {
                    w.write(i + "," + (i % 1000) / 8.0 + "," + (-i * 0.001) + "\n");
                }
            }
            System.out.printf(Locale.ROOT, "file: %,d rows, %,d bytes%n", n, Files.size(f));
            for (int run = 1; run <= 2; run++) {
                System.gc();
                long before = usedHeap();
                resetPeaks();
                long t0 = System.nanoTime();
                SeriesSet set = CsvReader.read(f, CsvOptions.defaults());
                double s = (System.nanoTime() - t0) / 1e9;
                long peak = peakHeap();
                System.gc();
                long retained = usedHeap() - before;
                System.out.printf(Locale.ROOT, "run %d: %.2f s, %,.0f rows/s, retained %,d MB (data %,d MB), peak heap %,d MB%n",
                        run, s, n / s, retained >> 20, (set.totalSteps() * 3 * 8) >> 20, peak >> 20);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
