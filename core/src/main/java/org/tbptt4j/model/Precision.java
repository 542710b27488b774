package org.tbptt4j.model;

/** The engine's floating-point precision: float32 (fast, the default) or float64 (exact checks). */
public enum Precision {
    F32, F64;

    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32", "float" -> F32;
            case "f64", "float64", "double" -> F64;
            default -> throw new IllegalArgumentException("unknown precision '" + s + "': use f32 or f64");
        };
    }
}
