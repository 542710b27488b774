package org.tbptt4j.model;

import java.util.List;

/**
 * A parameter's value does not fit (the data, the task, or the other parameters). The message is in
 * the library's words: it names each parameter it mentions as {@code name = value}, e.g.
 * {@code batch = 40 exceeds the 12 sequences: give batch = 12 or less}, with the names of
 * {@code RunConfig}, {@code DataSpec} and the front door ({@code org.tbptt4j.Trainer}). A command
 * line maps those names to its options ({@link #parameters()} lists them).
 */
public final class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> parameters;

    /**
     * @param parameters the parameters the message names, first the one at fault
     */
    public ParameterException(String message, String... parameters) {
        super(message);
        this.parameters = List.of(parameters);
    }

    /** The parameters the message names as {@code name = value}, first the one at fault. */
    public List<String> parameters() {
        return parameters;
    }
}
