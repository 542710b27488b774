package org.tbptt4j.f64;

import java.util.concurrent.locks.LockSupport;

/**
 * Two-way parallelism: the caller computes one half of a large matrix product's outputs (rows or
 * columns), or of a large element-wise pass ({@link #halves}, {@link #rows}), and a helper thread the
 * other. Splits fall on the kernels' block boundaries and never change an element's arithmetic, so
 * results never depend on the number of threads. Off for products below {@link #MIN_WORK}
 * multiply-adds and passes below {@link #MIN_ELEMENTS} elements (the handoff would cost more than it
 * saves), and inside threads that asked to stay single-threaded (grid trials).
 */
public final class Parallel {

    /** Products smaller than this (m x n x k) run on the caller's thread. */
    static final long MIN_WORK = 1 << 18;

    private static volatile int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Spins before parking: a product every few tens of microseconds keeps the helper awake. */
    private static final int SPINS = 200_000;

    /** The helper's next task (set by the caller, cleared by the helper when done). */
    private static volatile Runnable task;
    private static volatile Throwable failure;
    private static final Thread HELPER = startHelper();
    private static final Object LOCK = new Object();

    private Parallel() {
    }

    /** Threads for large products: 1 or 2 (default: 2 where the machine has two cores). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        threads = Math.min(n, 2);
    }

    public static int threads() {
        return threads;
    }

    /** Makes the current thread run every product alone (each grid trial is single-threaded). */
    public static void singleThreadedHere() {
        SINGLE.set(Boolean.TRUE);
    }

    /** Where to split m output rows (a multiple of block), or 0 to run whole. */
    static int split(int m, int n, int k, int block) {
        if (threads < 2 || (long) m * n * k < MIN_WORK || m < 2 * block || SINGLE.get()) {
            return 0;
        }
        return m / 2 / block * block;
    }

    /** Element-wise work over fewer elements than this runs on the caller's thread. */
    static final int MIN_ELEMENTS = 1 << 14;

    /** Work on the elements [from, to) of an array. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs element-wise work over [0, n), in two halves on two threads when n is large. Each
     * element's arithmetic is the same either way, so results never depend on the threads.
     */
    static void halves(int n, Range body) {
        if (threads < 2 || n < MIN_ELEMENTS || SINGLE.get()) {
            body.run(0, n);
            return;
        }
        int split = half(n);
        run(() -> body.run(0, split), () -> body.run(split, n));
    }

    /** Where {@link #halves} splits [0, n): the middle, rounded down to a multiple of 64. */
    static int half(int n) {
        return n / 2 / 64 * 64;
    }

    /**
     * Runs row-wise work over rows [0, rows) of perRow elements each, in two halves on two threads
     * when there is enough of it. Rows are independent, so results never depend on the threads.
     */
    static void rows(int rows, int perRow, Range body) {
        if (threads < 2 || rows < 2 || (long) rows * perRow < MIN_ELEMENTS || SINGLE.get()) {
            body.run(0, rows);
            return;
        }
        int split = rows / 2;
        run(() -> body.run(0, split), () -> body.run(split, rows));
    }

    /** Runs first here and second on the helper thread; returns when both are done. */
    static void run(Runnable first, Runnable second) {
        synchronized (LOCK) { // one caller at a time hands work to the helper
            failure = null;
            task = second;
            LockSupport.unpark(HELPER);
            first.run();
            while (task != null) {
                Thread.onSpinWait();
            }
            if (failure != null) {
                throw new IllegalStateException("a kernel thread failed", failure);
            }
        }
    }

    private static Thread startHelper() {
        Thread t = new Thread(() -> {
            while (true) {
                Runnable r = task;
                for (int i = 0; r == null && i < SPINS; i++) {
                    Thread.onSpinWait();
                    r = task;
                }
                if (r == null) {
                    LockSupport.park();
                    continue;
                }
                try {
                    r.run();
                } catch (Throwable e) {
                    failure = e;
                }
                task = null;
            }
        }, "tbptt4j-kernel");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
