package org.tbptt4j.conformance;

/**
 * The outcome of one fixture: its name, whether every tensor was within tolerance, the largest
 * scale-relative error seen, and what differed (null when it passed).
 */
public record FixtureResult(String name, boolean passed, double maxRelError, String failure) {

    /** {@code PASS name max-rel-err} or {@code FAIL name: what differed, where}. */
    public String line() {
        return passed ? String.format(java.util.Locale.ROOT, "PASS %s %.3e", name, maxRelError)
                : "FAIL " + name + ": " + failure;
    }
}
