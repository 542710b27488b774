package org.tbptt4j.conformance;

/** A fixture file that cannot be read or is malformed; the message names the file and the field. */
public final class FixtureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FixtureException(String message) {
        super(message);
    }
}
