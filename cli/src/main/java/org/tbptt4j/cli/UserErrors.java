package org.tbptt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.tbptt4j.io.OutputFile;
import picocli.CommandLine;

/**
 * Turns exceptions from a command into exit codes: a user error (bad argument, unreadable file)
 * prints one line and exits 2; anything else is a failure (exit 1). The stack trace appears only
 * with {@code --verbose}.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    /** The exit code of a user error. */
    static final int USER_ERROR = 2;

    /** Raised by commands for a problem the user can fix; the message says what to do. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean verbose = verbose(cmd);
        boolean user = e instanceof UserError || e instanceof IllegalArgumentException
                || e instanceof IOException || e instanceof UncheckedIOException;
        // one line per problem (a command that checks everything first reports every problem at once)
        for (String line : message(e).split("\n")) {
            cmd.getErr().println("tbptt4j: " + line);
        }
        if (verbose || !user) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return user ? USER_ERROR : 1;
    }

    /** Whether the command that failed was given {@code --verbose} (its {@link GlobalOptions} mixin). */
    private static boolean verbose(CommandLine cmd) {
        return cmd.getCommandSpec().mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof GlobalOptions g && g.verbose);
    }

    /** The exception's message; for a file system error that names only its file, the file and the reason. */
    private static String message(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() == null && f.getFile() != null && f.getOtherFile() == null) {
            return f.getFile() + ": " + OutputFile.reason(f);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
