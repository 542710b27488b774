package org.tbptt4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need an outside tool (Debian's statsmodels or PyTorch) skip where a developer lacks
 * it, but fail on CI ({@code CI=true}, which {@code .ci/run} sets after installing the tools): a
 * test that skips on CI checks nothing there.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** Whether this run is CI's, where every prerequisite must be present. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the test when {@code present} is false, or fails it on CI.
     *
     * @param message what is missing and how to install it
     */
    public static void require(boolean present, String message) {
        if (onCi()) {
            assertTrue(present, message + " (CI=true: this test must run on CI, so it fails instead of skipping)");
        } else {
            assumeTrue(present, message);
        }
    }
}
