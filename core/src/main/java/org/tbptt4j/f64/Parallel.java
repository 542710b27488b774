package org.tbptt4j.f64;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Two-way parallelism: the caller computes one half of a block of training steps' rows
 * ({@link #splitRows}, {@link #runAlone}: the trainer's default path), of a large matrix product's
 * outputs (rows or columns), or of a large element-wise pass ({@link #halves}, {@link #rows}), and a
 * helper thread the other. Splits never change an element's arithmetic, so
 * results never depend on the number of threads. Off for products below {@link #MIN_WORK}
 * multiply-adds or with fewer than {@link #MIN_SIDE} rows or columns and for passes below
 * {@link #MIN_ELEMENTS} or {@link #MIN_PASS_ELEMENTS} elements (the handoff would cost more than it saves), and inside threads that
 * asked to stay single-threaded (grid trials). Nothing spins for long: an idle helper parks after
 * {@link #SPIN_NANOS}, and work the helper has not started when the caller is done runs on the caller.
 */
public final class Parallel {

    /**
     * Products smaller than this (m x n x k) run on the caller's thread: a parked helper takes some
     * microseconds to wake, which about 4 x 10^6 multiply-adds (about 25 us on one core with the packed
     * kernels) repay. Measured (issue 15, LSTM H = 128, B = 32, whose products are 2.1 x 10^6): split,
     * two threads trained slower than one.
     */
    static final long MIN_WORK = 1 << 22;
    /**
     * Products with fewer rows or columns than this run on the caller's thread too: a matrix times a
     * vector or a few (a batch-1 validation or inference step) is bound by reading the matrix, which
     * a second thread does not speed up.
     */
    static final int MIN_SIDE = 4;

    private static volatile int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /**
     * How long either thread spins before parking: long enough to catch the next product of a step
     * (tens of microseconds apart), short enough that an idle helper gives its core back at once.
     */
    private static final long SPIN_NANOS = 20_000;

    /** The handoff: IDLE, POSTED (task set, not taken), TAKEN (the helper runs it), DONE. */
    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int TAKEN = 2;
    private static final int DONE = 3;
    private static final AtomicInteger STATE = new AtomicInteger(IDLE);
    /** The helper's task while POSTED or TAKEN, and the thread waiting for it. */
    private static volatile Runnable task;
    private static volatile Thread caller;
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

    /** Whether the current thread asked to run every product alone ({@link #singleThreadedHere}). */
    static boolean singleThreaded() {
        return SINGLE.get();
    }

    /** Where to split m output rows (a multiple of block) of an m x n result, or 0 to run whole. */
    static int split(int m, int n, int k, int block) {
        if (threads < 2 || (long) m * n * k < MIN_WORK || m < 2 * block || n < MIN_SIDE || SINGLE.get()) {
            return 0;
        }
        return m / 2 / block * block;
    }

    /**
     * Where two threads split the rows of a batch for a whole block of steps, or 0 to run it on the caller:
     * two threads, at least 2 rows, a step's products of at least {@link #MIN_STEP_WORK} multiply-adds and
     * the block's of at least {@link #MIN_WORK}. Rows are independent in every step's forward pass and in
     * the backward chain dh_{t-1} = dA_t W_hh, so each thread runs its rows through all the block's steps
     * and they meet once a block, not once a product. The split falls on a multiple of 4 rows where there
     * are 8 or more (the products' row blocks).
     */
    static int splitRows(int rows, long stepWork, int steps) {
        if (threads < 2 || rows < 2 || stepWork < MIN_STEP_WORK || steps * stepWork < MIN_WORK || SINGLE.get()) {
            return 0;
        }
        return rows < 8 ? rows / 2 : rows / 2 / 4 * 4;
    }

    /**
     * Runs first here and second on the helper thread as {@link #run} does, each alone: every product and
     * pass inside runs on the thread that runs it (the two threads are both busy).
     */
    static void runAlone(Runnable first, Runnable second) {
        SPLIT_BLOCKS.incrementAndGet();
        run(() -> alone(first), () -> alone(second));
    }

    /** Blocks handed to two threads by {@link #runAlone} so far (for tests: that a run did split). */
    static long blocksSplit() {
        return SPLIT_BLOCKS.get();
    }

    private static final java.util.concurrent.atomic.AtomicLong SPLIT_BLOCKS = new java.util.concurrent.atomic.AtomicLong();

    private static void alone(Runnable body) {
        boolean was = SINGLE.get();
        SINGLE.set(Boolean.TRUE);
        try {
            body.run();
        } finally {
            SINGLE.set(was);
        }
    }

    /**
     * A step's multiply-adds below which its rows stay together: each half's products would be too small
     * for what a step costs besides them (measured: LSTM H = 32, B = 32, 2^17 a step, trained 18% slower split).
     */
    static final long MIN_STEP_WORK = 1 << 19;

    /** Row-wise work over fewer elements than this runs on the caller's thread (a B = 32, H = 128 LSTM's gates, 16k, do). */
    static final int MIN_ELEMENTS = 1 << 16;

    /**
     * Passes over fewer elements than this ({@link #halves}: the optimizer's step, the gradient's norm and
     * zeroing, once an update) run on the caller's thread: they read and write memory at a few elements a
     * nanosecond, and a parked helper takes tens of microseconds to wake. Measured, LSTM H = 128 (67k
     * parameters), TBPTT(1, 1): Adam took 27 us on one thread and 27 on two, the norm 35 and 65, and the
     * whole run 118k against 104k row-steps/s; an H = 512 model's (1.05M) Adam still gains from two (0.9
     * against 1.4 ms).
     */
    static final int MIN_PASS_ELEMENTS = 1 << 18;

    /** Work on the elements [from, to) of an array. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs element-wise work over [0, n), in two halves on two threads when n is large ({@link #MIN_PASS_ELEMENTS}). Each
     * element's arithmetic is the same either way, so results never depend on the threads.
     */
    static void halves(int n, Range body) {
        if (threads < 2 || n < MIN_PASS_ELEMENTS || SINGLE.get()) {
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

    /**
     * Runs first here and second on the helper thread; returns when both are done. When the helper
     * has not taken second by the time first is done (its core is busy elsewhere: a loaded machine),
     * the caller runs second itself, so a busy helper costs at most a short wait. Neither thread spins
     * longer than {@link #SPIN_NANOS} before parking.
     */
    static void run(Runnable first, Runnable second) {
        synchronized (LOCK) { // one caller at a time hands work to the helper
            failure = null;
            task = second;
            caller = Thread.currentThread();
            STATE.set(POSTED);
            LockSupport.unpark(HELPER);
            first.run();
            if (STATE.compareAndSet(POSTED, IDLE)) {
                task = null;
                second.run(); // the helper never took it
                return;
            }
            long start = System.nanoTime();
            while (STATE.get() != DONE) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(LOCK);
                }
            }
            STATE.set(IDLE);
            if (failure != null) {
                throw new IllegalStateException("a kernel thread failed", failure);
            }
        }
    }

    private static Thread startHelper() {
        Thread t = new Thread(() -> {
            while (true) {
                long start = System.nanoTime();
                while (STATE.get() != POSTED) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(LOCK);
                    }
                }
                if (!STATE.compareAndSet(POSTED, TAKEN)) {
                    continue; // the caller took it back
                }
                Runnable r = task;
                try {
                    r.run();
                } catch (Throwable e) {
                    failure = e;
                }
                task = null;
                STATE.set(DONE);
                LockSupport.unpark(caller);
            }
        }, "tbptt4j-kernel");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
