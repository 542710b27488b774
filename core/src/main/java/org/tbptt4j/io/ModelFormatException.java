package org.tbptt4j.io;

/**
 * A model directory or safetensors file whose content is malformed, damaged or foreign. The message
 * names the file, says what is wrong and what to do; it is meant to be shown to the user as it is,
 * without a stack trace.
 */
public final class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the file, what is wrong with it and what to do */
    public ModelFormatException(String message) {
        super(message);
    }
}
