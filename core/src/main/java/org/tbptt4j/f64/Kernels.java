package org.tbptt4j.f64;

/** Picks the fastest available {@link MatMul} once: the Vector API kernels when the JVM has the module. */
final class Kernels {

    /** Whether jdk.incubator.vector is in the boot layer (java --add-modules jdk.incubator.vector). */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    static final MatMul FAST = VECTOR_API ? vector() : FastMatMul.INSTANCE;

    /** What FAST is, with the vector width that orders its sums. */
    static final String NAME = VECTOR_API ? VectorMatMul.describe() : "plain loops";

    private Kernels() {
    }

    private static MatMul vector() {
        return VectorMatMul.INSTANCE; // loaded only here, so a JVM without the module never links it
    }
}
