package org.tbptt4j.cli;

import picocli.CommandLine.Option;

/**
 * The options every command takes, declared once (a {@code @Mixin} in each command). {@link UserErrors}
 * reads the field of the command that failed. {@code --json} is not here: each command that prints
 * results declares it with its own description of what it prints.
 */
final class GlobalOptions {

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;
}
