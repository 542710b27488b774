package org.tbptt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tbptt4j.io.OutputFile;
import org.tbptt4j.data.DataFormatException;
import org.tbptt4j.model.ParameterException;
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

    /**
     * The library's parameter names ({@link ParameterException}) and the options that set them: a
     * message's {@code batch = 40} is shown as {@code --batch 40}.
     */
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("strategy", "--strategy"),
            Map.entry("length", "--length"), Map.entry("k1", "--k1"), Map.entry("k2", "--k2"), Map.entry("batch", "--batch"),
            Map.entry("hidden", "--hidden"), Map.entry("layers", "--layers"), Map.entry("epochs", "--epochs"),
            Map.entry("lr", "--lr"), Map.entry("loss", "--loss"), Map.entry("horizon", "--horizon"),
            Map.entry("file", "--data"), Map.entry("train", "--split (training fraction)"),
            Map.entry("validation", "--split (validation fraction)"), Map.entry("workers", "--workers"),
            Map.entry("repeats", "--repeats"), Map.entry("format", "--format"), Map.entry("task", "--task"),
            Map.entry("targets", "--target"), Map.entry("idColumn", "--id-column"), Map.entry("categorical", "--one-hot"),
            Map.entry("missing", "--missing"), Map.entry("columns", "--columns"), Map.entry("part", "--part"),
            Map.entry("prime", "--prime"), Map.entry("temperature", "--temperature"));

    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Za-z][A-Za-z0-9]*) = ");

    /** A parameter exception's message with its parameters named as options: {@code batch = 40} as {@code --batch 40}. */
    static String inOptions(ParameterException e) {
        return inOptions(e.getMessage(), e.parameters());
    }

    /**
     * A note of the library's (a preparation's, a layout's) with every parameter it names as an
     * option: {@code categorical = cbwd} as {@code --one-hot cbwd}.
     */
    static String inOptions(String note) {
        return inOptions(note, OPTIONS.keySet());
    }

    /** {@code text} with each of {@code parameters} written {@code name = value} shown as its option. */
    private static String inOptions(String text, java.util.Collection<String> parameters) {
        Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String option = parameters.contains(m.group(1)) ? OPTIONS.get(m.group(1)) : null;
            m.appendReplacement(out, Matcher.quoteReplacement(option == null ? m.group() : option + " "));
        }
        return m.appendTail(out).toString();
    }

    /**
     * The exception's message as the command line shows it: a {@link ParameterException}'s parameters
     * as options; for a file system error that names only its file, the file and the reason.
     */
    static String message(Exception e) {
        if (e instanceof ParameterException p) {
            return inOptions(p);
        }
        if (e instanceof DataFormatException d) {
            return inOptions(d.getMessage(), d.parameters());
        }
        if (e instanceof FileSystemException f && f.getReason() == null && f.getFile() != null && f.getOtherFile() == null) {
            return f.getFile() + ": " + OutputFile.reason(f);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
