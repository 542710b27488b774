package org.tbptt4j.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tbptt4j} command: one picocli subcommand class per action. Exit codes: 0 success,
 * 1 failure, 2 usage error. User errors print one clear message and no stack trace
 * ({@code --verbose} shows it).
 */
@Command(name = "tbptt4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent networks on long sequences with truncated backpropagation through time, TBPTT(k1, k2).",
        subcommands = {AnalyzeCommand.class, TrainCommand.class, EvaluateCommand.class, HorizonCommand.class, PredictCommand.class, PlanCommand.class, GridCommand.class, ReportCommand.class, DemoCommand.class, VerifyFixturesCommand.class, BenchCommand.class, BenchMemoryCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'tbptt4j verify-fixtures ../shared/fixtures'");
    }

    public static void main(String[] args) {
        System.exit(execute(new StandardOutput(new FileOutputStream(FileDescriptor.out)), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given output streams and returns the exit code (the tests' entry
     * point). Output that could not be written is an error (exit 2), as a file that could not be.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(new UserErrors());
        int code = cmd.execute(args);
        if (out.checkError() && code == 0) {
            err.println("tbptt4j: " + StandardOutput.failure(out).getMessage());
            err.flush();
            return UserErrors.USER_ERROR;
        }
        return code;
    }

    /** Prints the version the build wrote into core (the one every grid trial records). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tbptt4j " + org.tbptt4j.experiment.GridFiles.libraryVersion() + ", Java "
                    + System.getProperty("java.version")};
        }
    }
}
