package org.tbptt4j.f64;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for the weight gradients of a backward pass (issue 15): they do not feed the
 * sequential chain dh_{t-1} = dA_t W_hh, so while the caller continues down the chain, a helper adds
 * each step's dW_ih, dW_hh and bias sums. Tasks run one at a time, in the order they were posted,
 * each whole on one thread: every weight gradient gets the same additions in the same order as on
 * one thread, so results never depend on the threads. A caller that waits for a task the helper has
 * not taken (its core is busy elsewhere) runs it itself; nothing spins longer than {@link #SPIN_NANOS}:
 * then the helper parks, and a caller waiting for a task the helper holds sleeps 50 us at a time.
 * One caller at a time: {@link #open} refuses while another holds the lane, and that caller runs its
 * tasks inline.
 */
final class GradientLane {

    /** Runs task number {@code index} (0, 1, ... in posting order). */
    interface Tasks {
        void run(long index);
    }

    /** As {@link Parallel}'s: long enough to catch the next step's task, short enough to give a shared core back. */
    private static final long SPIN_NANOS = 20_000;

    private static final AtomicBoolean HELD = new AtomicBoolean();
    /** The open lane's tasks; null while closed. */
    private static volatile Tasks tasks;
    /** Tasks posted since {@link #open}. */
    private static volatile long posted;
    /** 2 x (tasks finished) + 1 while one runs: claiming the next task is one compare-and-set. */
    private static final AtomicLong STATE = new AtomicLong();
    private static volatile Throwable failure;
    private static volatile boolean helperParked;
    private static final Thread HELPER = startHelper();
    /** Times the lane was opened (for tests: that a run did use it). */
    private static final AtomicLong OPENED = new AtomicLong();

    private GradientLane() {
    }

    /**
     * Opens the lane for the calling thread's tasks, or returns false (run them inline): one kernel
     * thread, a single-threaded caller (a grid trial), or the lane held by another caller.
     */
    static boolean open(Tasks body) {
        if (Parallel.threads() < 2 || Parallel.singleThreaded() || !HELD.compareAndSet(false, true)) {
            return false;
        }
        failure = null;
        posted = 0;
        STATE.set(0);
        tasks = body;
        OPENED.incrementAndGet();
        return true;
    }

    /** Makes the next task (number {@link #posted()}) available; its inputs must be written before. */
    static void post() {
        posted = posted + 1; // only the lane's holder writes it
        if (helperParked) {
            LockSupport.unpark(HELPER);
        }
    }

    static long timesOpened() {
        return OPENED.get();
    }

    static long posted() {
        return posted;
    }

    /** Returns once the first n tasks are done, running the ones the helper has not taken. */
    static void awaitDone(long n) {
        long start = 0;
        while (true) {
            long s = STATE.get();
            if (s >> 1 >= n) {
                break;
            }
            if (!tryRunNext(s)) {
                if (start == 0) {
                    start = System.nanoTime();
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000); // the helper holds a task but not a core: sleep, do not spin
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the gradient thread failed", failure);
        }
    }

    /** Waits for every posted task and releases the lane. */
    static void close() {
        try {
            awaitDone(posted);
        } finally {
            tasks = null;
            HELD.set(false);
        }
    }

    /** Claims and runs the next posted task when none runs; false when there was nothing to claim. */
    private static boolean tryRunNext(long s) {
        Tasks body = tasks;
        long next = s >> 1;
        if ((s & 1) != 0 || body == null || next >= posted || !STATE.compareAndSet(s, s | 1)) {
            return false;
        }
        try {
            body.run(next);
        } catch (Throwable e) {
            failure = e;
        } finally {
            STATE.set((next + 1) << 1);
        }
        return true;
    }

    private static Thread startHelper() {
        Thread t = new Thread(() -> {
            Parallel.singleThreadedHere(); // its products never hand work on
            while (true) {
                long start = System.nanoTime();
                while (!tryRunNext(STATE.get())) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        helperParked = true;
                        if (!tryRunNext(STATE.get())) {
                            LockSupport.park(GradientLane.class);
                        }
                        helperParked = false;
                        start = System.nanoTime();
                    }
                }
            }
        }, "tbptt4j-gradients");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
