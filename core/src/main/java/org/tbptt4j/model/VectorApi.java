package org.tbptt4j.model;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this JVM has the Vector API (the incubator module {@code jdk.incubator.vector}), which both
 * engines' fast kernels need, and the one warning a library user gets where it is missing.
 *
 * <p>A library cannot add the module itself: the boot layer's modules are fixed when the JVM starts, and
 * a jar's manifest can add exports and opens but not modules. So the fix is the launch flag, or the
 * environment variable every {@code java} launcher reads.
 */
public final class VectorApi {

    /** Whether jdk.incubator.vector is in the boot layer (java --add-modules jdk.incubator.vector). */
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private VectorApi() {
    }

    /**
     * What to tell a user whose JVM lacks the module, or null where it has it. The factor is measured
     * (bench, LSTM H = 128, batch 32, float32, one thread): plain loops against the Vector API kernels,
     * 3.3x on a quiet machine (issue 15) before the packed kernels; with them, 20x at H = 128 and 7x at
     * H = 32 (helper P, alternating runs, load average about 2).
     */
    public static String missingWarning(boolean present) {
        return present ? null : "tbptt4j runs its plain-loop kernels, 7 to 20 times slower than its Vector API kernels (as "
                + "measured for LSTMs of 32 and 128 units), because this JVM lacks the module jdk.incubator.vector: start java with --add-modules "
                + "jdk.incubator.vector (or set JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector)";
    }

    /** Logs {@link #missingWarning} once per JVM, at the kernels' first use (System.Logger "org.tbptt4j"). */
    public static void warnIfMissing() {
        String w = missingWarning(PRESENT);
        if (w != null && WARNED.compareAndSet(false, true)) {
            System.getLogger("org.tbptt4j").log(System.Logger.Level.WARNING, w);
        }
    }
}
